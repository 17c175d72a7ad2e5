"""Deadline reminders before the due date and escalation to the parent once overdue."""

from __future__ import annotations

import io

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from mangxanh.plans import services
from tests.plans.conftest import user


def run(*args, capture=None) -> str:
    """Run the command; with django_capture_on_commit_callbacks, also the e-mail it queues after commit."""
    out = io.StringIO()
    if capture is None:
        call_command("plans_remind", *args, stdout=out)
    else:
        with capture(execute=True):
            call_command("plans_remind", *args, stdout=out)
    return out.getvalue()


def test_reminder_days_before_and_escalation_when_overdue(period, demo, immediate_tasks,
                                                          django_capture_on_commit_callbacks):
    capture = django_capture_on_commit_callbacks
    report = services.report_for(period, demo["THCS-BENTHUY"])
    services.approve(report, user("thcs.hieutruong"))
    services.submit(report, user("thcs.hieutruong"))
    output = run("--today", "2026-11-27", "--days-before", "3", capture=capture)
    assert "thư nhắc hạn" in output
    reminded = {address for message in mail.outbox for address in message.to}
    assert "xa.hongson@demo.songlam.edu.vn" in reminded  # a commune that has not reported
    assert "thcs.hieutruong@demo.songlam.edu.vn" not in reminded  # already submitted
    assert all("Sắp đến hạn" in m.subject for m in mail.outbox)
    mail.outbox.clear()
    run("--today", "2026-12-01", capture=capture)
    assert mail.outbox and all("quá hạn" in m.subject for m in mail.outbox)
    escalated = {address for message in mail.outbox for address in message.to}
    assert "so.lanhdao@demo.songlam.edu.vn" in escalated  # the Sở hears about its late communes
    assert "xa.benthuy@demo.songlam.edu.vn" in escalated  # the commune hears about its late schools
    mail.outbox.clear()
    run("--today", "2026-11-10", capture=capture)
    assert not mail.outbox


@pytest.mark.parametrize("args", [("--today", "30/11/2026"), ("--days-before", "-1")])
def test_bad_arguments_get_vietnamese_errors(args, db):
    with pytest.raises(CommandError) as error:
        run(*args)
    assert "không hợp lệ" in str(error.value) or "phải từ" in str(error.value)
