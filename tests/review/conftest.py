"""Helpers for the review tests: run pending scans for real, build drafts and channels."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model

from mangxanh.review import drafts as flow
from mangxanh.review.models import Draft, OfficialChannel
from mangxanh.scanning.models import Scan, ScanStatus
from mangxanh.scanning.service import perform_scan

POST_TEXT = (
    "<p>Chúc mừng em Lê Thị Hoa lớp 8A đạt giải nhất cuộc thi viết thư.</p>"
    "<p>Số CCCD của em: 036211004567. Liên hệ phụ huynh: 0912345678.</p>"
    "<p>Nhà trường trân trọng cảm ơn các thầy cô.</p>"
)

# A threat and an insult: the engine's verdict is "block".
BLOCK_TEXT = "<p>Mày mà còn đi học thì tao giết mày, đồ con điếm ngu.</p>"


def run_pending_scans() -> int:
    """Run every pending scan the way the run_scan task does (no mocks)."""
    count = 0
    for scan in Scan.objects.filter(status=ScanStatus.PENDING).order_by("pk"):
        perform_scan(scan)
        count += 1
    return count


def user(username: str):
    return get_user_model().objects.get(username=username)


def make_draft(unit, username="thcs.bientap", title="Khen thưởng học sinh", body=POST_TEXT, scan=True) -> Draft:
    draft = Draft(unit=unit, author=user(username))
    flow.save_version(draft, draft.author, title, body)
    if scan:
        run_pending_scans()
    return draft


def submitted_draft(unit, **kwargs) -> Draft:
    draft = make_draft(unit, **kwargs)
    flow.submit(draft, draft.author, confirmed=True)
    draft.refresh_from_db()
    return draft


def make_channel(unit, name="Trang Facebook THCS Bến Thủy", address="https://www.facebook.com/thcsbenthuy", **kw):
    return OfficialChannel.objects.create(unit=unit, kind=kw.pop("kind", "facebook"), name=name, address=address, **kw)


@pytest.fixture
def run_scans():
    return run_pending_scans
