"""Demo content: official channels for every unit of the demo province (so the public check can be
tried on any school, the Sở and the wards), and drafts at each step of review for THCS Bến Thủy."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from mangxanh.org.models import Unit
from mangxanh.review import drafts as flow
from mangxanh.review.models import ChannelKind, Draft, OfficialChannel

CHANNELS = [
    (ChannelKind.WEBSITE, "Cổng thông tin THCS Bến Thủy", "https://thcsbenthuy.songlam.edu.vn",
     "Tin tức, thông báo chính thức của nhà trường", True),
    (ChannelKind.FACEBOOK, "Trường THCS Bến Thủy", "https://www.facebook.com/thcsbenthuy.songlam",
     "Trang tin của nhà trường", False),
    (ChannelKind.ZALO_OA, "THCS Bến Thủy – Zalo OA", "https://zalo.me/thcsbenthuy", "Liên lạc với phụ huynh", True),
]

# The Sở's channels; other units get a website and a Facebook page named after their code.
SO_CHANNELS = [
    (ChannelKind.WEBSITE, "Cổng thông tin điện tử Sở GDĐT Sông Lam", "https://songlam.edu.vn",
     "Văn bản, thông báo chính thức của Sở", True),
    (ChannelKind.FACEBOOK, "Sở Giáo dục và Đào tạo Sông Lam", "https://www.facebook.com/sogddtsonglam",
     "Tin hoạt động của ngành", True),
    (ChannelKind.YOUTUBE, "Sở GDĐT Sông Lam", "https://www.youtube.com/@sogddtsonglam", "Video hoạt động của ngành",
     True),
    (ChannelKind.ZALO_OA, "Sở GDĐT Sông Lam – Zalo OA", "https://zalo.me/sogddtsonglam", "Hỏi đáp với phụ huynh",
     True),
]


def _standard_channels(unit: Unit) -> list[tuple[str, str, str, str, bool]]:
    slug = unit.code.lower().replace("-", "")
    short = unit.short_name or unit.name
    domain = "songlam.gov.vn" if unit.code.startswith("XA-") else "songlam.edu.vn"
    return [
        (ChannelKind.WEBSITE, f"Cổng thông tin {short}", f"https://{slug}.{domain}",
         "Tin tức, thông báo chính thức", True),
        (ChannelKind.FACEBOOK, unit.name, f"https://www.facebook.com/{slug}.songlam", "Trang tin của đơn vị", False),
    ]


def channels_for(unit: Unit) -> list[tuple[str, str, str, str, bool]]:
    if unit.code == "THCS-BENTHUY":
        return CHANNELS
    if unit.depth == 1:
        return SO_CHANNELS
    return _standard_channels(unit)


DRAFTS = [
    ("Lịch họp phụ huynh học kỳ I",
     "<p>Nhà trường tổ chức họp phụ huynh vào 7 giờ 30 sáng Chủ nhật tuần này tại các lớp.</p>", "draft"),
    ("Chúc mừng học sinh giỏi cấp tỉnh",
     "<p>Chúc mừng em Trần Minh Khoa lớp 9A đạt giải Nhì môn Toán.</p>"
     "<p>Số CCCD của em: 040211009876, điện thoại gia đình 0987654321.</p>", "submitted"),
]


def _register_channels(unit: Unit) -> int:
    """The unit's demo channels, unless it has channels already."""
    if OfficialChannel.objects.filter(unit=unit).exists():
        return 0
    person = unit.contact_person or "Bùi Thị Hằng"
    for kind, name, address, purpose, two_factor in channels_for(unit):
        OfficialChannel.objects.create(
            unit=unit, kind=kind, name=name, address=address, purpose=purpose,
            responsible_person=person, admin_names="Ngô Thanh Hương" if unit.code == "THCS-BENTHUY" else "",
            two_factor_enabled=two_factor, last_security_review=timezone.localdate() if two_factor else None,
        )
    return len(channels_for(unit))


@transaction.atomic
def load() -> int:
    """Create the demo channels and drafts once; returns how many objects were created."""
    unit = Unit.objects.filter(code="THCS-BENTHUY").first()
    if unit is None:
        raise RuntimeError("Chưa có tỉnh thử nghiệm: hãy chạy `mangxanh demo load` trước.")
    school_is_new = not OfficialChannel.objects.filter(unit=unit).exists()
    created = sum(_register_channels(u) for u in Unit.objects.filter(is_active=True).order_by("path"))
    if not school_is_new:
        return created
    User = get_user_model()
    editor = User.objects.get(username="thcs.bientap")
    for title, body, status in DRAFTS:
        draft = Draft(unit=unit, author=editor)
        flow.save_version(draft, editor, title, body)
        if status == "submitted":
            draft.names_students = True
            draft.parental_consent = True
            draft.consent_reference = "Phiếu đồng ý số 05/2026"
            draft.save()
            flow.submit(draft, editor, confirmed=True)  # demo posts are meant to show findings
        created += 1
    return created
