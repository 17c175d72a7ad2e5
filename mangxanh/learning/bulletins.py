"""Scam-alert bulletins for parents, drafted from closed scam cases.

The draft is anonymised before anyone sees it: the engine's personal-data detectors (phone and
account numbers, ID numbers, e-mails, house addresses, pupils' names) plus its link pattern and
its Vietnamese personal-name pattern find what could point to the victim, and every span is
replaced by a neutral word in brackets. A person reviews and edits the text; publishing runs the
same check again and refuses a text that still holds such a span. A published bulletin is shown
on the public parent guidance pages and can be sent to schools as review drafts for their own
channels (the normal review flow: the school's editors submit, its reviewers approve).
"""

from __future__ import annotations

import re

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from mangxanh import audit
from mangxanh.engine import scan
from mangxanh.engine.detectors.personal_data import AMOUNT_AFTER_RE, EMAIL_RE
from mangxanh.engine.detectors.pupil_names import UPPER, personal_names
from mangxanh.engine.detectors.urls import URL_RE
from mangxanh.learning.models import BulletinPush, BulletinStatus, ScamBulletin
from mangxanh.org import permissions
from mangxanh.org.models import Unit, UnitKind

SCAM_CATEGORIES = frozenset({"scam", "impersonation"})

# What replaces each kind of span (engine rule -> word).
PLACEHOLDERS = {
    "pii.phone": "[số điện thoại]", "pii.bank_account": "[số tài khoản]", "pii.vietqr": "[số tài khoản]",
    "pii.cccd": "[số giấy tờ]", "pii.cmnd": "[số giấy tờ]", "pii.tax_code": "[số giấy tờ]",
    "pii.email": "[thư điện tử]", "pii.address": "[địa chỉ]", "pii.date_of_birth": "[ngày sinh]",
}
_NAME_WORD = rf"[{UPPER}][^\W\d_]*"
# A name after a kinship word or title: "chị Hạnh", "em Vy", "cháu Minh Anh" (no family name needed).
TITLED_NAME_RE = re.compile(
    rf"(?<!\w)(?i:anh|chị|em|cháu|bé|bạn|cô|chú|bác|ông|bà|thầy|học sinh|phụ huynh|nạn nhân)\s+"
    rf"({_NAME_WORD}(?:\s+{_NAME_WORD}){{0,3}})")
CAPS_NAME_RE = re.compile(rf"(?<!\w)[{UPPER}]{{2,7}}(?:[ \t]+[{UPPER}]{{1,7}}){{1,4}}(?!\w)")
# Places: an administrative or street word followed by a proper name; a school or a class.
PLACE_RE = re.compile(
    rf"(?<!\w)(?i:phường|xã|thôn|xóm|ấp|bản|tổ dân phố|khu phố|huyện|quận|thị xã|thị trấn|tỉnh|thành phố|tp\.?|"
    rf"đường|phố|ngõ|hẻm|chung cư|khu đô thị)\s+(?:số\s+)?(?:\d+\w*|{_NAME_WORD})(?:\s+{_NAME_WORD}){{0,4}}")
SCHOOL_RE = re.compile(
    rf"(?<!\w)(?i:trường)\s+(?i:mầm non|tiểu học|thcs|thpt|trung học cơ sở|trung học phổ thông|liên cấp|th&thcs)?\s*"
    rf"(?:{_NAME_WORD}|\d+)(?:\s+{_NAME_WORD}){{0,4}}")
CLASS_RE = re.compile(r"(?<!\w)(?i:lớp)\s+\d{1,2}\s*[A-Za-z]?\d{0,2}(?!\w)")
DIGITS_RE = re.compile(r"(?<![\w])\+?\d(?:[ .\-]?\d){4,}(?!\w)")


