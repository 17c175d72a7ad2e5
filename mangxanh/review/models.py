"""Official channels, drafts with immutable versions, review decisions, and the monitoring of
what a unit's channels have published (DESIGN.md §5: item → scan → queue → decision → action)."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from django.conf import settings
from django.db import models, transaction
from django.utils import timezone

from mangxanh.core.workflow import TransitionNotAllowed
from mangxanh.files.models import Attachment
from mangxanh.org.models import Unit
from mangxanh.review.normalise import channel_key, normalise_name

CLAIM_TTL = timedelta(minutes=30)


class ChannelKind(models.TextChoices):
    WEBSITE = "website", "Trang thông tin điện tử (website)"
    FACEBOOK = "facebook", "Trang Facebook (fanpage)"
    ZALO_OA = "zalo_oa", "Zalo Official Account"
    TIKTOK = "tiktok", "TikTok"
    YOUTUBE = "youtube", "YouTube"
    GROUP = "group", "Nhóm (Facebook/Zalo)"
    OTHER = "other", "Kênh khác"


class OfficialChannel(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="channels", verbose_name="đơn vị")
    kind = models.CharField("loại kênh", max_length=20, choices=ChannelKind.choices)
    name = models.CharField("tên kênh", max_length=200)
    address = models.CharField("địa chỉ hoặc tên tài khoản", max_length=500)
    address_key = models.CharField(max_length=500, db_index=True, editable=False)
    name_key = models.CharField(max_length=200, editable=False)
    purpose = models.CharField("mục đích sử dụng", max_length=300, blank=True)
    responsible_person = models.CharField("người chịu trách nhiệm", max_length=200, blank=True)
    admin_users = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="administered_channels", verbose_name="quản trị viên (tài khoản)"
    )
    admin_names = models.TextField("quản trị viên khác (mỗi dòng một người)", blank=True)
    two_factor_enabled = models.BooleanField("đã bật xác thực hai bước", default=False)
    last_security_review = models.DateField("lần rà soát bảo mật gần nhất", null=True, blank=True)
    active = models.BooleanField("đang hoạt động", default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["unit__path", "kind", "name"]
        verbose_name = "kênh chính thức"
        verbose_name_plural = "kênh chính thức"

    def __str__(self) -> str:
        return f"{self.name} ({self.get_kind_display()})"

    def save(self, *args, **kwargs):
        self.address_key = channel_key(self.address)
        self.name_key = normalise_name(self.name)
        super().save(*args, **kwargs)


class DraftStatus(models.TextChoices):
    DRAFT = "draft", "Đang soạn"
    SUBMITTED = "submitted", "Chờ duyệt"
    RETURNED = "returned", "Trả lại để sửa"
    APPROVED = "approved", "Đã duyệt"
    REJECTED = "rejected", "Từ chối"
    PUBLISHED = "published", "Đã đăng"


EDITABLE = (DraftStatus.DRAFT, DraftStatus.RETURNED)


class DraftQuerySet(models.QuerySet):
    def in_review_order(self) -> DraftQuerySet:
        """What the engine would block first, then "review", then the rest; each oldest first
        (DESIGN.md §2.3). Sorted in SQL on the verdict stored on the draft."""
        urgency = models.Case(
            models.When(scan_verdict="block", then=models.Value(0)),
            models.When(scan_verdict="review", then=models.Value(1)),
            default=models.Value(2),
        )
        return self.select_related("latest_scan").annotate(urgency=urgency).order_by("urgency", "submitted_at", "pk")

    def with_latest_title(self) -> DraftQuerySet:
        """The title of each draft's latest version in the same query (lists without N+1)."""
        latest = DraftVersion.objects.filter(draft=models.OuterRef("pk")).order_by("-number")
        return self.annotate(latest_title=models.Subquery(latest.values("title")[:1]))


class WorkflowError(TransitionNotAllowed):
    """A step that is not allowed now; the message is Vietnamese and safe to show."""


