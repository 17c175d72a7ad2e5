"""Scans stored beside the items they are about (DESIGN.md §5, data flow).

Every item a unit publishes or receives (a draft, a channel post, a report) goes the same
way: store it → `request_scan(item)` → a task runs the engine with the unit's policy → a
`Scan` with its `StoredFinding`s is stored beside the item → the item's owner app reacts
(queue for people, priority) through the `scan_completed` signal.
"""

from __future__ import annotations

import hashlib

from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models

from mangxanh.engine.result import VERDICT_LABELS
from mangxanh.org.models import Unit


class ScanStatus(models.TextChoices):
    PENDING = "pending", "Đang chờ quét"
    DONE = "done", "Đã quét"
    FAILED = "failed", "Quét lỗi"
    SUPERSEDED = "superseded", "Đã có lượt quét mới hơn"




class ScanQuerySet(models.QuerySet):
    def for_item(self, item) -> ScanQuerySet:
        return self.filter(content_type=ContentType.objects.get_for_model(item), object_id=str(item.pk))

    def latest_for(self, item) -> Scan | None:
        return self.for_item(item).order_by("-requested_at", "-pk").first()


class Scan(models.Model):
    content_type = models.ForeignKey(ContentType, on_delete=models.CASCADE)
    object_id = models.CharField(max_length=64)
    item = GenericForeignKey("content_type", "object_id")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="scans", verbose_name="đơn vị")
    status = models.CharField("trạng thái", max_length=10, choices=ScanStatus.choices, default=ScanStatus.PENDING)
    text_sha256 = models.CharField("mã băm văn bản", max_length=64)
    verdict = models.CharField("kết luận", max_length=10, blank=True)
    categories = models.JSONField("nhóm nguy cơ", default=list)
    # Harms the text names without committing them (a lesson, a warning, news): searchable, not counted.
    discussed = models.JSONField("nhóm được nhắc đến", default=list, blank=True)
    policy_digest = models.CharField("phiên bản chính sách", max_length=64, blank=True)
    error = models.TextField("lỗi", blank=True)
    requested_at = models.DateTimeField("thời điểm yêu cầu", auto_now_add=True)
    finished_at = models.DateTimeField("thời điểm xong", null=True, blank=True)

    objects = ScanQuerySet.as_manager()

    class Meta:
        verbose_name = "lượt quét"
        verbose_name_plural = "lượt quét"
        indexes = [models.Index(fields=["content_type", "object_id", "-requested_at"])]

    def __str__(self) -> str:
        return f"Quét {self.content_type.model}#{self.object_id}: {self.verdict or self.status}"

    @property
    def verdict_label(self) -> str:
        return VERDICT_LABELS.get(self.verdict, "")

    def finding_labels(self) -> list[str]:
        """Each finding's explanation once, in text order: several rules (or one rule matching twice)
        give the same reason, and a summary that repeats it reads as two separate problems."""
        return list(dict.fromkeys(f.explanation for f in self.findings.all() if f.explanation))

    @staticmethod
    def digest(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


class StoredFinding(models.Model):
    """One engine finding, as DESIGN.md §6 describes it, kept beside the scanned item."""

    scan = models.ForeignKey(Scan, on_delete=models.CASCADE, related_name="findings")
    category = models.CharField("nhóm", max_length=64)
    severity = models.CharField("mức độ", max_length=10)
    rule = models.CharField("quy tắc", max_length=100)
    start = models.PositiveIntegerField()
    end = models.PositiveIntegerField()
    evidence = models.TextField("đoạn khớp")
    explanation = models.TextField("giải thích")
    suggestion = models.TextField("gợi ý sửa", blank=True)
    score = models.FloatField(default=1.0)
    # "disclosure": someone tells of harm done to them or a child (engine/refine.py).
    context = models.CharField("ngữ cảnh", max_length=20, blank=True)

    class Meta:
        ordering = ["start", "end"]
        verbose_name = "phát hiện"
        verbose_name_plural = "phát hiện"

    def __str__(self) -> str:
        return f"{self.category} [{self.start}:{self.end}]"


class UnitPolicy(models.Model):
    """A unit's changes to the engine policy, merged over its ancestors' and the default.

    Stored as YAML in the engine's policy format (thresholds per category, organisation
    keywords and linear-time patterns, allow-list, debunk list, custom categories).
    """

    unit = models.OneToOneField(Unit, on_delete=models.CASCADE, related_name="scan_policy", verbose_name="đơn vị")
    policy_yaml = models.TextField("chính sách (YAML)", blank=True)
    updated_at = models.DateTimeField("cập nhật", auto_now=True)

    class Meta:
        verbose_name = "chính sách quét của đơn vị"
        verbose_name_plural = "chính sách quét của đơn vị"

    def __str__(self) -> str:
        return f"Chính sách quét – {self.unit}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        from mangxanh.scanning.policies import parse_unit_policy

        try:
            parse_unit_policy(self.policy_yaml)
        except ValueError as exc:
            raise ValidationError({"policy_yaml": str(exc)}) from exc


class QuickCheck(models.Model):
    """A text someone pastes to check before writing a post: private to its author."""

    MAX_LENGTH = 20_000

    user = models.ForeignKey("accounts.User", on_delete=models.CASCADE, related_name="quick_checks")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="quick_checks", verbose_name="đơn vị")
    text = models.TextField("văn bản")
    created_at = models.DateTimeField("thời điểm", auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "kiểm tra nhanh"
        verbose_name_plural = "kiểm tra nhanh"

    def __str__(self) -> str:
        return f"Kiểm tra nhanh #{self.pk}"

    def scan_text(self) -> str:
        return self.text

    def scan_unit(self) -> Unit:
        return self.unit