def _spans(text: str) -> list[tuple[int, int, str]]:
    spans: list[tuple[int, int, str]] = []
    for finding in scan(text).findings:
        if finding.category == "personal_data" and finding.end > finding.start:
            spans.append((finding.start, finding.end, PLACEHOLDERS.get(finding.rule, "[thông tin cá nhân]")))
    spans += [(m.start(), m.end(), "[đường link]") for m in URL_RE.finditer(text)]
    spans += [(m.start(), m.end(), "[thư điện tử]") for m in EMAIL_RE.finditer(text)]
    spans += [(a, b, "[tên]") for a, b in personal_names(text)]
    spans += [(m.start(1), m.end(1), "[tên]") for m in TITLED_NAME_RE.finditer(text)]
    spans += [(m.start(), m.end(), "[tên]") for m in CAPS_NAME_RE.finditer(text)]
    spans += [(m.start(), m.end(), "[trường]") for m in SCHOOL_RE.finditer(text)]
    spans += [(m.start(), m.end(), "[địa danh]") for m in PLACE_RE.finditer(text)]
    spans += [(m.start(), m.end(), "[lớp]") for m in CLASS_RE.finditer(text)]
    for m in DIGITS_RE.finditer(text):
        if not AMOUNT_AFTER_RE.match(text, m.end()):  # "5.000.000 đồng" is how the scam worked, not who
            spans.append((m.start(), m.end(), "[số]"))
    return spans


def anonymise(text: str) -> str:
    """text with names, numbers, links and places replaced; overlapping spans: the longest wins."""
    chosen: list[tuple[int, int, str]] = []
    for start, end, word in sorted(_spans(text), key=lambda s: (s[0], -(s[1] - s[0]))):
        if chosen and start < chosen[-1][1]:
            if end > chosen[-1][1]:
                chosen[-1] = (chosen[-1][0], end, chosen[-1][2])
            continue
        chosen.append((start, end, word))
    out, pos = [], 0
    for start, end, word in chosen:
        out.append(text[pos:start])
        out.append(word)
        pos = end
    out.append(text[pos:])
    return "".join(out)


def leftovers(text: str) -> list[str]:
    """What the anonymiser would still replace in text (empty when the text is clean)."""
    return sorted({text[a:b] for a, b, word in _spans(text) if text[a:b] != word and not _placeholder_at(text, a, b)})


def _placeholder_at(text: str, start: int, end: int) -> bool:
    return text[start:end].startswith("[") and text[start:end].endswith("]")


class BulletinError(Exception):
    """Refused; Vietnamese message."""


def is_scam_case(case) -> bool:
    from mangxanh.intake.models import CaseState

    return case.state == CaseState.CLOSED and bool(SCAM_CATEGORIES & set(case.categories))


ADVICE = (
    "Cha mẹ và các em cần nhớ:\n"
    "- Nhà trường, công an không bao giờ yêu cầu chuyển tiền hay đọc mã OTP qua điện thoại, tin nhắn.\n"
    "- Không bấm vào đường link lạ, không cài ứng dụng theo hướng dẫn của người lạ.\n"
    "- Khi nghi ngờ, hãy gọi lại cho giáo viên chủ nhiệm qua số đã biết, báo công an (113) "
    "hoặc Tổng đài bảo vệ trẻ em 111, và gửi phản ánh trên trang Mạng Xanh."
)


def visible_to(user):
    """The bulletins of the units where the person drafts or publishes them."""
    return permissions.scoped(ScamBulletin.objects.select_related("unit", "case"), user, "learning.bulletin_edit")


DRAFT_DENIED = "Bạn không có quyền soạn bản tin cảnh báo của đơn vị này."
PUBLISH_DENIED = "Chỉ lãnh đạo hoặc người duyệt bài của đơn vị mới duyệt được bản tin."


@transaction.atomic
def draft_from_case(case, user, unit: Unit | None = None) -> ScamBulletin:
    """A new, anonymised draft from a closed scam case; the case's own texts never leave it unmasked.

    unit: who publishes it (the drafter's own unit above the case, e.g. the Sở for a province-wide
    warning); the case's unit by default. The drafter needs the capability on both."""
    permissions.require(user, "learning.bulletin_draft", case.unit, DRAFT_DENIED)
    permissions.require(user, "learning.bulletin_draft", unit or case.unit, DRAFT_DENIED)
    if not is_scam_case(case):
        raise BulletinError("Chỉ soạn được bản tin từ vụ việc lừa đảo, giả mạo đã đóng.")
    reports = case.reports.filter(purged_at__isnull=True).order_by("submitted_at")[:3]
    what = "\n\n".join(anonymise(r.description.strip()) for r in reports if r.description.strip())
    body = ("Thời gian gần đây, trên địa bàn đã xảy ra trường hợp lừa đảo trực tuyến nhắm vào học sinh "
            f"và cha mẹ học sinh. Diễn biến (đã ẩn thông tin của người bị hại):\n\n{what or '…'}\n\n{ADVICE}")
    title = anonymise(f"Cảnh báo lừa đảo: {case.title}")[:200]
    return ScamBulletin.objects.create(unit=unit or case.unit, case=case, title=title, body=body, created_by=user)


