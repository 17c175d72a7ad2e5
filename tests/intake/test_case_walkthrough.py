"""Defects found walking a child-protection case through: alert, guarded closure, hand-over state, closed."""

from __future__ import annotations

import pytest
from django.core import mail

from mangxanh.accounts.models import User
from mangxanh.audit.models import AuditEntry
from mangxanh.intake import services
from mangxanh.intake.models import Agency, Case, CaseState, Priority, ReportMessage
from mangxanh.review.models import Notification
from tests.intake.conftest import submit


@pytest.fixture
def officer(demo):
    return User.objects.get(username="thcs.xuly")


def _urgent_child_case(demo):
    return submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"],
                  description="Tài khoản lạ gạ gẫm học sinh lớp 7 gửi ảnh.").report.case


def test_new_urgent_child_case_alerts_the_units_child_protection_officers(demo, immediate_tasks,
                                                                         django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        case = _urgent_child_case(demo)
    assert case.priority == Priority.URGENT and case.involves_child
    alerted = Notification.objects.filter(kind="case_urgent_child")
    assert set(alerted.values_list("user__username", flat=True)) == {"thcs.baovetre"}
    assert alerted.get().url == f"/vu-viec/{case.pk}/"
    assert case.number in alerted.get().text
    to = [address for message in mail.outbox for address in message.to]
    assert to == [User.objects.get(username="thcs.baovetre").email]
    # Someone else may read the officer's mail: the e-mail names the case, never what happened.
    assert "gạ gẫm" not in mail.outbox[0].body and f"/vu-viec/{case.pk}/" in mail.outbox[0].body


def test_an_ordinary_case_alerts_nobody(demo):
    submit(unit=demo["THCS-BENTHUY"])
    assert not Notification.objects.filter(kind="case_urgent_child").exists()


def test_urgent_child_case_cannot_be_closed_from_new_with_nobody_assigned(demo, officer):
    case = _urgent_child_case(demo)
    with pytest.raises(services.TransitionError, match="chưa có người xử lý"):
        services.change_state(case, CaseState.CLOSED, user=officer, reason="unfounded")
    case.refresh_from_db()
    assert case.state == CaseState.NEW and case.closed_at is None and not case.closure_reason
    assert not AuditEntry.objects.filter(action="case_state", object_id=str(case.pk)).exists()
    # Once someone is responsible, closing (with a reason) is a normal decision.
    services.assign(case, officer, user=officer)
    services.change_state(case, CaseState.CLOSED, user=officer, reason="unfounded")
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED


def test_the_guard_speaks_vietnamese_on_the_case_page(demo, officer, user_client):
    case = _urgent_child_case(demo)
    page = user_client("thcs.xuly").post(f"/vu-viec/{case.pk}/trang-thai/", {"state": "closed",
                                                                              "reason": "spam"}, follow=True)
    assert "chưa có người xử lý" in page.content.decode()
    case.refresh_from_db()
    assert case.state == CaseState.NEW


def test_a_handover_recorded_on_a_new_case_moves_it_to_handed_over(demo, officer, user_client):
    case = submit(unit=demo["THCS-BENTHUY"]).report.case
    police = Agency.objects.get(code="cong-an-113")
    user_client("thcs.xuly").post(f"/vu-viec/{case.pk}/chuyen-giao/", {"agency": police.pk})
    case.refresh_from_db()
    assert case.referrals.count() == 1
    assert case.state == CaseState.HANDED_OVER
    assert case.events.filter(from_state=CaseState.NEW, to_state=CaseState.HANDED_OVER, actor=officer).exists()


def test_a_closed_case_takes_nothing_at_the_service_level(demo, officer):
    case = submit(unit=demo["THCS-BENTHUY"]).report.case
    report = case.reports.get()
    stale = Case.objects.get(pk=case.pk)  # a page loaded before the case was closed
    services.change_state(stale, CaseState.CLOSED, user=officer, reason="spam")
    hotline = Agency.objects.get(code="tong-dai-111")
    platform = Agency.objects.filter(kind="platform").first()
    for attempt in (
        lambda: services.assign(case, officer, user=officer),
        lambda: services.add_note(case, "Ghi chú", user=officer),
        lambda: services.message_reporter(report, "Tin nhắn", user=officer),
        lambda: services.refer(case, hotline, user=officer),
        lambda: services.request_takedown(case, platform, "https://vi.du/x", user=officer),
        lambda: services.change_state(case, CaseState.VERIFYING, user=officer),
    ):
        with pytest.raises(services.CaseClosedError, match="Vụ việc đã đóng"):
            attempt()
    case.refresh_from_db()
    assert case.assignee is None and not case.notes.exists() and not ReportMessage.objects.exists()
    assert not case.referrals.exists() and not case.takedowns.exists() and case.state == CaseState.CLOSED
