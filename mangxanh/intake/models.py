"""Reports, the cases that group them, and everything done to a case until it is closed.

A report is what one person or partner sent; a case is the matter a unit handles. Duplicate
reports (same link, same file, same account) join one case and are all kept.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from mangxanh.core.workflow import TransitionNotAllowed
from mangxanh.files.models import Attachment, StoredFile
from mangxanh.intake import categories
from mangxanh.org.models import Unit

CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
MAX_LINKS = 50


def new_reference_code() -> str:
    raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(8))
    return f"PA-{raw[:4]}-{raw[4:]}"


def new_pin() -> str:
    return f"{secrets.randbelow(10**6):06d}"


def pin_digest(code: str, pin: str) -> str:
    # Keyed (SECRET_KEY) so a copied table alone does not give the PINs away; fast enough
    # for the public form under load, unlike a password hasher.
    return hmac.new(settings.SECRET_KEY.encode(), f"{code}:{pin}".encode(), hashlib.sha256).hexdigest()


class Channel(models.TextChoices):
    WEB = "web", "Biểu mẫu trên web"
    API = "api", "Đối tác (API)"


class Priority(models.IntegerChoices):
    URGENT = 1, "Khẩn cấp"
    HIGH = 2, "Cao"
    NORMAL = 3, "Bình thường"


class AgeRange(models.TextChoices):
    UNKNOWN = "", "Không rõ"
    UNDER_6 = "0-5", "Dưới 6 tuổi"
    CHILD = "6-10", "6–10 tuổi"
    TEEN = "11-15", "11–15 tuổi"
    OLDER = "16-17", "16–17 tuổi"
    ADULT = "18+", "Từ 18 tuổi"


class CaseState(models.TextChoices):
    NEW = "new", "Mới tiếp nhận"
    VERIFYING = "verifying", "Đang xác minh"
    HANDED_OVER = "handed_over", "Đã chuyển cơ quan chức năng"
    TAKEDOWN_REQUESTED = "takedown_requested", "Đã yêu cầu gỡ bỏ"
    REMOVED = "removed", "Nội dung đã được gỡ"
    VICTIM_SUPPORT = "victim_support", "Đang hỗ trợ nạn nhân"
    CLOSED = "closed", "Đã đóng"


# Which states a case may move to from each state (closing is possible from everywhere). A hand-over
# (a referral to the police, 111, the ward) may be the very first thing done with an urgent report.
TRANSITIONS: dict[str, tuple[str, ...]] = {
    CaseState.NEW: (CaseState.VERIFYING, CaseState.HANDED_OVER, CaseState.CLOSED),
    CaseState.VERIFYING: (CaseState.HANDED_OVER, CaseState.TAKEDOWN_REQUESTED, CaseState.VICTIM_SUPPORT,
                          CaseState.CLOSED),
    CaseState.HANDED_OVER: (CaseState.TAKEDOWN_REQUESTED, CaseState.VICTIM_SUPPORT, CaseState.CLOSED),
    CaseState.TAKEDOWN_REQUESTED: (CaseState.REMOVED, CaseState.HANDED_OVER, CaseState.VICTIM_SUPPORT,
                                   CaseState.CLOSED),
    CaseState.REMOVED: (CaseState.VICTIM_SUPPORT, CaseState.HANDED_OVER, CaseState.CLOSED),
    CaseState.VICTIM_SUPPORT: (CaseState.HANDED_OVER, CaseState.CLOSED),
    # Reopening (services.reopen) needs a reason; every other change to a closed case is refused
    # before it gets here (open_for_change).
    CaseState.CLOSED: (CaseState.VERIFYING,),
}

# What the reporter sees on the status page: never names, units or notes.
PUBLIC_STATE = {
    CaseState.NEW: "Đã tiếp nhận, đang chờ cán bộ xem xét.",
    CaseState.VERIFYING: "Cán bộ đang xác minh phản ánh của bạn.",
    CaseState.HANDED_OVER: "Phản ánh đã được chuyển tới cơ quan chức năng để xử lý.",
    CaseState.TAKEDOWN_REQUESTED: "Đã gửi yêu cầu gỡ bỏ nội dung tới nền tảng.",
    CaseState.REMOVED: "Nội dung vi phạm đã được gỡ bỏ.",
    CaseState.VICTIM_SUPPORT: "Đang hỗ trợ người bị ảnh hưởng.",
    CaseState.CLOSED: "Hồ sơ phản ánh đã đóng.",
}

# What happens next, for each open state.
PUBLIC_NEXT = {
    CaseState.NEW: "Cán bộ sẽ xem phản ánh sớm nhất có thể. Bạn có thể quay lại trang này bằng mã phản ánh và mã PIN.",
    CaseState.VERIFYING: "Nếu có thêm thông tin (đường link, ảnh chụp, thời gian), hãy gửi bổ sung ở dưới.",
    CaseState.HANDED_OVER: "Cơ quan chức năng có thể liên hệ với người liên quan. Nếu có người đang gặp nguy hiểm, "
                           "hãy gọi ngay 113 (Công an) hoặc 111 (Tổng đài bảo vệ trẻ em).",
    CaseState.TAKEDOWN_REQUESTED: "Nền tảng thường cần vài giờ đến vài ngày để gỡ. Nếu nội dung bị đăng lại, "
                                  "hãy gửi bổ sung đường link mới.",
    CaseState.REMOVED: "Nếu nội dung xuất hiện lại, hãy gửi bổ sung đường link mới.",
    CaseState.VICTIM_SUPPORT: "Cán bộ bảo vệ trẻ em đang hỗ trợ. Nếu cần nói chuyện ngay, gọi 111 (miễn phí, 24/7).",
    CaseState.CLOSED: "Nếu có thông tin mới, hãy gửi một phản ánh mới và ghi mã phản ánh cũ trong phần mô tả.",
}

_NEW_REPORT = "Nếu có thông tin mới, hãy gửi một phản ánh mới và ghi mã phản ánh cũ trong phần mô tả."

# A closed case, by closure reason: (status, next step). Only "resolved" may say the matter is done;
# "handed over" means another agency still works on it.
PUBLIC_CLOSED = {
    "resolved": ("Vụ việc đã được xử lý xong.", _NEW_REPORT),
    "handed_over": (
        "Hồ sơ tại đây đã đóng vì vụ việc đã được chuyển giao: cơ quan chức năng (như công an hoặc Tổng đài 111) "
        "đang tiếp tục xử lý.",
        "Cơ quan tiếp nhận có thể liên hệ với người liên quan. Khi khẩn cấp, gọi ngay 113 (Công an) hoặc 111. "
        + _NEW_REPORT,
    ),
    "unfounded": (
        "Cán bộ đã xem xét và chưa tìm thấy căn cứ để xử lý theo thông tin trong phản ánh này, nên hồ sơ đã đóng.",
        "Nếu bạn có thêm bằng chứng (đường link, ảnh chụp màn hình, thời gian xảy ra), hãy gửi một phản ánh mới "
        "và ghi mã phản ánh cũ trong phần mô tả.",
    ),
    "duplicate": (
        "Phản ánh này trùng với một vụ việc khác; nội dung của bạn đã được gộp vào vụ việc đó và vẫn đang được "
        "theo dõi ở đó.",
        _NEW_REPORT,
    ),
    "out_of_scope": (
        "Hồ sơ đã đóng vì sự việc không thuộc phạm vi xử lý của nhà trường và ngành giáo dục.",
        "Bạn có thể báo trực tiếp cho công an (113), Tổng đài 111 hoặc chức năng báo cáo của nền tảng mạng xã hội.",
    ),
    "spam": (
        "Hồ sơ đã đóng vì phản ánh không có nội dung cần xử lý.",
        "Nếu bạn thật sự cần báo một sự việc, hãy gửi phản ánh mới và mô tả rõ chuyện gì đã xảy ra.",
    ),
}


class ClosureReason(models.TextChoices):
    RESOLVED = "resolved", "Đã xử lý xong"
    HANDED_OVER = "handed_over", "Đã chuyển giao, cơ quan khác tiếp tục xử lý"
    UNFOUNDED = "unfounded", "Không có căn cứ"
    DUPLICATE = "duplicate", "Trùng với vụ việc khác"
    OUT_OF_SCOPE = "out_of_scope", "Không thuộc phạm vi xử lý"
    SPAM = "spam", "Tin rác, phá hoại"


class TransitionError(TransitionNotAllowed, ValueError):
    """A case or takedown step that is not allowed now; the message is Vietnamese and safe to show."""


class CaseClosedError(TransitionError):
    """A closed case takes no assignment, note, message or other change until it is reopened."""


CLOSED_MESSAGE = ("Vụ việc đã đóng nên không nhận giao việc, ghi chú, tin nhắn hay thay đổi nào. "
                  "Nếu cần xử lý tiếp, hãy mở lại vụ việc và ghi rõ lý do.")
UNATTENDED_CHILD_CASE = ("Vụ việc khẩn cấp liên quan trẻ em chưa có người xử lý: không đóng thẳng từ «Mới tiếp nhận». "
                         "Hãy giao cho một cán bộ và xác minh trước khi đóng.")
REOPEN_NEEDS_REASON = "Hãy ghi lý do mở lại vụ việc."


class CaseType(models.TextChoices):
    REPORT = "report", "Phản ánh"
    # Opened by mangxanh.watch for each security incident (one to one, SecurityIncident.case); its
    # state, tasks and 72-hour deadline follow the incident, which is handled on its own page.
    SECURITY_INCIDENT = "security_incident", "Sự cố an ninh mạng"


class CaseQuerySet(models.QuerySet):
    def open(self) -> CaseQuerySet:
        return self.exclude(state=CaseState.CLOSED)


class Case(models.Model):
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="cases", verbose_name="đơn vị phụ trách")
    title = models.CharField("tiêu đề", max_length=200)
    case_type = models.CharField("loại vụ việc", max_length=20, choices=CaseType.choices, default=CaseType.REPORT)
    categories = models.JSONField("nhóm nguy cơ", default=list)
    state = models.CharField("trạng thái", max_length=20, choices=CaseState.choices, default=CaseState.NEW)
    priority = models.PositiveSmallIntegerField("mức ưu tiên", choices=Priority.choices, default=Priority.NORMAL)
    closure_reason = models.CharField("lý do đóng", max_length=20, choices=ClosureReason.choices, blank=True)
    assignee = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="assigned_cases",
        verbose_name="người xử lý",
    )
    involves_child = models.BooleanField("liên quan trẻ em", default=False)
    package_sha256 = models.CharField("mã băm gói chứng cứ gần nhất", max_length=64, blank=True)
    opened_at = models.DateTimeField("ngày mở", default=timezone.now)
    first_action_at = models.DateTimeField("lần xử lý đầu tiên", null=True, blank=True)
    closed_at = models.DateTimeField("ngày đóng", null=True, blank=True)
    updated_at = models.DateTimeField("cập nhật", auto_now=True)
    linked = models.ManyToManyField("self", blank=True, verbose_name="vụ việc liên quan")
    # The title folded like Report.search_key, so "xam hai" finds «Xâm hại trẻ em: ...»; kept by save().
    search_key = models.CharField(max_length=400, blank=True, editable=False)

    objects = CaseQuerySet.as_manager()

    # mangxanh.core.workflow: the declared steps, the error and audit code of a decision on a case.
    TRANSITIONS = TRANSITIONS
    TRANSITION_ERROR = TransitionError
    TRANSITION_REFUSED = "Không thể chuyển vụ việc sang trạng thái này từ trạng thái hiện tại."
    AUDIT_ACTION = "case_state"
    TRANSITION_CAPABILITY = "case.act"
    TRANSITION_DENIED = "Bạn không có quyền xử lý vụ việc này."

    class Meta:
        ordering = ["priority", "-opened_at"]
        verbose_name = "vụ việc"
        verbose_name_plural = "vụ việc"
        indexes = [models.Index(fields=["state", "priority"])]

    def __str__(self) -> str:
        return f"{self.number} · {self.title}"

    def save(self, *args, **kwargs) -> None:
        from mangxanh.engine.normalize import search_key

        self.search_key = search_key(self.title)[:400]
        if kwargs.get("update_fields") is not None and "title" in kwargs["update_fields"]:
            kwargs["update_fields"] = {*kwargs["update_fields"], "search_key"}
        super().save(*args, **kwargs)

    @property
    def number(self) -> str:
        return f"VV-{self.pk:06d}" if self.pk else "VV-?"

    def can_move_to(self, state: str) -> bool:
        return state in TRANSITIONS.get(self.state, ())

    def ensure_open(self) -> None:
        if self.state == CaseState.CLOSED:
            raise CaseClosedError(CLOSED_MESSAGE)

    def transition_guard(self, to: str, *, user=None, reason: str = "", **extra) -> str | None:
        if to == CaseState.CLOSED:
            if reason not in ClosureReason.values:
                return "Hãy chọn lý do đóng vụ việc."
            # An urgent child case nobody has taken on is not closed unseen (walk-through defect).
            if (self.state == CaseState.NEW and self.priority == Priority.URGENT and self.involves_child
                    and self.assignee_id is None):
                return UNATTENDED_CHILD_CASE
        if self.state == CaseState.CLOSED and not reason.strip():
            return REOPEN_NEEDS_REASON
        return None

    def record_transition(self, before: str, to: str, *, user=None, reason: str = "", note: str = "", scan=None,
                          **extra) -> None:
        if before == CaseState.CLOSED:
            text = f"Mở lại vụ việc — {reason}"
        else:
            text = f"Chuyển sang: {CaseState(to).label}" + (f" — {note}" if note else "")
        if scan is not None:
            text += f" (dựa trên lần quét #{scan.pk})"
        CaseEvent.objects.create(case=self, actor=user, from_state=before, to_state=to, text=text[:500])

    @property
    def public_state(self) -> str:
        """The status in plain words for the reporter; a closed case says why it was closed."""
        if self.state == CaseState.CLOSED and self.closure_reason in PUBLIC_CLOSED:
            return PUBLIC_CLOSED[self.closure_reason][0]
        return PUBLIC_STATE[self.state]

    @property
    def public_next_step(self) -> str:
        if self.state == CaseState.CLOSED and self.closure_reason in PUBLIC_CLOSED:
            return PUBLIC_CLOSED[self.closure_reason][1]
        return PUBLIC_NEXT[self.state]

    def category_labels(self) -> list[str]:
        return [categories.label(c) for c in self.categories]

    @property
    def nearest_deadline(self) -> Deadline | None:
        """The unmet deadline due first (uses prefetched deadlines when there are any)."""
        open_deadlines = [d for d in self.deadlines.all() if d.met_at is None]
        return min(open_deadlines, key=lambda d: d.due_at, default=None)


class Report(models.Model):
    """One report as received. The reporter's contact is kept only when they chose not to be anonymous."""

    code = models.CharField("mã phản ánh", max_length=16, unique=True)
    pin_hash = models.CharField("mã PIN (băm)", max_length=64)
    channel = models.CharField("kênh", max_length=10, choices=Channel.choices, default=Channel.WEB)
    # Empty for the moments between acknowledging the report and the task that opens its case
    # (mangxanh.intake.opening): the reporter then sees the state of a new case.
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="reports", verbose_name="vụ việc",
                             null=True, blank=True)
    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị được nêu",
                             null=True, blank=True)
    categories = models.JSONField("nhóm nguy cơ (người báo chọn)", default=list)
    engine_categories = models.JSONField("nhóm nguy cơ (máy quét)", default=list)
    description = models.TextField("mô tả")
    reported_account = models.CharField("tài khoản bị phản ánh", max_length=300, blank=True)
    account_key = models.CharField(max_length=300, blank=True, db_index=True)
    incident_at = models.DateTimeField("thời điểm xảy ra", null=True, blank=True)
    in_danger = models.BooleanField("có người đang gặp nguy hiểm", default=False)
    affects_child = models.BooleanField("liên quan trẻ em", default=False)
    victim_age_range = models.CharField("độ tuổi nạn nhân", max_length=10, choices=AgeRange.choices, blank=True)
    anonymous = models.BooleanField("ẩn danh", default=True)
    contact_name = models.CharField("tên người báo", max_length=200, blank=True)
    contact = models.CharField("liên hệ", max_length=200, blank=True)
    may_contact = models.BooleanField("đồng ý được liên hệ", default=False)
    api_key = models.ForeignKey("ApiKey", on_delete=models.PROTECT, null=True, blank=True, related_name="reports")
    idempotency_key = models.CharField(max_length=200, blank=True)
    request_sha256 = models.CharField(max_length=64, blank=True)
    external_ref = models.CharField("mã của đối tác", max_length=200, blank=True)
    # Description, account and links folded to lower-case ASCII (search.report_search_key), so officers
    # find "XÂM HẠI" by typing "xam hai"; stored so the database can filter on it.
    search_key = models.TextField(blank=True, editable=False)
    submitted_at = models.DateTimeField("thời điểm gửi", default=timezone.now)
    purged_at = models.DateTimeField("đã xóa dữ liệu lúc", null=True, blank=True)

    class Meta:
        ordering = ["-submitted_at"]
        verbose_name = "phản ánh"
        verbose_name_plural = "phản ánh"
        constraints = [
            models.UniqueConstraint(
                fields=["api_key", "idempotency_key"],
                condition=~models.Q(idempotency_key=""),
                name="intake_report_idempotency",
            )
        ]

    def __str__(self) -> str:
        return self.code

    @property
    def state(self) -> str:
        return self.case.state if self.case_id else CaseState.NEW

    @property
    def public_state(self) -> str:
        return self.case.public_state if self.case_id else PUBLIC_STATE[CaseState.NEW]

    @property
    def public_next_step(self) -> str:
        return self.case.public_next_step if self.case_id else PUBLIC_NEXT[CaseState.NEW]

    def check_pin(self, pin: str) -> bool:
        return hmac.compare_digest(self.pin_hash, pin_digest(self.code, pin))

    def scan_text(self) -> str:
        parts = [self.description, self.reported_account, *(link.url for link in self.links.all())]
        return "\n".join(p for p in parts if p)

    def scan_unit(self) -> Unit:
        return self.case.unit

    def category_labels(self) -> list[str]:
        return [categories.label(c) for c in self.categories]