def update(bulletin: ScamBulletin, user, title: str, body: str) -> None:
    permissions.require(user, "learning.bulletin_edit", bulletin.unit, DRAFT_DENIED)
    if bulletin.status != BulletinStatus.DRAFT:
        raise BulletinError("Bản tin đã đăng; hãy gỡ xuống trước khi sửa.")
    title, body = " ".join((title or "").split())[:200], (body or "").strip()
    if not title or len(body) < 30:
        raise BulletinError("Bản tin cần tiêu đề và nội dung (ít nhất 30 ký tự).")
    if len(body) > 10_000:
        raise BulletinError("Nội dung bản tin dài quá 10.000 ký tự.")
    bulletin.title, bulletin.body = title, body
    bulletin.save(update_fields=["title", "body"])


def publish(bulletin: ScamBulletin, user) -> None:
    """The reviewer's decision: refused while the text still names, numbers or places someone."""
    permissions.require(user, "learning.bulletin_publish", bulletin.unit, PUBLISH_DENIED)
    left = leftovers(f"{bulletin.title}\n{bulletin.body}")
    if left:
        raise BulletinError("Bản tin còn thông tin có thể nhận ra người bị hại, hãy xóa hoặc thay: "
                            + "; ".join(f"«{item}»" for item in left[:8]))
    bulletin.status = BulletinStatus.PUBLISHED
    bulletin.reviewed_by = user
    bulletin.published_at = timezone.now()
    bulletin.save(update_fields=["status", "reviewed_by", "published_at"])
    audit.record("learning_bulletin", obj=bulletin, message="Duyệt và đăng bản tin cảnh báo lừa đảo")


def withdraw(bulletin: ScamBulletin, user) -> None:
    permissions.require(user, "learning.bulletin_publish", bulletin.unit, PUBLISH_DENIED)
    bulletin.status = BulletinStatus.WITHDRAWN
    bulletin.save(update_fields=["status"])


def published_for(unit: Unit):
    """Bulletins a parent of unit should see: those of the unit, the units above it and below it."""
    return ScamBulletin.objects.filter(
        Q(unit__path__in=unit.ancestor_paths()) | Q(unit__path__startswith=unit.path),
        status=BulletinStatus.PUBLISHED).select_related("unit")


def push_to_schools(bulletin: ScamBulletin, user) -> int:
    """One review draft per school below the bulletin's unit that has an active official channel.

    The draft targets the school's channels and waits for the school's own editors and reviewers;
    a school that already got this bulletin is skipped. Returns the number of new drafts."""
    from mangxanh.review.drafts import write_version
    from mangxanh.review.models import Draft, OfficialChannel

    permissions.require(user, "learning.bulletin_publish", bulletin.unit, PUBLISH_DENIED)
    if bulletin.status != BulletinStatus.PUBLISHED:
        raise BulletinError("Chỉ gửi được bản tin đã duyệt và đăng.")
    done = set(bulletin.pushes.values_list("unit_id", flat=True))
    channels: dict[int, list] = {}
    for channel in OfficialChannel.objects.filter(
            unit__path__startswith=bulletin.unit.path, unit__unit_type__kind=UnitKind.SCHOOL, unit__is_active=True,
            active=True).select_related("unit"):
        channels.setdefault(channel.unit_id, []).append(channel)
    sent = 0
    for unit_id, targets in channels.items():
        if unit_id in done:
            continue
        with transaction.atomic():
            draft = Draft.objects.create(unit=targets[0].unit, author=user)
            draft.target_channels.set(targets)
            write_version(draft, user, bulletin.title, bulletin.body, capability="learning.bulletin_publish",
                          note=f"Bản tin cảnh báo lừa đảo của {bulletin.unit.name}")
            BulletinPush.objects.create(bulletin=bulletin, unit_id=unit_id, draft=draft)
        sent += 1
    return sent
