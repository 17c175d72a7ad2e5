"""The watch over a unit's registered channels: website baselines and checks, security incidents,
and each channel's hygiene (admins, 2FA, recovery e-mail) with hand-over tasks."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from mangxanh.org.models import Unit
from mangxanh.review.models import OfficialChannel

NOTIFY_WITHIN = timedelta(hours=72)  # Law 91/2025 on personal data protection: notify within 72 hours


class WatchedSite(models.Model):
    """One registered website channel under watch; created on the first check."""

    channel = models.OneToOneField(OfficialChannel, on_delete=models.CASCADE, related_name="watch_site")
    base_url = models.CharField("địa chỉ gốc", max_length=500)
    baseline_at = models.DateTimeField("lập mốc so sánh lúc", null=True, blank=True)
    last_checked_at = models.DateTimeField("kiểm tra gần nhất", null=True, blank=True)
    last_ok = models.BooleanField("truy cập được", default=False)
    cert_expires_at = models.DateTimeField("chứng chỉ TLS hết hạn", null=True, blank=True)

    class Meta:
        verbose_name = "trang web được giám sát"
        verbose_name_plural = "trang web được giám sát"

    def __str__(self) -> str:
        return self.base_url


class PageBaseline(models.Model):
    """The accepted state of one page of a watched site."""

    site = models.ForeignKey(WatchedSite, on_delete=models.CASCADE, related_name="pages")
    url = models.CharField(max_length=1000)
    sha256 = models.CharField(max_length=64)
    snapshot = models.JSONField(default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["site", "url"], name="watch_page_unique_url")]

    def __str__(self) -> str:
        return self.url


class SiteCheck(models.Model):
    """One check of a site: availability, timing, TLS, headers, and what changed."""

    site = models.ForeignKey(WatchedSite, on_delete=models.CASCADE, related_name="checks")
    started_at = models.DateTimeField(default=timezone.now)
    ok = models.BooleanField(default=False)
    status_code = models.PositiveIntegerField(null=True, blank=True)
    response_ms = models.PositiveIntegerField(null=True, blank=True)
    duration_ms = models.PositiveIntegerField(default=0)
    error = models.TextField(blank=True)
    pages_checked = models.PositiveIntegerField(default=0)
    tls_expires_at = models.DateTimeField(null=True, blank=True)
    tls_warning_days = models.PositiveSmallIntegerField(null=True, blank=True)
    headers_present = models.JSONField(default=list)
    headers_missing = models.JSONField(default=list)
    findings = models.JSONField(default=list)
    incidents_opened = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.site} {self.started_at:%Y-%m-%d %H:%M}"


class PageChange(models.Model):
    """New or changed text of a page (and hidden link anchors), scanned through the scanning service."""

    site = models.ForeignKey(WatchedSite, on_delete=models.CASCADE, related_name="changes")
    check_run = models.ForeignKey(SiteCheck, on_delete=models.CASCADE, related_name="changes")
    page_url = models.CharField(max_length=1000)
    text = models.TextField()
    # [{"start", "end", "finding"}]: which structural finding each stretch of the text came from.
    segments = models.JSONField(default=list)

    def __str__(self) -> str:
        return self.page_url

    def scan_text(self) -> str:
        return self.text

    def scan_unit(self) -> Unit:
        return self.site.channel.unit


# --- Security incidents -------------------------------------------------------------------------


class Severity(models.TextChoices):
    HIGH = "high", "Nghiêm trọng"
    MEDIUM = "medium", "Trung bình"
    LOW = "low", "Thấp"


class IncidentKind(models.TextChoices):
    HARMFUL_CONTENT = "harmful_content", "Nội dung độc hại bị chèn vào trang"
    HIDDEN_CONTENT = "hidden_content", "Liên kết/chữ ẩn bị chèn vào trang"
    INJECTED_CODE = "injected_code", "Mã (script/iframe) lạ bị chèn vào trang"
    REDIRECT = "redirect", "Trang chuyển hướng ra địa chỉ lạ"
    LOOKALIKE_LINK = "lookalike_link", "Liên kết tới trang giả mạo kênh chính thức"
    HIJACKED_PAGE = "hijacked_page", "Kênh bị chiếm quyền"
    POSTING_PATTERN = "posting_pattern", "Nhịp đăng bài bất thường"
    UNAPPROVED_POST = "unapproved_post", "Bài đăng không có mã phê duyệt"
    OTHER = "other", "Sự cố khác"


class IncidentStatus(models.TextChoices):
    OPEN = "open", "Đang mở"
    CONTAINED = "contained", "Đã khoanh vùng"
    CLOSED = "closed", "Đã đóng"


CHECKLIST = {
    "change_passwords": "Đổi mật khẩu quản trị và khóa các phiên đăng nhập",
    "remove_injected": "Gỡ bỏ mã/nội dung bị chèn, khôi phục bản sạch",
    "notify_platform": "Báo cho đơn vị cung cấp hosting/nền tảng",
}


class SecurityIncident(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="security_incidents",
                             verbose_name="đơn vị")
    channel = models.ForeignKey(OfficialChannel, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="security_incidents", verbose_name="kênh")
    kind = models.CharField("loại sự cố", max_length=20, choices=IncidentKind.choices)
    severity = models.CharField("mức độ", max_length=10, choices=Severity.choices, default=Severity.MEDIUM)
    status = models.CharField("trạng thái", max_length=10, choices=IncidentStatus.choices,
                              default=IncidentStatus.OPEN)
    title = models.CharField("tiêu đề", max_length=300)
    categories = models.JSONField("nhóm nguy cơ", default=list)
    page_url = models.CharField("trang", max_length=1000, blank=True)
    location = models.CharField("vị trí trong trang", max_length=500, blank=True)
    before_snippet = models.TextField("trước", blank=True)
    after_snippet = models.TextField("sau", blank=True)
    before_sha256 = models.CharField("SHA-256 trước", max_length=64, blank=True)
    after_sha256 = models.CharField("SHA-256 sau", max_length=64, blank=True)
    fingerprint = models.CharField(max_length=64, db_index=True)
    checklist = models.JSONField("các bước khoanh vùng", default=dict)
    personal_data_risk = models.BooleanField("có thể lộ dữ liệu cá nhân", default=False)
    notify_due_at = models.DateTimeField("hạn thông báo (72 giờ)", null=True, blank=True)
    notified_at = models.DateTimeField("đã thông báo lúc", null=True, blank=True)
    reminded_at = models.DateTimeField("nhắc hạn thông báo lúc", null=True, blank=True)
    notes = models.TextField("ghi chú xử lý", blank=True)
    detected_at = models.DateTimeField("phát hiện lúc", default=timezone.now)
    contained_at = models.DateTimeField("khoanh vùng lúc", null=True, blank=True)
    closed_at = models.DateTimeField("đóng lúc", null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                  related_name="+")
    # Its case in intake's case machinery (type «Sự cố an ninh mạng»), kept in step by watch.cases.
    case = models.OneToOneField("intake.Case", on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="security_incident", verbose_name="vụ việc")

    class Meta:
        ordering = ["status", "-detected_at"]
        verbose_name = "sự cố an ninh mạng"
        verbose_name_plural = "sự cố an ninh mạng"

    def __str__(self) -> str:
        return f"{self.number} · {self.title}"

    @property
    def number(self) -> str:
        return f"SC-{self.pk:06d}" if self.pk else "SC-?"

    @property
    def checklist_items(self) -> list[tuple[str, str, bool]]:
        return [(key, label, bool(self.checklist.get(key))) for key, label in CHECKLIST.items()]

    @property
    def notify_overdue(self) -> bool:
        return bool(self.notify_due_at and not self.notified_at and timezone.now() > self.notify_due_at)


# --- Channel hygiene ----------------------------------------------------------------------------


class ChannelHygiene(models.Model):
    """What the registry does not hold yet: the recovery e-mail of the channel's accounts."""

    channel = models.OneToOneField(OfficialChannel, on_delete=models.CASCADE, related_name="hygiene")
    recovery_email = models.EmailField("thư điện tử khôi phục tài khoản", blank=True)
    updated_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"{self.channel}: {self.recovery_email}"


