"""Clocks mean what the law means: which referral meets which clock is agency data; escalation reaches
the parent unit's own officers; reminder and escalation e-mails link to the case."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from mangxanh.accounts.models import User
from mangxanh.intake import services
from mangxanh.intake.models import Agency, CaseState, Deadline
from mangxanh.intake.reminders import escalate, remind
from tests.intake.conftest import submit


@pytest.fixture
def officer(demo):
    return User.objects.get(username="thcs.xuly")


def _open_codes(case) -> set[str]:
    return set(Deadline.objects.filter(case=case, met_at__isnull=True).values_list("clock__code", flat=True))


def _verifying_child_case(demo, officer):
    case = submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"]).report.case
    services.change_state(case, CaseState.VERIFYING, user=officer)
    assert {"tre-em-bao-ngay", "tre-em-can-thiep-12h"} <= _open_codes(case)
    return case


def test_referral_to_a_community_project_meets_no_child_protection_clock(demo, officer, client):
    case = _verifying_child_case(demo, officer)
    client.force_login(officer)
    client.post(f"/vu-viec/{case.pk}/chuyen-giao/", {"agency": Agency.objects.get(code="chongluadao").pk})
    case.refresh_from_db()
    assert case.state == CaseState.HANDED_OVER and case.referrals.count() == 1
    assert {"tre-em-bao-ngay", "tre-em-can-thiep-12h"} <= _open_codes(case)


def test_referral_to_111_meets_the_report_clock_only_and_the_ward_meets_both(demo, officer, client):
    case = _verifying_child_case(demo, officer)
    client.force_login(officer)
    client.post(f"/vu-viec/{case.pk}/chuyen-giao/", {"agency": Agency.objects.get(code="tong-dai-111").pk})
    assert "tre-em-bao-ngay" not in _open_codes(case) and "tre-em-can-thiep-12h" in _open_codes(case)
    client.post(f"/vu-viec/{case.pk}/chuyen-giao/", {"agency": Agency.objects.get(code="ubnd-xa").pk})
    assert "tre-em-can-thiep-12h" not in _open_codes(case)


def test_which_clocks_an_agency_meets_is_editable_data(demo, officer):
    case = _verifying_child_case(demo, officer)
    community = Agency.objects.get(code="chongluadao")
    community.meets_clocks = ["tre-em-bao-ngay"]
    community.save()
    services.refer(case, community, user=officer)
    assert "tre-em-bao-ngay" not in _open_codes(case)


def test_escalation_reaches_the_ward_and_links_to_the_case(demo, immediate_tasks,
                                                           django_capture_on_commit_callbacks):
    case = submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"]).report.case
    Deadline.objects.filter(case=case).update(due_at=timezone.now() - timedelta(minutes=5))
    with django_capture_on_commit_callbacks(execute=True):  # e-mail is queued for after the commit
        assert escalate() == 2
    first = [m for m in mail.outbox if m.subject == mail.outbox[0].subject]  # one message per person
    recipients = {address for m in first for address in m.to}
    assert "xa.benthuy@demo.songlam.edu.vn" in recipients  # the ward's own officer
    assert "so.xuly@demo.songlam.edu.vn" in recipients
    assert "xa.hongson@demo.songlam.edu.vn" not in recipients
    assert f"/vu-viec/{case.pk}/" in mail.outbox[0].body


def test_reminder_links_to_the_case(demo, immediate_tasks, django_capture_on_commit_callbacks):
    case = submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"]).report.case
    Deadline.objects.filter(case=case, clock__code="tre-em-bao-ngay").update(
        due_at=timezone.now() + timedelta(minutes=30))
    with django_capture_on_commit_callbacks(execute=True):  # e-mail is queued for after the commit
        assert remind() == 1
    assert f"/vu-viec/{case.pk}/" in mail.outbox[0].body


def test_reminders_and_escalation_run_by_themselves(demo):
    from mangxanh.core.scheduler import job_named, run_job

    job = job_named("intake_deadlines")
    assert job.every == timedelta(minutes=5)  # the worker's scheduler runs it, no cron entry
    case = submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"]).report.case
    Deadline.objects.filter(case=case).update(due_at=timezone.now() - timedelta(minutes=5))
    assert run_job(job)
    assert Deadline.objects.filter(case=case, escalated_at__isnull=False).count() == 2
