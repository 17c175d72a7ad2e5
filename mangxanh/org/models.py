"""The organisation tree: units of any editable type, and people's roles in them.

The tree is a materialised path (django-treebeard MP_Node), so "this unit and
everything below it" is one indexed prefix filter on both SQLite and PostgreSQL.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet


class UnitKind(models.TextChoices):
    DEPARTMENT = "department", "Sở Giáo dục và Đào tạo"
    COMMUNE = "commune", "UBND xã/phường (Phòng Văn hóa – Xã hội)"
    DISTRICT_LEGACY = "district_legacy", "Phòng GDĐT cấp huyện (trước 01/07/2025)"
    SCHOOL = "school", "Trường học"
    OTHER = "other", "Đơn vị khác"


class SchoolLevel(models.TextChoices):
    PRESCHOOL = "mam_non", "Mầm non"
    PRIMARY = "tieu_hoc", "Tiểu học"
    LOWER_SECONDARY = "thcs", "THCS"
    UPPER_SECONDARY = "thpt", "THPT"
    MULTI_LEVEL = "lien_cap", "Liên cấp"
    CONTINUING = "gdtx", "GDTX"


class UnitType(models.Model):
    """An editable kind of unit (laws and structures change; code should not have to)."""

    code = models.SlugField("mã loại", max_length=50, unique=True)
    name = models.CharField("tên loại đơn vị", max_length=200)
    kind = models.CharField("nhóm", max_length=20, choices=UnitKind.choices)
    school_level = models.CharField("cấp học", max_length=20, choices=SchoolLevel.choices, blank=True)
    is_active = models.BooleanField("đang dùng", default=True)
    sort_order = models.PositiveSmallIntegerField("thứ tự", default=100)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = "loại đơn vị"
        verbose_name_plural = "loại đơn vị"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        if self.kind == UnitKind.SCHOOL and not self.school_level:
            raise ValidationError({"school_level": "Loại đơn vị trường học phải có cấp học."})
        if self.kind != UnitKind.SCHOOL and self.school_level:
            raise ValidationError({"school_level": "Chỉ loại đơn vị trường học mới có cấp học."})

    @property
    def is_school(self) -> bool:
        return self.kind == UnitKind.SCHOOL


class UnitQuerySet(MP_NodeQuerySet):
    def active(self) -> UnitQuerySet:
        return self.filter(is_active=True)

    def visible_to(self, user, roles=None) -> UnitQuerySet:
        from mangxanh.org import rules

        return rules.scoped(self, user, roles=roles, field=None)

    def schools(self) -> UnitQuerySet:
        return self.filter(unit_type__kind=UnitKind.SCHOOL)

    def without_active(self, role: str) -> UnitQuerySet:
        """Units where no active person holds role (e.g. schools without a unit administrator)."""
        held = Membership.objects.holding(role).filter(unit=models.OuterRef("pk"), user__is_active=True)
        return self.exclude(models.Exists(held))

    def subtree(self, unit: Unit) -> UnitQuerySet:
        """unit and every unit below it (one prefix filter on the materialised path)."""
        return self.filter(path__startswith=unit.path)

    def ancestors_of(self, unit: Unit, *, include_self: bool = True) -> UnitQuerySet:
        """The units above unit (and unit itself unless include_self is False), root first."""
        return self.filter(path__in=unit.ancestor_paths(include_self=include_self)).order_by("path")


class UnitManager(MP_NodeManager.from_queryset(UnitQuerySet)):
    def get_queryset(self) -> UnitQuerySet:
        # treebeard's manager builds its own queryset class; keep ours so active()/schools() work.
        return UnitQuerySet(self.model, using=self._db).order_by("path")


class Unit(MP_Node):
    unit_type = models.ForeignKey(UnitType, on_delete=models.PROTECT, related_name="units", verbose_name="loại đơn vị")
    name = models.CharField("tên chính thức", max_length=255)
    short_name = models.CharField("tên viết tắt", max_length=100, blank=True)
    code = models.CharField("mã đơn vị", max_length=50, unique=True)
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    phone = models.CharField("điện thoại", max_length=50, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    contact_person = models.CharField("người liên hệ", max_length=200, blank=True)
    is_active = models.BooleanField("đang hoạt động", default=True)
    created_at = models.DateTimeField("ngày tạo", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật", auto_now=True)

    objects = UnitManager()

    class Meta:
        verbose_name = "đơn vị"
        verbose_name_plural = "đơn vị"

    def __str__(self) -> str:
        return self.short_name or self.name

    @property
    def display_name(self) -> str:
        return self.name

    def is_within(self, other: Unit) -> bool:
        """True when self is other or lies below it."""
        return self.path.startswith(other.path)

    def subtree(self) -> UnitQuerySet:
        return Unit.objects.subtree(self)

    @classmethod
    def path_prefixes(cls, path: str, *, below: str = "", include_self: bool = True) -> list[str]:
        """Paths of the units from `below` (default: the root) down to path, root first.

        treebeard paths are fixed-width steps, so every ancestor's path is a prefix of path;
        this works on bare path strings for roll-ups over `values_list("path")`.
        """
        end = len(path) + (1 if include_self else 0)
        return [path[:cut] for cut in range(len(below) or cls.steplen, end, cls.steplen)]

    def ancestor_paths(self, *, include_self: bool = True) -> list[str]:
        """Materialised paths of the units above this one (root first), this one's last unless excluded."""
        return self.path_prefixes(self.path, include_self=include_self)

    def ancestors(self, *, include_self: bool = True) -> UnitQuerySet:
        return Unit.objects.ancestors_of(self, include_self=include_self)

    def parent_unit(self) -> Unit | None:
        return Unit.objects.get_parent(self)

    def child_units(self) -> UnitQuerySet:
        return Unit.objects.get_children(self)

    @transaction.atomic
    def move_under(self, new_parent: Unit, *, by=None, reason: str = "") -> UnitMove:
        """Move this unit (and its subtree) under new_parent, keeping a record of the move."""
        if new_parent.is_within(self):
            raise ValidationError("Không thể chuyển một đơn vị vào chính nó hoặc đơn vị cấp dưới của nó.")
        old_parent = self.parent_unit()
        if old_parent and old_parent.pk == new_parent.pk:
            raise ValidationError("Đơn vị đã trực thuộc đơn vị này.")
        move = UnitMove.objects.create(
            unit=self, from_parent=old_parent, to_parent=new_parent, moved_by=by, reason=reason
        )
        Unit.objects.move(self, new_parent, pos="last-child")
        self.refresh_from_db()
        return move