# The draft's declared steps (mangxanh.core.workflow); a published draft may record its address again.
DRAFT_TRANSITIONS = {
    DraftStatus.DRAFT: {DraftStatus.SUBMITTED},
    DraftStatus.RETURNED: {DraftStatus.SUBMITTED},
    DraftStatus.SUBMITTED: {DraftStatus.APPROVED, DraftStatus.RETURNED, DraftStatus.REJECTED},
    DraftStatus.APPROVED: {DraftStatus.PUBLISHED},
    DraftStatus.PUBLISHED: {DraftStatus.PUBLISHED},
    DraftStatus.REJECTED: set(),
}


class Draft(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="drafts", verbose_name="đơn vị")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="drafts", verbose_name="người soạn"
    )
    status = models.CharField("trạng thái", max_length=12, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    target_channels = models.ManyToManyField(OfficialChannel, blank=True, verbose_name="kênh đăng")
    planned_date = models.DateField("ngày dự kiến đăng", null=True, blank=True)
    names_students = models.BooleanField("bài nêu tên hoặc có hình ảnh học sinh", default=False)
    parental_consent = models.BooleanField("đã có đồng ý của cha mẹ/người giám hộ", default=False)
    consent_reference = models.CharField("số/ký hiệu văn bản đồng ý", max_length=200, blank=True)
    submitted_at = models.DateTimeField("thời điểm gửi duyệt", null=True, blank=True)
    claimed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="người đang duyệt",
    )
    claimed_at = models.DateTimeField("nhận duyệt lúc", null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="người quyết định",
    )
    decided_at = models.DateTimeField("thời điểm quyết định", null=True, blank=True)
    override_reason = models.TextField("lý do duyệt dù có cảnh báo chặn", blank=True)
    approval_code = models.CharField("mã phê duyệt", max_length=80, unique=True, null=True, blank=True)
    approved_version = models.ForeignKey(
        "DraftVersion", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="bản được duyệt"
    )
    published_url = models.URLField("đường dẫn bài đã đăng", max_length=500, blank=True)
    published_at = models.DateTimeField("thời điểm đăng", null=True, blank=True)
    # The scan of the latest version and its verdict, copied here when a version is saved and when
    # its scan completes (mangxanh.review.signals), so the queue sorts and filters in SQL.
    latest_scan = models.ForeignKey(
        "scanning.Scan", on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name="lượt quét bản mới nhất",
    )
    scan_verdict = models.CharField("kết luận quét bản mới nhất", max_length=10, blank=True, db_index=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = DraftQuerySet.as_manager()
    STATE_FIELD = "status"
    TRANSITIONS = DRAFT_TRANSITIONS
    TRANSITION_ERROR = WorkflowError

    class Meta:
        ordering = ["-updated_at"]
        verbose_name = "bài viết"
        verbose_name_plural = "bài viết"

    def __str__(self) -> str:
        title = getattr(self, "latest_title", None)  # annotated by DraftQuerySet.with_latest_title()
        if title is None:
            latest = self.latest_version
            title = latest.title if latest else None
        return title or f"Bài viết #{self.pk}"

    @property
    def latest_version(self) -> DraftVersion | None:
        cache = getattr(self, "_latest", None)
        if cache is None:
            cache = self.versions.order_by("-number").first()
            self._latest = cache
        return cache

    @property
    def is_editable(self) -> bool:
        return self.status in EDITABLE

    def transition_guard(self, to: str, **extra) -> str | None:
        if to == DraftStatus.SUBMITTED:
            if self.latest_version is None:
                return "Bài viết chưa có nội dung."
            if self.names_students and not (self.parental_consent and self.consent_reference.strip()):
                return ("Bài viết nêu tên hoặc có hình ảnh học sinh: cần xác nhận đã có đồng ý của cha mẹ "
                        "và ghi số/ký hiệu văn bản đồng ý trước khi gửi duyệt.")
        return None

    def record_transition(self, before: str, to: str, *, user=None, review_action: str = "", version=None,
                          comment: str = "", **extra) -> None:
        ReviewEvent.objects.create(draft=self, version=version, actor=user, action=review_action, comment=comment)

    def claim_holder(self, now=None):
        """The reviewer holding a live claim, or None."""
        now = now or timezone.now()
        if self.claimed_by_id and self.claimed_at and self.claimed_at > now - CLAIM_TTL:
            return self.claimed_by
        return None


class DraftVersion(models.Model):
    """One saved state of a draft; never changed after it is written."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="versions")
    number = models.PositiveIntegerField("phiên bản")
    title = models.CharField("tiêu đề", max_length=300)
    body_html = models.TextField("nội dung")
    body_text = models.TextField("nội dung dạng chữ")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    note = models.CharField("ghi chú", max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["draft", "number"]
        constraints = [models.UniqueConstraint(fields=["draft", "number"], name="review_version_unique_number")]
        verbose_name = "phiên bản bài viết"
        verbose_name_plural = "phiên bản bài viết"

    def __str__(self) -> str:
        return f"{self.title} (v{self.number})"

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise ValueError("A draft version is immutable; save a new version instead.")
        super().save(*args, **kwargs)

    # Scannable (mangxanh.scanning.service)
    def scan_text(self) -> str:
        return f"{self.title}\n\n{self.body_text}"

    def scan_unit(self) -> Unit:
        return self.draft.unit


class DraftAttachment(Attachment):
    """A post's attachment: images are kept only as their stripped copy."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="attachments")
    is_image = models.BooleanField(default=False)
    warnings = models.JSONField("cảnh báo", default=list)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at"]
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"


class ReviewAction(models.TextChoices):
    SUBMIT = "submit", "Gửi duyệt"
    CLAIM = "claim", "Nhận duyệt"
    RELEASE = "release", "Trả quyền duyệt"
    APPROVE = "approve", "Phê duyệt"
    RETURN = "return", "Trả lại để sửa"
    REJECT = "reject", "Từ chối"
    PUBLISH = "publish", "Ghi nhận đã đăng"


class ReviewEvent(models.Model):
    """The decision log of a draft."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="events")
    version = models.ForeignKey(DraftVersion, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    action = models.CharField(max_length=10, choices=ReviewAction.choices)
    comment = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} – {self.draft_id}"


class ReviewComment(models.Model):
    """A reviewer's comment, tied to a passage of one version's scanned text."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="comments")
    version = models.ForeignKey(DraftVersion, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    start = models.PositiveIntegerField(null=True, blank=True)
    end = models.PositiveIntegerField(null=True, blank=True)
    quote = models.TextField("đoạn được góp ý", blank=True)
    text = models.TextField("góp ý")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]


class ApprovalSequence(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    year = models.PositiveIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["unit", "year"], name="review_approval_seq_unique")]

    def __str__(self) -> str:
        return f"{self.unit_id}/{self.year}: {self.last}"

    @classmethod
    def next_code(cls, unit: Unit, year: int) -> str:
        """'MX-<unit code>-<year>-<seq>', the sequence row locked so two approvals never share one."""
        with transaction.atomic():
            cls.objects.get_or_create(unit=unit, year=year)
            row = cls.objects.select_for_update().get(unit=unit, year=year)
            row.last += 1
            row.save(update_fields=["last"])
        return f"MX-{unit.code}-{year}-{row.last:04d}"


