"""Plans and directives, their distribution down the tree, activities, indicators and reports.

A Document (kế hoạch / công văn) has the structure the seed documents share; its tasks
are structured (PlanTask). Sending it creates one Distribution per recipient unit.
Units record Activities; Indicators are formulas over them (mangxanh.plans.formula);
ReportPeriods come from a plan's reporting regime and hold one Report per unit.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone

from mangxanh.core.workflow import TransitionNotAllowed
from mangxanh.files.models import Attachment
from mangxanh.org.models import Unit, UnitType


class DocumentKind(models.TextChoices):
    PLAN = "plan", "Kế hoạch"
    DIRECTIVE = "directive", "Công văn"


class DocumentStatus(models.TextChoices):
    DRAFT = "draft", "Dự thảo"
    ISSUED = "issued", "Đã ban hành"


class Document(models.Model):
    kind = models.CharField("loại văn bản", max_length=20, choices=DocumentKind.choices, default=DocumentKind.PLAN)
    status = models.CharField("trạng thái", max_length=20, choices=DocumentStatus.choices, default=DocumentStatus.DRAFT)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="documents", verbose_name="đơn vị ban hành")
    parent = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="implementations",
        verbose_name="thực hiện văn bản cấp trên",
    )
    template_code = models.CharField("mẫu", max_length=50, blank=True)
    number = models.PositiveIntegerField("số", null=True, blank=True)
    symbol = models.CharField("ký hiệu", max_length=50, blank=True, help_text="Ví dụ: KH-SGDĐT")
    place = models.CharField("địa danh", max_length=100, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    title = models.CharField("trích yếu", max_length=500)
    addressees = models.TextField("kính gửi", blank=True)
    basis = models.TextField("căn cứ", blank=True)
    purposes = models.TextField("mục đích, yêu cầu", blank=True)
    scope = models.TextField("đối tượng, phạm vi", blank=True)
    contents = models.TextField("nội dung, biện pháp", blank=True)
    funding = models.TextField("kinh phí", blank=True)
    organisation = models.TextField("tổ chức thực hiện", blank=True)
    reporting = models.TextField("chế độ báo cáo", blank=True)
    report_day = models.PositiveSmallIntegerField("ngày báo cáo định kỳ", null=True, blank=True)
    report_month = models.PositiveSmallIntegerField("tháng báo cáo định kỳ", null=True, blank=True)
    incident_reports = models.BooleanField("báo cáo đột xuất khi có sự việc bất thường", default=True)
    recipients = models.TextField("nơi nhận", blank=True)
    signer_title = models.CharField("chức danh người ký", max_length=200, blank=True)
    signer_name = models.CharField("người ký", max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"

    def __str__(self) -> str:
        return f"{self.number_and_symbol} {self.title}"

    @property
    def number_and_symbol(self) -> str:
        number = str(self.number) if self.number else "    "
        return f"Số: {number}/{self.symbol}" if self.symbol else f"Số: {number}"

    def clean(self) -> None:
        if (self.report_day is None) != (self.report_month is None):
            raise ValidationError("Cần nhập cả ngày và tháng báo cáo định kỳ.")
        if self.report_day is not None:
            try:
                dt.date(2023, self.report_month, self.report_day)
            except ValueError as exc:
                raise ValidationError("Ngày báo cáo định kỳ không hợp lệ.") from exc


class PlanTask(models.Model):
    """One task of a document: what, how much ("100% các trường"), for whom, by when."""

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="tasks")
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    section = models.CharField("mục", max_length=300, blank=True)
    text = models.TextField("nhiệm vụ")
    target = models.CharField("chỉ tiêu", max_length=300, blank=True)
    target_percent = models.PositiveSmallIntegerField("chỉ tiêu (%)", null=True, blank=True)
    activity_kinds = models.CharField("loại hoạt động phục vụ", max_length=300, blank=True)
    assigned_types = models.ManyToManyField(UnitType, blank=True, verbose_name="loại đơn vị được giao")
    assigned_units = models.ManyToManyField(Unit, blank=True, verbose_name="đơn vị được giao")
    assigned_text = models.CharField("giao cho", max_length=300, blank=True)
    due_date = models.DateField("thời hạn", null=True, blank=True)

    class Meta:
        ordering = ["document", "order", "pk"]
        verbose_name = "nhiệm vụ"
        verbose_name_plural = "nhiệm vụ"

    def __str__(self) -> str:
        return self.text[:80]


class DistributionStatus(models.TextChoices):
    SENT = "sent", "Chưa nhận"
    RECEIVED = "received", "Đã nhận"
    ACKNOWLEDGED = "acknowledged", "Đã quán triệt"


class Distribution(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="distributions")
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="distributions", verbose_name="đơn vị nhận")
    status = models.CharField(max_length=20, choices=DistributionStatus.choices, default=DistributionStatus.SENT)
    sent_at = models.DateTimeField(default=timezone.now)
    received_at = models.DateTimeField(null=True, blank=True)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    staff_informed = models.PositiveIntegerField("số cán bộ, giáo viên được quán triệt", default=0)
    students_informed = models.PositiveIntegerField("số học sinh được quán triệt", default=0)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    reminder_count = models.PositiveSmallIntegerField(default=0)
    implementation = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="kế hoạch triển khai của đơn vị",
    )

    class Meta:
        ordering = ["unit__path"]
        constraints = [models.UniqueConstraint(fields=["document", "unit"], name="unique_distribution")]
        verbose_name = "văn bản gửi đơn vị"
        verbose_name_plural = "văn bản gửi đơn vị"

    def __str__(self) -> str:
        return f"{self.document} → {self.unit}"


class ActivityKind(models.TextChoices):
    ARTICLE = "article", "Tin, bài viết"
    BANNER = "banner", "Pano, băng rôn, khẩu hiệu"
    TRAINING = "training", "Tập huấn, bồi dưỡng"
    CONTEST = "contest", "Cuộc thi"
    SEMINAR = "seminar", "Hội thảo, tọa đàm, chuyên đề"
    COMMITMENT = "commitment", "Ký cam kết, giao ước thi đua"
    PARENT_MEETING = "parent_meeting", "Họp cha mẹ học sinh"
    CLUB = "club", "Câu lạc bộ, tổ, nhóm"
    OTHER = "other", "Hoạt động khác"


class Activity(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="activities", verbose_name="đơn vị")
    kind = models.CharField("loại hoạt động", max_length=20, choices=ActivityKind.choices)
    title = models.CharField("tên hoạt động", max_length=300)
    held_on = models.DateField("ngày tổ chức")
    description = models.TextField("mô tả", blank=True)
    audience = models.CharField("đối tượng", max_length=300, blank=True)
    staff_count = models.PositiveIntegerField("số cán bộ, giáo viên tham gia", default=0)
    student_count = models.PositiveIntegerField("số học sinh tham gia", default=0)
    parent_count = models.PositiveIntegerField("số cha mẹ học sinh tham gia", default=0)
    link = models.URLField("đường dẫn minh chứng", blank=True, max_length=500)
    tasks = models.ManyToManyField(PlanTask, blank=True, related_name="activities", verbose_name="phục vụ nhiệm vụ")
    # Set when the activity was recorded automatically (e.g. "review.draft:12" for a published post).
    source_key = models.CharField("nguồn tự động", max_length=100, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["source_key"], condition=~models.Q(source_key=""),
                                               name="unique_activity_source")]
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "held_on"], name="plans_activity_unit_day")]
        verbose_name = "hoạt động"
        verbose_name_plural = "hoạt động"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.held_on and self.held_on > timezone.localdate():
            raise ValidationError({"held_on": "Ngày tổ chức không được ở tương lai."})


class ActivityEvidence(Attachment):
    """A photo or document showing an activity took place: images are kept only as their stripped copy."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="evidence")

    class Meta:
        verbose_name = "minh chứng"
        verbose_name_plural = "minh chứng"