class UnitMove(models.Model):
    """History of re-parenting: who moved which unit from where to where, and why."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="moves", verbose_name="đơn vị")
    from_parent = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name="từ đơn vị"
    )
    to_parent = models.ForeignKey(
        Unit, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="đến đơn vị"
    )
    moved_at = models.DateTimeField("thời điểm", default=timezone.now)
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, verbose_name="người chuyển"
    )
    reason = models.CharField("lý do", max_length=500, blank=True)

    class Meta:
        ordering = ["-moved_at"]
        verbose_name = "lịch sử chuyển đơn vị"
        verbose_name_plural = "lịch sử chuyển đơn vị"

    def __str__(self) -> str:
        return f"{self.unit}: {self.from_parent} → {self.to_parent}"


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", "Quản trị hệ thống"
    UNIT_ADMIN = "unit_admin", "Quản trị đơn vị"
    EDITOR = "editor", "Người soạn tin"
    REVIEWER = "reviewer", "Ban biên tập (duyệt tin)"
    CASE_OFFICER = "case_officer", "Cán bộ xử lý tin báo"
    CHILD_PROTECTION = "child_protection", "Cán bộ bảo vệ trẻ em"
    LEADER = "leader", "Lãnh đạo"
    TEACHER = "teacher", "Giáo viên"


# Roles that open victims' identities: granted only when a second person approves (four eyes).
SENSITIVE_ROLES = frozenset({Role.CHILD_PROTECTION})


class MembershipQuerySet(models.QuerySet):
    def for_user(self, user) -> MembershipQuerySet:
        return self.filter(user=user, unit__is_active=True)

    def holding(self, roles, *, at: Unit | None = None, at_or_above: Unit | None = None,
                above: Unit | None = None) -> MembershipQuerySet:
        """Memberships with one of roles (a role or an iterable), at a unit, at or above it, or strictly above it."""
        qs = self.filter(role__in=[roles] if isinstance(roles, str) else list(roles))
        if at is not None:
            qs = qs.filter(unit=at)
        if at_or_above is not None:
            qs = qs.filter(unit__path__in=at_or_above.ancestor_paths())
        if above is not None:
            qs = qs.filter(unit__path__in=above.ancestor_paths(include_self=False))
        return qs

    def people(self):
        """The active people behind these memberships (each once)."""
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(pk__in=self.values("user_id"), is_active=True)


class Membership(models.Model):
    """One role of one person in one unit. A person may hold several."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships", verbose_name="người dùng"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="memberships", verbose_name="đơn vị")
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    created_at = models.DateTimeField("ngày giao", auto_now_add=True)

    objects = MembershipQuerySet.as_manager()

    class Meta:
        verbose_name = "vai trò tại đơn vị"
        verbose_name_plural = "vai trò tại đơn vị"
        constraints = [models.UniqueConstraint(fields=["user", "unit", "role"], name="unique_membership_role")]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit}"


class RoleRequestStatus(models.TextChoices):
    PENDING = "pending", "Chờ phê duyệt"
    APPROVED = "approved", "Đã phê duyệt"
    REJECTED = "rejected", "Đã từ chối"


class RoleRequest(models.Model):
    """A sensitive role asked for by one person; it takes effect only when another approves."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_requests", verbose_name="người nhận"
    )
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="role_requests", verbose_name="đơn vị")
    role = models.CharField("vai trò", max_length=30, choices=Role.choices)
    status = models.CharField(
        "trạng thái", max_length=10, choices=RoleRequestStatus.choices, default=RoleRequestStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="người đề nghị"
    )
    requested_at = models.DateTimeField("ngày đề nghị", auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="người quyết định",
    )
    decided_at = models.DateTimeField("ngày quyết định", null=True, blank=True)

    class Meta:
        ordering = ["-requested_at", "-pk"]
        verbose_name = "đề nghị giao vai trò"
        verbose_name_plural = "đề nghị giao vai trò"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "unit", "role"], condition=models.Q(status="pending"), name="one_pending_role_request"
            )
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.unit} ({self.get_status_display()})"