# --- Monitoring after publication ----------------------------------------------------------------


class SourceKind(models.TextChoices):
    FEED = "feed", "RSS/Atom"
    SITEMAP = "sitemap", "Sơ đồ trang (sitemap)"


class FeedSource(models.Model):
    channel = models.ForeignKey(OfficialChannel, on_delete=models.CASCADE, related_name="sources")
    kind = models.CharField("loại nguồn", max_length=10, choices=SourceKind.choices, default=SourceKind.FEED)
    url = models.URLField("địa chỉ nguồn", max_length=500)
    active = models.BooleanField("đang theo dõi", default=True)
    last_fetched_at = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        verbose_name = "nguồn theo dõi"
        verbose_name_plural = "nguồn theo dõi"

    def __str__(self) -> str:
        return self.url


class FetchRun(models.Model):
    """One fetch or import: what came in and what went wrong."""

    channel = models.ForeignKey(OfficialChannel, on_delete=models.CASCADE, related_name="fetch_runs")
    source = models.ForeignKey(FeedSource, on_delete=models.SET_NULL, null=True, blank=True, related_name="runs")
    label = models.CharField(max_length=300)
    ok = models.BooleanField(default=False)
    error = models.TextField(blank=True)
    new_items = models.PositiveIntegerField(default=0)
    changed_items = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.label


