"""The audit log: an append-only, hash-chained list of who did what, when, where.

Each entry carries a monotonically increasing sequence number and the SHA-256 of
its own fields plus the previous entry's hash, so `mangxanh audit verify` can
tell an edited, deleted or re-ordered entry. Rows are only ever added through
`mangxanh.audit.chain.append` (public name: `audit.record`); the model and its
queryset refuse updates and deletes.

Actor and unit are foreign keys without database constraints and with
DO_NOTHING: deleting a user or a unit must neither touch the log (that would
break the chain) nor be blocked by it. The username and unit path are copied
so the entry still says who and where after the user or unit is gone or moved.
"""

from __future__ import annotations

import json

from django.conf import settings
from django.db import models


class AuditLogIsAppendOnly(Exception):
    """Raised on any attempt to change or remove an audit entry."""

    def __init__(self, message: str = "Nhật ký kiểm toán chỉ được ghi thêm, không được sửa hoặc xoá.") -> None:
        super().__init__(message)


class Action(models.TextChoices):
    CREATE = "create", "Tạo mới"
    UPDATE = "update", "Sửa"
    DELETE = "delete", "Xoá"
    VIEW = "view", "Xem dữ liệu nhạy cảm"
    DOWNLOAD = "download", "Tải tệp xuống"
    EXPORT = "export", "Xuất dữ liệu"
    LOGIN = "login", "Đăng nhập"
    LOGIN_FAILED = "login_failed", "Đăng nhập thất bại"
    LOGOUT = "logout", "Đăng xuất"


# Labels for codes other apps add (they may also pass their own label to register_action).
_extra_action_labels: dict[str, str] = {"approve": "Phê duyệt", "reject": "Từ chối", "audit_head": "Ghi lại tệp đầu chuỗi nhật ký"}


def register_action(code: str, label: str) -> None:
    """Give a free action code (e.g. "approve") a Vietnamese label for the screens."""
    _extra_action_labels[code] = label


def action_label(code: str) -> str:
    return dict(Action.choices).get(code) or _extra_action_labels.get(code) or code


def action_choices() -> list[tuple[str, str]]:
    return list(Action.choices) + sorted(_extra_action_labels.items())


class AuditEntryQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise AuditLogIsAppendOnly()

    def delete(self):
        raise AuditLogIsAppendOnly()

    def bulk_update(self, *args, **kwargs):
        raise AuditLogIsAppendOnly()

    def bulk_create(self, *args, **kwargs):
        raise AuditLogIsAppendOnly("Chỉ ghi nhật ký qua audit.record().")

    def update_or_create(self, *args, **kwargs):
        raise AuditLogIsAppendOnly()

    def ordered(self) -> AuditEntryQuerySet:
        return self.order_by("-seq")


class AuditEntry(models.Model):
    seq = models.PositiveBigIntegerField("số thứ tự", unique=True)
    timestamp = models.DateTimeField("thời điểm", db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="người thực hiện",
    )
    actor_username = models.CharField("tên đăng nhập", max_length=150, blank=True)
    actor_ip = models.CharField("địa chỉ IP", max_length=45, blank=True)
    unit = models.ForeignKey(
        "org.Unit",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="đơn vị",
    )
    unit_path = models.CharField("đường dẫn đơn vị", max_length=255, blank=True)
    action = models.CharField("hành động", max_length=40)
    object_type = models.CharField("loại đối tượng", max_length=100, blank=True)
    object_id = models.CharField("mã đối tượng", max_length=64, blank=True)
    object_repr = models.CharField("đối tượng", max_length=200, blank=True)
    changes = models.JSONField("thay đổi", default=dict, blank=True)
    message = models.TextField("ghi chú", blank=True)
    prev_hash = models.CharField("mã băm bản ghi trước", max_length=64)
    entry_hash = models.CharField("mã băm", max_length=64)

    objects = AuditEntryQuerySet.as_manager()

    class Meta:
        ordering = ["-seq"]
        verbose_name = "bản ghi nhật ký"
        verbose_name_plural = "nhật ký kiểm toán"
        indexes = [
            models.Index(fields=["action", "timestamp"], name="audit_action_time"),
            models.Index(fields=["object_type", "object_id"], name="audit_object"),
            models.Index(fields=["unit_path"], name="audit_unit_path"),
        ]

    def __str__(self) -> str:
        return f"#{self.seq} {self.action} {self.object_type}:{self.object_id}"

    # Set only by chain.append(), which holds the chain lock.
    _append_allowed = False

    def save(self, *args, **kwargs):
        if not self._state.adding or not self._append_allowed:
            raise AuditLogIsAppendOnly("Chỉ ghi nhật ký qua audit.record(); bản ghi đã có không được sửa.")
        kwargs["force_insert"] = True
        super().save(*args, **kwargs)
        self._append_allowed = False

    def delete(self, *args, **kwargs):
        raise AuditLogIsAppendOnly()

    @property
    def action_display(self) -> str:
        return action_label(self.action)

    def change_lines(self) -> list[str]:
        """The changes as short lines for the screen: "field: old → new"."""
        if not isinstance(self.changes, dict):
            return []
        lines = []
        for name, value in sorted(self.changes.items()):
            if isinstance(value, list) and len(value) == 2:
                old, new = (_show(v) for v in value)
                if value[0] is None:
                    lines.append(f"{name}: {new}")
                elif value[1] is None and self.action == Action.DELETE:
                    lines.append(f"{name}: {old}")
                else:
                    lines.append(f"{name}: {old} → {new}")
            else:
                lines.append(f"{name}: {_show(value)}")
        return lines

    @property
    def actor_display(self) -> str:
        if self.actor_username:
            return self.actor_username
        return "Khách (chưa đăng nhập)" if self.actor_ip else "Hệ thống"


def _show(value) -> str:
    if value is None or value == "":
        return "(trống)"
    if isinstance(value, str):
        return value if len(value) <= 120 else value[:119] + "…"
    return json.dumps(value, ensure_ascii=False)
