"""core.workflow: one locked, checked, recorded and audited way to decide, for every model with states."""

from __future__ import annotations

import pytest

from mangxanh.accounts.models import User
from mangxanh.audit.models import AuditEntry
from mangxanh.core import workflow
from mangxanh.intake import services
from mangxanh.intake.models import Agency, Case, CaseState, TakedownRequest, TakedownStatus
from mangxanh.plans.models import REPORT_TRANSITIONS, Report
from mangxanh.review import flagged
from mangxanh.review.models import (
    DRAFT_TRANSITIONS,
    TASK_TRANSITIONS,
    Draft,
    FlaggedTask,
    TaskStatus,
    WorkflowError,
)
from tests.intake.conftest import submit
from tests.review.conftest import make_channel, run_pending_scans


@pytest.fixture
def officer(demo):
    return User.objects.get(username="thcs.xuly")


def test_every_deciding_model_declares_its_steps():
    assert Draft.TRANSITIONS is DRAFT_TRANSITIONS and FlaggedTask.TRANSITIONS is TASK_TRANSITIONS
    assert Report.TRANSITIONS is REPORT_TRANSITIONS and TakedownRequest.STATE_FIELD == "status"
    for model in (Case, Draft, FlaggedTask, Report, TakedownRequest):
        field = model._meta.get_field(workflow.state_field(model))
        states = {value for value, _ in field.choices}
        assert set(model.TRANSITIONS) <= states
        assert all(set(targets) <= states for targets in model.TRANSITIONS.values()), model


def test_a_refused_step_says_why_in_vietnamese_and_stores_nothing(demo, officer):
    case = submit(unit=demo["THCS-BENTHUY"]).report.case
    takedown = TakedownRequest.objects.create(case=case, agency=Agency.objects.filter(kind="platform").first(),
                                              url="https://vi.du/bai", sent_by=officer)
    before = AuditEntry.objects.count()
    with pytest.raises(services.TransitionError, match="Không thể chuyển yêu cầu gỡ bỏ"):
        services.update_takedown(takedown, TakedownStatus.RECHECKED, user=officer)
    with pytest.raises(services.TransitionError):
        services.update_takedown(takedown, "<script>", user=officer)
    takedown.refresh_from_db()
    assert takedown.status == TakedownStatus.SENT and takedown.rechecked_at is None
    assert AuditEntry.objects.count() == before and not case.events.filter(text__contains="Yêu cầu gỡ bỏ").exists()


def test_an_allowed_step_is_recorded_in_the_history_and_the_audit_log(demo, officer):
    case = submit(unit=demo["THCS-BENTHUY"]).report.case
    services.change_state(case, CaseState.VERIFYING, user=officer)
    platform = Agency.objects.filter(kind="platform").first()
    takedown = services.request_takedown(case, platform, "https://vi.du/bai", user=officer)
    services.update_takedown(takedown, TakedownStatus.REMOVED, user=officer)
    takedown.refresh_from_db()
    case.refresh_from_db()
    assert takedown.status == TakedownStatus.REMOVED and takedown.removed_at
    assert case.state == CaseState.REMOVED
    assert case.events.filter(actor=officer, text__contains="Đã gỡ").exists()
    entry = AuditEntry.objects.filter(action="takedown_state", object_id=str(takedown.pk)).get()
    assert entry.actor_username == officer.username or entry.actor_id in (None, officer.pk)
    assert "Đã gửi → Đã gỡ" in entry.message


def test_a_flagged_post_decision_names_the_scan_it_relied_on(demo):
    from mangxanh.review.feeds import import_export

    post = '[{"id": "p1", "message": "Liên hệ cô chủ nhiệm 0912345678 để nộp hồ sơ."}]'.encode()
    import_export(make_channel(demo["THCS-BENTHUY"]), post, "xuat.json")
    run_pending_scans()
    task = FlaggedTask.objects.get()
    reviewer = User.objects.get(username="thcs.duyet")
    flagged.decide_task(task, user=reviewer, decision="remove", reason="Lộ số điện thoại giáo viên", done=True)
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.decided_by == reviewer and task.done_at
    entry = AuditEntry.objects.get(action="task_decision", object_id=str(task.pk))
    assert "Gỡ bài: Lộ số điện thoại giáo viên" in entry.message and f"lần quét #{task.scan_id}" in entry.message


def test_the_models_own_error_class_is_raised(demo):
    draft = Draft.objects.create(unit=demo["THCS-BENTHUY"], author=User.objects.get(username="thcs.bientap"))
    with pytest.raises(WorkflowError, match="chưa có nội dung"):
        workflow.transition(draft, "submitted", user=draft.author)
    with pytest.raises(WorkflowError, match="Không thể chuyển bài viết từ «Đang soạn» sang «Đã duyệt»"):
        workflow.transition(draft, "approved", user=draft.author)
    draft.refresh_from_db()
    assert draft.status == "draft"


def test_reopening_a_case_is_a_declared_step_that_goes_through_transition(demo, officer):
    """CLOSED → VERIFYING is in Case.TRANSITIONS; workflow.transition() checks the capability and the reason
    and records actor and reason; any other step out of CLOSED stays refused."""
    from django.core.exceptions import PermissionDenied

    assert tuple(Case.TRANSITIONS[CaseState.CLOSED]) == (CaseState.VERIFYING,)
    case = submit(unit=demo["THCS-BENTHUY"]).report.case
    services.change_state(case, CaseState.CLOSED, user=officer, reason="unfounded")
    before = AuditEntry.objects.count()
    with pytest.raises(services.TransitionError, match="Không thể chuyển vụ việc"):
        workflow.transition(case, CaseState.REMOVED, user=officer, reason="nhảy cóc")  # undeclared jump
    with pytest.raises(services.TransitionError, match="lý do mở lại"):
        workflow.transition(case, CaseState.VERIFYING, user=officer, reason="")
    editor = User.objects.get(username="thcs.bientap")  # no "case.act" at the school
    with pytest.raises(PermissionDenied):
        workflow.transition(case, CaseState.VERIFYING, user=editor, reason="Tôi muốn mở lại")
    with pytest.raises(PermissionDenied):
        services.reopen(case, user=editor, reason="Tôi muốn mở lại")
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.closure_reason == "unfounded"
    assert AuditEntry.objects.count() == before

    services.reopen(case, user=officer, reason="Phụ huynh báo tài khoản lại nhắn tin")
    case.refresh_from_db()
    assert case.state == CaseState.VERIFYING and case.closure_reason == "" and case.closed_at is None
    event = case.events.first()
    assert (event.actor, event.from_state, event.to_state) == (officer, CaseState.CLOSED, CaseState.VERIFYING)
    assert event.text == "Mở lại vụ việc — Phụ huynh báo tài khoản lại nhắn tin"
    entry = AuditEntry.objects.get(action="case_reopen", object_id=str(case.pk))
    assert entry.message == "Mở lại vụ việc đã đóng (Không có căn cứ): Phụ huynh báo tài khoản lại nhắn tin"