class PublishedItem(models.Model):
    """A post or comment a unit's channel has published, as last seen."""

    channel = models.ForeignKey(OfficialChannel, on_delete=models.CASCADE, related_name="items")
    guid = models.CharField(max_length=500)
    url = models.CharField(max_length=500, blank=True)
    kind = models.CharField(max_length=10, default="post")  # post / comment
    title = models.CharField(max_length=500, blank=True)
    text = models.TextField(blank=True)
    content_hash = models.CharField(max_length=64)
    published_at = models.DateTimeField(null=True, blank=True)
    first_seen_at = models.DateTimeField(auto_now_add=True)
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-changed_at"]
        constraints = [models.UniqueConstraint(fields=["channel", "guid"], name="review_item_unique_guid")]
        verbose_name = "bài đã đăng"
        verbose_name_plural = "bài đã đăng"

    def __str__(self) -> str:
        return self.title or self.url or self.guid

    @staticmethod
    def hash_of(title: str, text: str) -> str:
        return hashlib.sha256(f"{title}\n{text}".encode("utf-8", "surrogatepass")).hexdigest()

    def scan_text(self) -> str:
        return f"{self.title}\n\n{self.text}" if self.title else self.text

    def scan_unit(self) -> Unit:
        return self.channel.unit


class TaskDecision(models.TextChoices):
    REMOVE = "remove", "Gỡ bài"
    CORRECT = "correct", "Đính chính/sửa bài"
    KEEP = "keep", "Giữ nguyên"


class TaskStatus(models.TextChoices):
    OPEN = "open", "Chờ xem xét"
    IN_PROGRESS = "in_progress", "Đang thực hiện"
    DONE = "done", "Đã xong"


# A decision may be revised until the work is done, and a done task reopened by saving it as not done.
TASK_TRANSITIONS = {
    TaskStatus.OPEN: {TaskStatus.IN_PROGRESS, TaskStatus.DONE},
    TaskStatus.IN_PROGRESS: {TaskStatus.IN_PROGRESS, TaskStatus.DONE},
    TaskStatus.DONE: {TaskStatus.IN_PROGRESS, TaskStatus.DONE},
}


class FlaggedTask(models.Model):
    """A published item the scan flagged: a person decides remove / correct / keep."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="flagged_tasks")
    item = models.ForeignKey(PublishedItem, on_delete=models.CASCADE, related_name="tasks")
    scan = models.ForeignKey("scanning.Scan", on_delete=models.SET_NULL, null=True, related_name="+")
    verdict = models.CharField(max_length=10)
    categories = models.JSONField(default=list)
    status = models.CharField(max_length=12, choices=TaskStatus.choices, default=TaskStatus.OPEN)
    decision = models.CharField("quyết định", max_length=10, choices=TaskDecision.choices, blank=True)
    reason = models.TextField("lý do", blank=True)
    correction_text = models.TextField("nội dung đính chính", blank=True)
    due_at = models.DateTimeField("hạn xử lý", null=True, blank=True)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    done_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # mangxanh.core.workflow: the decision is on the row itself (decided_by, reason, scan) and in the audit log.
    STATE_FIELD = "status"
    TRANSITIONS = TASK_TRANSITIONS
    TRANSITION_ERROR = WorkflowError
    AUDIT_ACTION = "task_decision"
    TRANSITION_CAPABILITY = "monitor.handle"
    TRANSITION_DENIED = "Bạn không có quyền xử lý bài đã đăng của đơn vị này."

    class Meta:
        ordering = ["status", "-created_at"]
        verbose_name = "bài đã đăng cần xem xét"
        verbose_name_plural = "bài đã đăng cần xem xét"

    def __str__(self) -> str:
        return f"{self.item} ({self.get_status_display()})"

    @property
    def overdue(self) -> bool:
        return self.status != TaskStatus.DONE and self.due_at is not None and self.due_at < timezone.now()


class RescanJob(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="+")
    started_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    total = models.PositiveIntegerField(default=0)
    done = models.PositiveIntegerField(default=0)
    finished_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Quét lại {self.unit_id}: {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else int(100 * self.done / self.total)


class Notification(models.Model):
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="review_notifications")
    kind = models.CharField(max_length=20)
    text = models.CharField(max_length=500)
    url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.text
