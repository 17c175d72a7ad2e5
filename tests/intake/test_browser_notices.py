"""Browser: an officer's decision and message reach a reporter who left an e-mail, and the case page says
that the e-mail went out (and when)."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from mangxanh.intake.models import NoticeOutcome, ReporterNotice
from mangxanh.intake.tasks import send_reporter_notice
from tests.intake.conftest import submit

pytestmark = pytest.mark.browser


def _send_pending() -> int:
    pending = list(ReporterNotice.objects.filter(outcome=NoticeOutcome.PENDING))
    for notice in pending:
        send_reporter_notice.call(notice.pk)
    return len(pending)


def test_officer_decision_and_message_are_mailed_and_shown(page, demo, log_in, live_server):
    result = submit(unit=demo["THCS-BENTHUY"], anonymous=False, contact="me.hoa@example.org", may_contact=True,
                    description="Con tôi bị nhắn tin đe dọa trên nhóm lớp.")
    case = result.report.case
    log_in(page, "thcs.xuly")
    page.goto(f"/vu-viec/{case.pk}/")
    page.locator("#s-state").select_option("verifying")
    page.get_by_role("button", name="Chuyển trạng thái").click()
    expect(page.locator("body")).to_contain_text("Đã cập nhật trạng thái")
    page.get_by_label("Tin nhắn cho người báo").fill("Cảm ơn chị, nhà trường đang xác minh.")
    page.get_by_role("button", name="Gửi", exact=True).click()
    assert _send_pending() == 2
    assert [m.to for m in mail.outbox] == [["me.hoa@example.org"]] * 2
    assert all(result.pin not in m.body and "đe dọa" not in m.body for m in mail.outbox)
    assert any("đang xác minh phản ánh" in m.body for m in mail.outbox)
    page.reload()
    expect(page.locator("body")).to_contain_text("đã gửi thư điện tử lúc")