class ReportLink(models.Model):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="links")
    url = models.URLField("đường link", max_length=2000)
    key = models.CharField(max_length=64, db_index=True)  # sha256 of the normalised URL

    class Meta:
        verbose_name = "đường link"
        verbose_name_plural = "đường link"

    def __str__(self) -> str:
        return self.url


class ReportFile(Attachment):
    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="files")

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"


class ReportMessage(models.Model):
    """Messages between the reporter and the unit; only these (and the public state) reach the reporter."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="messages")
    from_reporter = models.BooleanField(default=True)
    text = models.TextField("nội dung")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["created_at"]

    def __str__(self) -> str:
        return f"Tin nhắn {self.pk}"


class CaseNote(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="notes")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    text = models.TextField("ghi chú")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Ghi chú {self.pk}"


class CaseEvent(models.Model):
    """The case's own history (state changes, assignment), shown on its page."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    text = models.CharField(max_length=500)
    from_state = models.CharField(max_length=20, blank=True)
    to_state = models.CharField(max_length=20, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return self.text


class CaseTask(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="tasks")
    title = models.CharField("việc cần làm", max_length=300)
    assignee = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    due_at = models.DateTimeField("hạn", null=True, blank=True)
    done_at = models.DateTimeField("hoàn thành lúc", null=True, blank=True)

    class Meta:
        ordering = ["done_at", "due_at", "pk"]

    def __str__(self) -> str:
        return self.title


class ClockTrigger(models.TextChoices):
    CASE_OPENED = "case_opened", "Khi tiếp nhận vụ việc"
    TAKEDOWN = "takedown_requested", "Khi gửi yêu cầu gỡ bỏ"
    MANUAL = "manual", "Cán bộ tự áp dụng"


class LegalClock(models.Model):
    """A deadline set by law (DESIGN.md §7): data an administrator edits when the law changes."""

    code = models.SlugField("mã", max_length=50, unique=True)
    name = models.CharField("tên thời hạn", max_length=200)
    minutes = models.PositiveIntegerField("thời hạn (phút)")
    trigger = models.CharField("áp dụng", max_length=20, choices=ClockTrigger.choices)
    categories = models.JSONField("chỉ cho nhóm nguy cơ", default=list, blank=True)
    child_only = models.BooleanField("chỉ khi liên quan trẻ em", default=False)
    met_by_states = models.JSONField("đáp ứng khi vụ việc chuyển sang", default=list, blank=True)
    source = models.CharField("căn cứ", max_length=300)
    is_active = models.BooleanField("đang áp dụng", default=True)

    class Meta:
        ordering = ["minutes"]
        verbose_name = "thời hạn pháp lý"
        verbose_name_plural = "thời hạn pháp lý"

    def __str__(self) -> str:
        return self.name

    def applies_to(self, case: Case) -> bool:
        if self.child_only and not case.involves_child:
            return False
        return not self.categories or bool(set(self.categories) & set(case.categories))


class Deadline(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="deadlines")
    clock = models.ForeignKey(LegalClock, on_delete=models.PROTECT, related_name="+")
    label = models.CharField(max_length=200)
    due_at = models.DateTimeField("hạn")
    met_at = models.DateTimeField("đã đáp ứng lúc", null=True, blank=True)
    reminded_at = models.DateTimeField(null=True, blank=True)
    escalated_to = models.ForeignKey(Unit, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    escalated_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["met_at", "due_at"]
        constraints = [models.UniqueConstraint(fields=["case", "clock"], name="intake_deadline_once")]

    def __str__(self) -> str:
        return self.label

    @property
    def is_overdue(self) -> bool:
        return self.met_at is None and timezone.now() > self.due_at

    @property
    def remaining(self) -> timedelta:
        return self.due_at - timezone.now()


class Evidence(Attachment):
    """A file captured for a case: the original as received where the law needs it (child abuse), with
    a viewing copy without metadata; otherwise the stripped file only."""

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="evidence")
    sha256 = models.CharField("SHA-256 khi thu thập", max_length=64)
    report = models.ForeignKey(Report, on_delete=models.SET_NULL, null=True, blank=True, related_name="+")
    captured_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    captured_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["captured_at", "pk"]
        verbose_name = "chứng cứ"
        verbose_name_plural = "chứng cứ"
        constraints = [models.UniqueConstraint(fields=["case", "file"], name="intake_evidence_once")]


class CustodyAction(models.TextChoices):
    CAPTURED = "captured", "Thu thập"
    VIEWED = "viewed", "Xem"
    DOWNLOADED = "downloaded", "Tải về"
    PACKAGED = "packaged", "Đóng gói"
    HANDED_OVER = "handed_over", "Bàn giao"


class CustodyEntry(models.Model):
    evidence = models.ForeignKey(Evidence, on_delete=models.CASCADE, related_name="custody")
    action = models.CharField(max_length=20, choices=CustodyAction.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)
    note = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"


class EvidencePackage(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="packages")
    file = models.ForeignKey(StoredFile, on_delete=models.PROTECT, related_name="+")
    sha256 = models.CharField(max_length=64)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Gói chứng cứ {self.sha256[:12]}"


class AgencyKind(models.TextChoices):
    HOTLINE = "hotline", "Tổng đài"
    POLICE = "police", "Công an"
    CYBER_POLICE = "cyber_police", "Cảnh sát an ninh mạng"
    GOVERNMENT = "government", "Cơ quan nhà nước"
    PLATFORM = "platform", "Nền tảng mạng xã hội"
    COMMUNITY = "community", "Tổ chức cộng đồng"


class Agency(models.Model):
    """Where cases are handed over or takedowns sent: editable data, seeded with today's channels."""

    code = models.SlugField("mã", max_length=50, unique=True)
    name = models.CharField("tên", max_length=200)
    kind = models.CharField("loại", max_length=20, choices=AgencyKind.choices)
    phone = models.CharField("điện thoại", max_length=50, blank=True)
    url = models.URLField("trang/kênh báo cáo", blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    notes = models.TextField("ghi chú", blank=True)
    # Which legal clocks (LegalClock.code) a referral to this agency satisfies: the law names who must be
    # told (Nghị định 56/2017, Điều 25–26), so a community project meets none of the child-protection clocks.
    meets_clocks = models.JSONField("chuyển giao tới đây đáp ứng thời hạn (mã)", default=list, blank=True)
    is_active = models.BooleanField("đang dùng", default=True)

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = "cơ quan tiếp nhận"
        verbose_name_plural = "cơ quan tiếp nhận"

    def __str__(self) -> str:
        return self.name


class Referral(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="cơ quan")
    package = models.ForeignKey(EvidencePackage, on_delete=models.SET_NULL, null=True, blank=True,
                                verbose_name="gói chứng cứ")
    their_reference = models.CharField("số tiếp nhận của cơ quan", max_length=100, blank=True)
    note = models.CharField("ghi chú", max_length=500, blank=True)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    sent_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Chuyển giao {self.pk}"


class TakedownStatus(models.TextChoices):
    SENT = "sent", "Đã gửi"
    ACKNOWLEDGED = "acknowledged", "Nền tảng đã nhận"
    REMOVED = "removed", "Đã gỡ"
    RECHECKED = "rechecked", "Đã kiểm tra lại"
    REFUSED = "refused", "Nền tảng từ chối"


TAKEDOWN_NEXT = {
    TakedownStatus.SENT: (TakedownStatus.ACKNOWLEDGED, TakedownStatus.REMOVED, TakedownStatus.REFUSED),
    TakedownStatus.ACKNOWLEDGED: (TakedownStatus.REMOVED, TakedownStatus.REFUSED),
    TakedownStatus.REMOVED: (TakedownStatus.RECHECKED,),
    TakedownStatus.RECHECKED: (),
    TakedownStatus.REFUSED: (),
}


class TakedownRequest(models.Model):
    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="takedowns")
    agency = models.ForeignKey(Agency, on_delete=models.PROTECT, related_name="+", verbose_name="nền tảng")
    url = models.URLField("đường link cần gỡ", max_length=2000)
    status = models.CharField(max_length=20, choices=TakedownStatus.choices, default=TakedownStatus.SENT)
    sent_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    sent_at = models.DateTimeField(default=timezone.now)
    acknowledged_at = models.DateTimeField(null=True, blank=True)
    removed_at = models.DateTimeField(null=True, blank=True)
    rechecked_at = models.DateTimeField(null=True, blank=True)
    still_removed = models.BooleanField(null=True)

    # mangxanh.core.workflow
    STATE_FIELD = "status"
    TRANSITIONS = TAKEDOWN_NEXT
    TRANSITION_ERROR = TransitionError
    TRANSITION_REFUSED = "Không thể chuyển yêu cầu gỡ bỏ sang trạng thái này."
    AUDIT_ACTION = "takedown_state"

    class Meta:
        ordering = ["-sent_at"]

    def __str__(self) -> str:
        return f"Gỡ bỏ {self.url}"

    def transition_guard(self, to: str, **extra) -> str | None:
        self.case.ensure_open()  # a closed case's takedowns wait for the case to be reopened
        return None

    def record_transition(self, before: str, to: str, *, user=None, **extra) -> None:
        CaseEvent.objects.create(case_id=self.case_id, actor=user,
                                 text=f"Yêu cầu gỡ bỏ {self.url[:300]}: {TakedownStatus(to).label}")

    @property
    def time_to_removal(self) -> timedelta | None:
        return self.removed_at - self.sent_at if self.removed_at else None


class VictimSupport(models.Model):
    """The support track, separate from enforcement: only child-protection officers see it."""

    case = models.OneToOneField(Case, on_delete=models.CASCADE, related_name="victim_support")
    victim_name = models.CharField("họ tên nạn nhân", max_length=200, blank=True)
    victim_class = models.CharField("lớp", max_length=50, blank=True)
    age_range = models.CharField("độ tuổi", max_length=10, choices=AgeRange.choices, blank=True)
    guardian_contact = models.CharField("liên hệ cha mẹ/người giám hộ", max_length=300, blank=True)
    notes = models.TextField("ghi chú", blank=True)
    outcome = models.TextField("kết quả hỗ trợ", blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = "hỗ trợ nạn nhân"
        verbose_name_plural = "hỗ trợ nạn nhân"

    def __str__(self) -> str:
        return f"Hỗ trợ nạn nhân vụ việc {self.case_id}"


class SupportKind(models.TextChoices):
    COUNSELLING = "counselling", "Tư vấn tâm lý"
    FAMILY = "family", "Liên hệ gia đình"
    SCHOOL_COUNSELLOR = "school_counsellor", "Chuyển tư vấn học đường"
    HOTLINE = "hotline", "Kết nối tổng đài 111"
    OTHER = "other", "Khác"


class SupportAction(models.Model):
    support = models.ForeignKey(VictimSupport, on_delete=models.CASCADE, related_name="actions")
    kind = models.CharField("hình thức", max_length=20, choices=SupportKind.choices)
    note = models.CharField("nội dung", max_length=500, blank=True)
    follow_up_on = models.DateField("hẹn theo dõi", null=True, blank=True)
    by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return self.get_kind_display()


# --- Partner API ----------------------------------------------------------------------------------

SCOPES = {
    "reports:write": "Gửi phản ánh",
    "reports:read": "Xem trạng thái phản ánh đã gửi",
    "files:write": "Tải tệp chứng cứ lên",
}


def key_digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


class ApiKeyQuerySet(models.QuerySet):
    def find(self, raw: str) -> ApiKey | None:
        # get(), not first(): the hash is unique, and an ORDER BY plus a join compiled on every partner
        # request cost a third of acknowledging a report.
        try:
            return self.get(key_hash=key_digest(raw))
        except self.model.DoesNotExist:
            return None


class ApiKey(models.Model):
    """A partner organisation's key. Only the hash is stored; the key is shown once."""

    unit = models.ForeignKey(Unit, on_delete=models.PROTECT, related_name="api_keys", verbose_name="đơn vị/đối tác")
    name = models.CharField("tên đối tác", max_length=200)
    prefix = models.CharField("tiền tố", max_length=12)
    key_hash = models.CharField(max_length=64, unique=True)
    scopes = models.JSONField("quyền", default=list)
    webhook_url = models.URLField("địa chỉ webhook", blank=True)
    webhook_secret = models.CharField(max_length=64, blank=True)
    # A platform's own key: takedown requests addressed to that platform go to this key's webhook, and
    # to no other partner's.
    platform = models.ForeignKey("Agency", on_delete=models.PROTECT, null=True, blank=True, related_name="api_keys",
                                 limit_choices_to={"kind": "platform"}, verbose_name="nền tảng của khóa")
    expires_at = models.DateTimeField("hết hạn", null=True, blank=True)
    revoked_at = models.DateTimeField("thu hồi lúc", null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    objects = ApiKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "khóa API"
        verbose_name_plural = "khóa API"

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @classmethod
    def issue(cls, *, unit: Unit, name: str, scopes: list[str], expires_at=None, webhook_url: str = "") -> tuple[
        ApiKey, str
    ]:
        raw = "mx_" + secrets.token_urlsafe(32)
        key = cls.objects.create(
            unit=unit, name=name, prefix=raw[:10], key_hash=key_digest(raw), scopes=sorted(set(scopes)),
            expires_at=expires_at, webhook_url=webhook_url, webhook_secret=secrets.token_hex(32),
        )
        return key, raw

    @property
    def is_usable(self) -> bool:
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)


class ApiUpload(Attachment):
    """A file a partner uploaded, to be named by its hash in a later report."""

    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="uploads")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["api_key", "file"], name="intake_upload_once")]


