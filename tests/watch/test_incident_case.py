"""Security incidents are their own case type in intake's case machinery (issue 15, item 4): each
incident has an intake Case of type «Sự cố an ninh mạng», one to one, in the unit's case list and
board, with its severity as the priority, the containment steps as the case's tasks and the
72-hour notification clock as the case's deadline."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from mangxanh.intake import services
from mangxanh.intake.models import Case, CaseState, CaseTask, CaseType, Priority
from mangxanh.review.models import OfficialChannel
from mangxanh.watch import incidents
from mangxanh.watch.models import CHECKLIST, SecurityIncident

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(demo):
    channel = OfficialChannel.objects.create(unit=demo["THCS-BENTHUY"], kind="website", name="Website THCS Bến Thủy",
                                             address="https://thcs-benthuy.example")
    return incidents.open_channel_incident(
        channel, kind="hidden_content", severity="high", title="Liên kết ẩn cờ bạc trên trang chủ",
        key="k1", categories=["gambling"], page_url="https://thcs-benthuy.example/", location="footer > div > a",
        after='<a href="https://nha-cai.example/">nhà cái uy tín</a>')


def test_an_incident_opens_a_security_case(incident):
    case = incident.case
    assert case.case_type == CaseType.SECURITY_INCIDENT
    assert case.get_case_type_display() == "Sự cố an ninh mạng"
    assert case.unit == incident.unit and case.title.startswith("SC-")
    assert case.priority == Priority.HIGH  # severity «Nghiêm trọng»
    assert case.state == CaseState.NEW
    assert [t.title for t in case.tasks.all()] == list(CHECKLIST.values())
    assert Case.objects.get(security_incident=incident) == case
    assert "SC-" in case.events.first().text
    # a report case keeps the default type
    assert Case._meta.get_field("case_type").default == CaseType.REPORT


def test_the_case_is_in_the_units_list_and_board(incident, user_client):
    client = user_client("thcs.xuly")
    page = client.get(reverse("intake:case_list")).content.decode()
    assert incident.case.number in page and "Sự cố an ninh mạng" in page
    only = client.get(reverse("intake:case_list"), {"type": "security_incident"}).content.decode()
    assert incident.case.number in only
    reports = client.get(reverse("intake:case_list"), {"type": "report"}).content.decode()
    assert incident.case.number not in reports
    board = client.get(reverse("intake:case_board")).content.decode()
    assert incident.case.number in board and "Sự cố an ninh mạng" in board
    # another school's case officer does not see it
    other = get_user_model().objects.create_user("hongson.xuly", password="x")
    from mangxanh.org.models import Membership, Role, Unit

    Membership.objects.create(user=other, unit=Unit.objects.get(code="THCS-HONGSON"), role=Role.CASE_OFFICER)
    client.force_login(other)
    assert incident.case.number not in client.get(reverse("intake:case_list")).content.decode()


def test_containment_steps_and_status_follow_the_incident(incident):
    leader = get_user_model().objects.get(username="thcs.hieutruong")
    incidents.set_checklist(incident, {"change_passwords"}, user=None)
    case = Case.objects.get(pk=incident.case_id)
    done = {t.title: bool(t.done_at) for t in case.tasks.all()}
    assert done[CHECKLIST["change_passwords"]] and not done[CHECKLIST["remove_injected"]]
    assert case.state == CaseState.VERIFYING
    incidents.change_status(incident, "contained", user=leader)
    assert Case.objects.get(pk=case.pk).state == CaseState.REMOVED
    # a step ticked on the case's own task list is ticked on the incident too
    for task in case.tasks.filter(done_at__isnull=True):
        task.done_at = timezone.now()
        task.save()
    incident.refresh_from_db()
    assert all(done for _, _, done in incident.checklist_items)
    incidents.change_status(incident, "closed", user=leader)
    case.refresh_from_db()
    assert case.state == CaseState.CLOSED and case.closure_reason == "resolved" and case.closed_at


def test_the_72_hour_clock_is_the_cases_deadline(incident):
    incidents.mark_personal_data_risk(incident, user=None)
    case = Case.objects.get(pk=incident.case_id)
    assert case.priority == Priority.URGENT
    [deadline] = case.deadlines.all()
    assert deadline.due_at == incident.detected_at + timedelta(hours=72)
    assert "72 giờ" in deadline.label and deadline.met_at is None
    incidents.mark_notified(incident, user=None)
    deadline.refresh_from_db()
    assert deadline.met_at == incident.notified_at


def test_intake_state_changes_are_refused_for_a_security_case(incident):
    officer = get_user_model().objects.get(username="thcs.xuly")
    with pytest.raises(services.TransitionError) as refused:
        services.change_state(incident.case, CaseState.CLOSED, user=officer, reason="resolved")
    assert "trang sự cố" in str(refused.value)
    assert Case.objects.get(pk=incident.case_id).state == CaseState.NEW


def test_case_and_incident_pages_link_to_each_other(incident, user_client):
    page = user_client("thcs.hieutruong").get(reverse("intake:case_detail", kwargs={"pk": incident.case_id}))
    html = page.content.decode()
    assert reverse("watch:incident_detail", kwargs={"pk": incident.pk}) in html
    assert 'id="state-form"' not in html
    html = user_client("thcs.hieutruong").get(reverse("watch:incident_detail", kwargs={"pk": incident.pk})).content
    assert reverse("intake:case_detail", kwargs={"pk": incident.case_id}) in html.decode()


def test_every_incident_gets_exactly_one_case(demo):
    made = SecurityIncident.objects.create(unit=demo["THCS-BENTHUY"], kind="other", title="Sự cố", fingerprint="x")
    made.notes = "ghi chú"
    made.save()
    assert Case.objects.filter(security_incident=made).count() == 1
    assert CaseTask.objects.filter(case__security_incident=made).count() == len(CHECKLIST)
