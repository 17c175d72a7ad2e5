"""Escalation of missed deadlines, retention purge with an audit record, export about a person."""

from __future__ import annotations

import io
import json
from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.utils import timezone

from mangxanh.accounts.models import User
from mangxanh.audit.models import AuditEntry
from mangxanh.intake import services
from mangxanh.intake.models import Case, CaseState, Deadline, Report, VictimSupport
from mangxanh.intake.reminders import escalate
from tests.intake.conftest import submit


def test_missed_deadline_goes_to_parent_unit_once(demo, immediate_tasks, django_capture_on_commit_callbacks):
    case = submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"]).report.case
    Deadline.objects.filter(case=case).update(due_at=timezone.now() - timedelta(minutes=5))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):  # e-mail is queued for after the commit
        call_command("intake", "remind", "--now", stdout=out)
    assert "2 thời hạn" in out.getvalue()
    assert set(Deadline.objects.filter(case=case).values_list("escalated_to__code", flat=True)) == {"XA-BENTHUY"}
    assert escalate() == 0
    assert "quá hạn" in case.events.first().text.lower()
    # Two escalations, each mailed to every person concerned separately.
    assert len({m.body for m in mail.outbox}) == 2 and all(len(m.to) == 1 for m in mail.outbox)
    assert "so.xuly@demo.songlam.edu.vn" in {m.to[0] for m in mail.outbox}
    assert all("quá hạn" in m.body for m in mail.outbox)


def test_purge_after_retention_leaves_audit_record(demo):
    result = submit(description="Nội dung cần xóa", anonymous=False, contact="0912000111", links=["https://vi.du/a"])
    case = result.report.case
    VictimSupport.objects.create(case=case, victim_name="Tên nạn nhân")
    officer = User.objects.get(username="so.xuly")
    services.change_state(case, CaseState.CLOSED, user=officer, reason="resolved")
    call_command("intake", "purge", stdout=io.StringIO())
    assert Report.objects.get().description == "Nội dung cần xóa"  # not yet due
    assert "noi dung can xoa" in Report.objects.get().search_key
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - timedelta(days=800))
    out = io.StringIO()
    call_command("intake", "purge", stdout=out)
    report = Report.objects.get()
    assert report.description == "" and report.contact == "" and report.purged_at
    assert report.search_key == ""  # the folded copy goes with the text
    assert not report.links.exists() and not VictimSupport.objects.exists()
    assert AuditEntry.objects.filter(action="report_purge").count() == 1
    assert "1 phản ánh" in out.getvalue()


def test_export_person(demo):
    submit(description="Báo lần một", anonymous=False, contact="0912000222")
    submit(description="Báo ẩn danh", anonymous=True, contact="0912000222", reported_account="khac")
    out = io.StringIO()
    call_command("intake", "export-person", "0912000222", stdout=out)
    data = json.loads(out.getvalue())
    assert [r["description"] for r in data["reports"]] == ["Báo lần một"]
    assert AuditEntry.objects.filter(action="person_export").exists()


def test_reminder_before_the_deadline_once(demo, immediate_tasks, django_capture_on_commit_callbacks):
    from mangxanh.intake.reminders import remind

    case = submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"]).report.case
    Deadline.objects.filter(case=case, clock__code="tre-em-bao-ngay").update(
        due_at=timezone.now() + timedelta(minutes=30))
    with django_capture_on_commit_callbacks(execute=True):  # e-mail is queued for after the commit
        assert remind() == 1 and remind() == 0
    assert all("sắp đến hạn" in m.subject for m in mail.outbox)
    assert "thcs.xuly@demo.songlam.edu.vn" in {m.to[0] for m in mail.outbox}
