"""Case handling: state machine with audit, assignment, notes, tasks, links, deadlines, takedowns."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from mangxanh.accounts.models import User
from mangxanh.audit.models import AuditEntry
from mangxanh.intake import services
from mangxanh.intake.models import Agency, CaseState, Deadline, TakedownRequest
from tests.intake.conftest import submit


@pytest.fixture
def case(demo):
    return submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"],
                  links=["https://vi.du/bai-dang"], description="Tài khoản lạ gạ gẫm học sinh").report.case


def test_state_machine_refuses_jumps_and_needs_a_closure_reason(case):
    officer = User.objects.get(username="thcs.xuly")
    with pytest.raises(services.TransitionError):
        services.change_state(case, CaseState.REMOVED, user=officer)
    with pytest.raises(services.TransitionError, match="lý do"):
        services.change_state(case, CaseState.CLOSED, user=officer)
    with pytest.raises(services.TransitionError):
        services.change_state(case, "khong-co", user=officer)
    case = services.change_state(case, CaseState.VERIFYING, user=officer)
    assert case.first_action_at is not None
    assert AuditEntry.objects.filter(action="case_state", object_id=str(case.pk)).count() == 1


def test_state_change_view_records_event(user_client, case):
    client = user_client("thcs.xuly")
    client.post(f"/vu-viec/{case.pk}/trang-thai/", {"state": "verifying", "note": "Đã gọi phụ huynh"})
    case.refresh_from_db()
    assert case.state == CaseState.VERIFYING
    assert "Đã gọi phụ huynh" in case.events.first().text
    bad = client.post(f"/vu-viec/{case.pk}/trang-thai/", {"state": "closed"}, follow=True)
    assert "Hãy chọn lý do đóng" in bad.content.decode()
    client.post(f"/vu-viec/{case.pk}/trang-thai/", {"state": "closed", "reason": "unfounded"})
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.closure_reason == "unfounded" and case.closed_at


def test_assign_notes_tasks_links(user_client, case, demo):
    client = user_client("thcs.xuly")
    officer = User.objects.get(username="thcs.xuly")
    client.post(f"/vu-viec/{case.pk}/giao/", {"assignee": officer.pk})
    case.refresh_from_db()
    assert case.assignee == officer
    outsider = User.objects.get(username="thcs.bientap")
    response = client.post(f"/vu-viec/{case.pk}/giao/", {"assignee": outsider.pk}, follow=True)
    assert "phải là cán bộ xử lý" in response.content.decode()
    client.post(f"/vu-viec/{case.pk}/ghi-chu/", {"text": "Đã liên hệ giáo viên chủ nhiệm"})
    assert case.notes.get().text == "Đã liên hệ giáo viên chủ nhiệm"
    client.post(f"/vu-viec/{case.pk}/ghi-chu/", {"text": "\ufffd"})
    assert case.notes.count() == 1
    client.post(f"/vu-viec/{case.pk}/viec/", {"title": "Gặp phụ huynh"})
    task = case.tasks.get()
    client.post(f"/vu-viec/{case.pk}/viec/", {"done": task.pk})
    task.refresh_from_db()
    assert task.done_at
    other = submit(description="Vụ khác", unit=demo["THCS-BENTHUY"], reported_account="khac").report.case
    client.post(f"/vu-viec/{case.pk}/lien-ket/", {"other": other.number})
    assert list(case.linked.all()) == [other]
    foreign = submit(description="Vụ ở trường khác", unit=demo["THCS-HONGSON"], reported_account="x2").report.case
    client.post(f"/vu-viec/{case.pk}/lien-ket/", {"other": foreign.number})
    assert case.linked.count() == 1


def test_child_deadlines_met_by_handover(user_client, case):
    deadline = Deadline.objects.get(case=case, clock__code="tre-em-can-thiep-12h")
    assert timedelta(hours=11, minutes=59) < deadline.due_at - case.opened_at <= timedelta(hours=12, minutes=1)
    client = user_client("thcs.xuly")
    client.post(f"/vu-viec/{case.pk}/trang-thai/", {"state": "verifying"})
    hotline = Agency.objects.get(code="tong-dai-111")
    client.post(f"/vu-viec/{case.pk}/chuyen-giao/", {"agency": hotline.pk, "their_reference": "111-2026-77"})
    case.refresh_from_db()
    assert case.state == CaseState.HANDED_OVER
    assert case.referrals.get().their_reference == "111-2026-77"
    # 111 takes the report (Điều 25); the 12-hour intervention is the ward's or police's (agency data).
    assert list(Deadline.objects.filter(case=case, met_at__isnull=True).values_list("clock__code", flat=True)) == [
        "tre-em-can-thiep-12h"]
    html = client.get(f"/vu-viec/{case.pk}/").content.decode()
    assert "Đã đáp ứng" in html


def test_takedown_tracked_to_removal_with_24h_clock(user_client, case):
    client = user_client("thcs.xuly")
    client.post(f"/vu-viec/{case.pk}/trang-thai/", {"state": "verifying"})
    platform = Agency.objects.get(code="facebook")
    client.post(f"/vu-viec/{case.pk}/go-bo/", {"agency": platform.pk, "url": "https://vi.du/bai-dang"})
    takedown = TakedownRequest.objects.get(case=case)
    case.refresh_from_db()
    assert case.state == CaseState.TAKEDOWN_REQUESTED
    assert case.deadlines.filter(clock__code="go-bo-24h").exists()
    client.post(f"/vu-viec/{case.pk}/go-bo/{takedown.pk}/", {"status": "rechecked"})  # not yet removed
    takedown.refresh_from_db()
    assert takedown.status == "sent"
    TakedownRequest.objects.filter(pk=takedown.pk).update(sent_at=timezone.now() - timedelta(hours=5))
    client.post(f"/vu-viec/{case.pk}/go-bo/{takedown.pk}/", {"status": "acknowledged"})
    client.post(f"/vu-viec/{case.pk}/go-bo/{takedown.pk}/", {"status": "removed"})
    client.post(f"/vu-viec/{case.pk}/go-bo/{takedown.pk}/", {"status": "rechecked", "still_removed": "yes"})
    takedown.refresh_from_db()
    case.refresh_from_db()
    assert takedown.status == "rechecked" and takedown.still_removed
    assert timedelta(hours=4, minutes=59) < takedown.time_to_removal < timedelta(hours=5, minutes=1)
    assert case.state == CaseState.REMOVED
    assert case.deadlines.get(clock__code="go-bo-24h").met_at is not None


def test_board_list_filters_and_stats(user_client, case, demo):
    client = user_client("so.xuly")
    submit(description="Chuyện thường", unit=demo["THPT-NGUYENDU"], reported_account="y")
    board = client.get("/vu-viec/").content.decode()
    assert case.number in board
    urgent = client.get("/vu-viec/danh-sach/", {"priority": "1"}).content.decode()
    assert case.number in urgent and "Chuyện thường" not in urgent
    assert case.number in client.get("/vu-viec/danh-sach/", {"q": case.number}).content.decode()
    assert client.get("/vu-viec/danh-sach/", {"priority": "x", "state": "\ufffd"}).status_code == 200
    stats = client.get("/vu-viec/so-lieu/").content.decode()
    assert "Xâm hại trẻ em" in stats and "Phản ánh nhận trong kỳ: <strong>2</strong>" in stats
    assert "Chuyện thường" not in user_client("thcs.xuly").get("/vu-viec/").content.decode()


def test_people_are_shown_by_their_full_name(user_client, case):
    client = user_client("thcs.xuly")
    officer = User.objects.get(username="thcs.xuly")
    assert officer.full_name and officer.get_full_name() == officer.full_name
    client.post(f"/vu-viec/{case.pk}/giao/", {"assignee": officer.pk})
    client.post(f"/vu-viec/{case.pk}/ghi-chu/", {"text": "Đã gọi cho phụ huynh"})
    assert case.events.filter(text=f"Giao cho: {officer.full_name}").exists()
    page = client.get(f"/vu-viec/{case.pk}/").content.decode()
    assert f"Người xử lý: {officer.full_name}" in page
    assert f"{officer.full_name}: Đã gọi cho phụ huynh" in page
    board = client.get("/vu-viec/")
    assert board.status_code == 200 and officer.full_name in board.content.decode()
    # someone without a name is shown by the user name, never as an empty string
    nameless = User.objects.create(username="khong.ten")
    assert str(nameless) == "khong.ten" and nameless.get_full_name() == ""


def test_closed_case_accepts_nothing_until_reopened(user_client, case, demo):
    from mangxanh.intake.models import ReportMessage

    client = user_client("thcs.xuly")
    officer = User.objects.get(username="thcs.xuly")
    services.change_state(case, CaseState.VERIFYING, user=officer)
    services.change_state(case, CaseState.CLOSED, user=officer, reason="resolved")
    code = case.reports.get().code
    page = client.post(f"/vu-viec/{case.pk}/giao/", {"assignee": officer.pk}, follow=True).content.decode()
    assert "Vụ việc đã đóng" in page
    client.post(f"/vu-viec/{case.pk}/ghi-chu/", {"text": "Ghi chú sau khi đóng"})
    client.post(f"/vu-viec/{case.pk}/nhan-tin/", {"code": code, "text": "Tin nhắn sau khi đóng"})
    client.post(f"/vu-viec/{case.pk}/viec/", {"title": "Việc sau khi đóng"})
    client.post(f"/vu-viec/{case.pk}/trang-thai/", {"state": "verifying"})
    case.refresh_from_db()
    assert case.assignee is None and not case.notes.exists() and not case.tasks.exists()
    assert not ReportMessage.objects.exists() and case.state == CaseState.CLOSED
    with pytest.raises(services.CaseClosedError):
        services.assign(case, officer, user=officer)
    detail = client.get(f"/vu-viec/{case.pk}/").content.decode()
    assert "Mở lại vụ việc" in detail and 'id="state-form"' not in detail and 'id="n-text"' not in detail

    # Reopening is explicit: a reason is required, and it is recorded in the history and the audit log.
    client.post(f"/vu-viec/{case.pk}/mo-lai/", {"reason": "  "})
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED
    client.post(f"/vu-viec/{case.pk}/mo-lai/", {"reason": "Phụ huynh báo tài khoản lại nhắn tin"})
    case.refresh_from_db()
    assert case.state == CaseState.VERIFYING and case.closure_reason == "" and case.closed_at is None
    assert "Mở lại vụ việc — Phụ huynh báo" in case.events.first().text
    assert AuditEntry.objects.filter(action="case_reopen").count() == 1
    client.post(f"/vu-viec/{case.pk}/ghi-chu/", {"text": "Ghi chú sau khi mở lại"})
    assert case.notes.get().text == "Ghi chú sau khi mở lại"


def test_state_selects_start_empty(user_client, case):
    import re

    client = user_client("thcs.xuly")
    services.change_state(case, CaseState.VERIFYING, user=User.objects.get(username="thcs.xuly"))
    client.post(f"/vu-viec/{case.pk}/go-bo/", {"agency": Agency.objects.filter(kind="platform").first().pk,
                                                 "url": "https://vi.du/bai-dang"})
    html = client.get(f"/vu-viec/{case.pk}/").content.decode()
    for select in re.findall(r'<select name="(?:state|status)".*?</select>', html, flags=re.S):
        first = re.search(r"<option[^>]*>", select).group(0)
        assert 'value=""' in first and "selected" in first, select
        assert select.count("selected") == 1, select
    # Submitting without choosing changes nothing and says why.
    page = client.post(f"/vu-viec/{case.pk}/trang-thai/", {"state": ""}, follow=True).content.decode()
    assert "Hãy chọn trạng thái mới" in page
    case.refresh_from_db()
    assert case.state == CaseState.TAKEDOWN_REQUESTED


def test_durations_in_vietnamese_everywhere(user_client, case):
    import re
    from datetime import datetime

    from mangxanh.core.durations import duration_vi, until_vi

    assert duration_vi(timedelta(minutes=58, seconds=40)) == "58 phút"
    assert duration_vi(timedelta(hours=2, minutes=5, seconds=59)) == "2 giờ 5 phút"
    assert duration_vi(timedelta(days=3, hours=4, minutes=7)) == "3 ngày 4 giờ"
    assert duration_vi(timedelta(seconds=20)) == "dưới 1 phút"
    now = datetime(2026, 1, 1, 8, 0, tzinfo=timezone.get_current_timezone())
    assert until_vi(now + timedelta(minutes=58, seconds=30), now) == "còn 58 phút"
    assert until_vi(now - timedelta(hours=2, minutes=5), now) == "quá hạn 2 giờ 5 phút"

    first, second = case.deadlines.order_by("due_at")[:2]
    Deadline.objects.filter(pk=first.pk).update(due_at=timezone.now() - timedelta(hours=2, minutes=5, seconds=30))
    Deadline.objects.filter(pk=second.pk).update(due_at=timezone.now() + timedelta(minutes=58, seconds=30))
    client = user_client("thcs.xuly")
    for url in ("/vu-viec/", "/vu-viec/danh-sach/", f"/vu-viec/{case.pk}/"):
        html = client.get(url).content.decode()
        assert "Quá hạn 2 giờ 5 phút" in html, url
        assert not re.search(r"\d\s*(minutes?|hours?|days?|weeks?)\b", html), url
    assert "còn 58 phút" in client.get(f"/vu-viec/{case.pk}/").content.decode()