class IndicatorPeriod(models.TextChoices):
    TERM = "term", "Học kỳ hiện tại"
    YEAR = "year", "Năm học hiện tại"
    ALL = "all", "Toàn bộ thời gian"


class Indicator(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="indicators", verbose_name="đơn vị")
    document = models.ForeignKey(Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="indicators")
    name = models.CharField("tên chỉ tiêu", max_length=300)
    formula = models.CharField("công thức", max_length=500)
    target = models.DecimalField("mục tiêu", max_digits=12, decimal_places=2)
    period = models.CharField("kỳ", max_length=10, choices=IndicatorPeriod.choices, default=IndicatorPeriod.YEAR)
    is_percent = models.BooleanField("tính theo %", default=True)

    class Meta:
        ordering = ["name"]
        verbose_name = "chỉ tiêu"
        verbose_name_plural = "chỉ tiêu"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        from mangxanh.plans.formula import FormulaError, parse

        try:
            parse(self.formula or "")
        except FormulaError as exc:
            raise ValidationError({"formula": str(exc)}) from exc


class ReportPeriod(models.Model):
    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="periods", verbose_name="kế hoạch")
    name = models.CharField("tên kỳ báo cáo", max_length=200)
    starts_on = models.DateField("từ ngày")
    ends_on = models.DateField("đến ngày")
    deadline = models.DateField("hạn nộp")

    class Meta:
        ordering = ["-deadline"]
        verbose_name = "kỳ báo cáo"
        verbose_name_plural = "kỳ báo cáo"

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        errors = {}
        if self.starts_on and self.ends_on and self.ends_on < self.starts_on:
            errors["ends_on"] = "Ngày kết thúc kỳ báo cáo phải sau ngày bắt đầu."
        if self.starts_on and self.deadline and self.deadline < self.starts_on:
            errors["deadline"] = "Hạn nộp báo cáo không được trước ngày bắt đầu kỳ báo cáo."
        if errors:
            raise ValidationError(errors)


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    APPROVED = "approved", "Lãnh đạo đã duyệt"
    SUBMITTED = "submitted", "Đã gửi cấp trên"


