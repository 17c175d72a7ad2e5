"""Demo content for THCS Bến Thủy: official channels and drafts at each step of review."""

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

DRAFTS = [
    ("Lịch họp phụ huynh học kỳ I",
     "<p>Nhà trường tổ chức họp phụ huynh vào 7 giờ 30 sáng Chủ nhật tuần này tại các lớp.</p>", "draft"),
    ("Chúc mừng học sinh giỏi cấp tỉnh",
     "<p>Chúc mừng em Trần Minh Khoa lớp 9A đạt giải Nhì môn Toán.</p>"
     "<p>Số CCCD của em: 040211009876, điện thoại gia đình 0987654321.</p>", "submitted"),
]


@transaction.atomic
def load() -> int:
    """Create the demo channels and drafts once; returns how many objects were created."""
    unit = Unit.objects.filter(code="THCS-BENTHUY").first()
    if unit is None:
        raise RuntimeError("Chưa có tỉnh thử nghiệm: hãy chạy `mangxanh demo load` trước.")
    if OfficialChannel.objects.filter(unit=unit).exists():
        return 0
    User = get_user_model()
    editor = User.objects.get(username="thcs.bientap")
    created = 0
    for kind, name, address, purpose, two_factor in CHANNELS:
        OfficialChannel.objects.create(
            unit=unit, kind=kind, name=name, address=address, purpose=purpose,
            responsible_person="Bùi Thị Hằng", admin_names="Ngô Thanh Hương",
            two_factor_enabled=two_factor, last_security_review=timezone.localdate() if two_factor else None,
        )
        created += 1
    for title, body, status in DRAFTS:
        draft = Draft(unit=unit, author=editor)
        flow.save_version(draft, editor, title, body)
        if status == "submitted":
            draft.names_students = True
            draft.parental_consent = True
            draft.consent_reference = "Phiếu đồng ý số 05/2026"
            draft.save()
            flow.submit(draft, editor)
        created += 1
    return created