class HandoverTask(models.Model):
    """A person who administered a channel left the unit: their access must be handed over."""

    unit = models.ForeignKey(Unit, on_delete=models.CASCADE, related_name="channel_handovers")
    channel = models.ForeignKey(OfficialChannel, on_delete=models.CASCADE, related_name="handovers")
    former_admin = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True,
                                     related_name="+")
    former_admin_name = models.CharField(max_length=200)
    created_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                related_name="+")

    class Meta:
        ordering = ["done_at", "-created_at"]

    def __str__(self) -> str:
        return f"Bàn giao {self.channel} ({self.former_admin_name})"


# --- Feeds and fanpages ------------------------------------------------------------------------------


class FeedProfile(models.Model):
    """What a channel's feed last said about the page itself (name, links in its description), and
    whether its posts must carry an approval code of the unit."""

    channel = models.OneToOneField(OfficialChannel, on_delete=models.CASCADE, related_name="feed_profile")
    name = models.CharField("tên trang", max_length=500, blank=True)
    links = models.JSONField("liên kết trong phần giới thiệu", default=list)
    sha256 = models.CharField("SHA-256 của nguồn tin gần nhất", max_length=64, blank=True)
    baseline_at = models.DateTimeField("lập mốc so sánh lúc", null=True, blank=True)
    require_approval_code = models.BooleanField("bài đăng phải có mã phê duyệt", default=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "hồ sơ trang theo dõi"
        verbose_name_plural = "hồ sơ trang theo dõi"

    def __str__(self) -> str:
        return f"{self.channel}: {self.name}"