class ReportLocked(ValidationError):
    pass


class ReportStepRefused(TransitionNotAllowed, ValidationError):
    """A report step its declared transitions do not allow (a ValidationError, as the plans views expect)."""


# The report's declared steps (mangxanh.core.workflow): approval may be repeated; only the unit above reopens.
REPORT_TRANSITIONS = {
    ReportStatus.DRAFT: {ReportStatus.APPROVED},
    ReportStatus.APPROVED: {ReportStatus.APPROVED, ReportStatus.SUBMITTED, ReportStatus.DRAFT},
    ReportStatus.SUBMITTED: {ReportStatus.DRAFT},
}


NARRATIVE_FIELDS = ("results", "limits", "causes", "proposals")


class Report(models.Model):
    period = models.ForeignKey(ReportPeriod, on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="plan_reports", verbose_name="đơn vị")
    status = models.CharField(max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    results = models.TextField("kết quả đạt được", blank=True)
    limits = models.TextField("hạn chế", blank=True)
    causes = models.TextField("nguyên nhân", blank=True)
    proposals = models.TextField("đề xuất, kiến nghị", blank=True)
    numbers = models.JSONField("số liệu khi gửi", default=dict, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    approved_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reopened_count = models.PositiveSmallIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    STATE_FIELD = "status"
    TRANSITIONS = REPORT_TRANSITIONS
    TRANSITION_ERROR = ReportStepRefused
    AUDIT_ACTION = "plans_report_state"

    class Meta:
        ordering = ["unit__path"]
        constraints = [models.UniqueConstraint(fields=["period", "unit"], name="unique_report_per_unit")]
        verbose_name = "báo cáo định kỳ"
        verbose_name_plural = "báo cáo định kỳ"

    def __str__(self) -> str:
        return f"{self.period} – {self.unit}"

    def save(self, *args, **kwargs) -> None:
        # The one guard every path goes through: a submitted report's content is frozen.
        if self.pk and not getattr(self, "_allow_locked_change", False):
            stored = Report.objects.filter(pk=self.pk).values("status").first()
            if stored and stored["status"] == ReportStatus.SUBMITTED:
                raise ReportLocked("Báo cáo đã gửi cấp trên nên không sửa được; cần đơn vị cấp trên mở lại.")
        super().save(*args, **kwargs)

    @property
    def is_locked(self) -> bool:
        return self.status == ReportStatus.SUBMITTED

    @property
    def is_late(self) -> bool:
        if self.submitted_at:
            return timezone.localdate(self.submitted_at) > self.period.deadline
        return timezone.localdate() > self.period.deadline


class IncidentReport(models.Model):
    """Báo cáo đột xuất: raised by any unit, visible to its parent at once."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="incident_reports", verbose_name="đơn vị")
    title = models.CharField("tiêu đề", max_length=300)
    occurred_on = models.DateField("ngày xảy ra")
    description = models.TextField("nội dung sự việc")
    measures = models.TextField("biện pháp đã xử lý", blank=True)
    # "intake.case:<pk>" when raised from a case; a reference, not a foreign key, so plans need no intake.
    case_ref = models.CharField("vụ việc liên quan", max_length=50, blank=True, editable=False)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    seen_at = models.DateTimeField("cấp trên đã xem lúc", null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = "báo cáo đột xuất"
        verbose_name_plural = "báo cáo đột xuất"

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.occurred_on and self.occurred_on > timezone.localdate():
            raise ValidationError({"occurred_on": "Ngày xảy ra không được ở tương lai."})