class WebhookDelivery(models.Model):
    api_key = models.ForeignKey(ApiKey, on_delete=models.CASCADE, related_name="deliveries")
    event = models.CharField(max_length=50)
    payload = models.JSONField()
    attempts = models.PositiveSmallIntegerField(default=0)
    delivered_at = models.DateTimeField(null=True, blank=True)
    last_error = models.CharField(max_length=500, blank=True)
    # Every attempt, for the unit admin's delivery log: [{"at": ISO, "ok": bool, "result": "HTTP 200" | error}].
    history = models.JSONField(default=list, blank=True)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    failed_at = models.DateTimeField(null=True, blank=True)  # gave up after MAX_ATTEMPTS
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.event} #{self.pk}"


# --- Telling the reporter --------------------------------------------------------------------------

class NoticeKind(models.TextChoices):
    STATUS = "status", "Thay đổi tình trạng"
    MESSAGE = "message", "Tin nhắn của cán bộ"


class NoticeOutcome(models.TextChoices):
    PENDING = "pending", "Đang chờ gửi"
    SENT = "sent", "Đã gửi thư điện tử"
    FAILED = "failed", "Không gửi được thư điện tử"
    ANONYMOUS = "anonymous", "Người báo ẩn danh: chỉ tra cứu bằng mã phản ánh và mã PIN"
    NO_CONTACT = "no_contact", "Người báo không để lại thư điện tử dùng được"
    NO_SMS = "no_sms", "Người báo chỉ để lại số điện thoại: hệ thống này chưa gửi được tin nhắn SMS"


class ReporterNotice(models.Model):
    """One attempt to tell a reporter that something changed, and what became of it (shown to officers)."""

    report = models.ForeignKey(Report, on_delete=models.CASCADE, related_name="notices")
    kind = models.CharField(max_length=10, choices=NoticeKind.choices)
    outcome = models.CharField(max_length=12, choices=NoticeOutcome.choices)
    public_state = models.CharField(max_length=500, blank=True)  # what the reporter was told
    attempts = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = "thông báo cho người phản ánh"
        verbose_name_plural = "thông báo cho người phản ánh"

    def __str__(self) -> str:
        return f"{self.get_kind_display()}: {self.get_outcome_display()}"
