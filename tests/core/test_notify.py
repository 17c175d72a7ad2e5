"""The one notification service: in-app now, e-mail queued after the decision commits, never blocking it."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend

from mangxanh.core.notify import notify
from mangxanh.review import drafts as flow
from mangxanh.review.models import Draft, DraftStatus, Notification, ReviewEvent
from tests.review.conftest import submitted_draft, user


class RefusingBackend(BaseEmailBackend):
    """A mail backend that is broken: every send raises."""

    attempts: list[str] = []

    def send_messages(self, messages):
        RefusingBackend.attempts.extend(address for m in messages for address in m.to)
        raise RuntimeError("mail server down")  # not only OSError: any failure of any backend


def test_email_waits_for_commit_and_goes_to_each_person_alone(demo, immediate_tasks,
                                                              django_capture_on_commit_callbacks):
    people = [user("thcs.duyet"), user("thcs.hieutruong")]
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        notified = notify(people, kind="waiting", subject="Bài viết chờ duyệt", body="Bài “A” chờ duyệt.",
                          url="/kiem-duyet/1/")
        assert Notification.objects.filter(kind="waiting").count() == 2  # in-app: in the same transaction
    assert notified.in_app == 2 and notified.emails == 2
    assert not mail.outbox and len(callbacks) == 1  # the e-mail is only queued, for after the commit
    callbacks[0]()
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in people)
    assert all(len(m.to) == 1 for m in mail.outbox)  # nobody sees who else was told
    assert mail.outbox[0].subject == "[Mạng Xanh] Bài viết chờ duyệt"
    assert "http://" in mail.outbox[0].body and "/kiem-duyet/1/" in mail.outbox[0].body


def test_people_who_want_no_email_get_only_the_in_app_notice(demo, immediate_tasks,
                                                             django_capture_on_commit_callbacks):
    quiet = user("thcs.duyet")
    quiet.email_notifications = False
    quiet.save()
    with django_capture_on_commit_callbacks(execute=True):
        notified = notify([quiet, None, quiet], kind="waiting", subject="S", body="B")
    assert notified.in_app == 1 and notified.emails == 0 and not mail.outbox


@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_server_never_rolls_back_a_decision(demo, settings, immediate_tasks):
    settings.EMAIL_BACKEND = "tests.core.test_notify.RefusingBackend"
    RefusingBackend.attempts.clear()
    draft = submitted_draft(demo["THCS-BENTHUY"])
    reviewer = user("thcs.duyet")
    flow.claim(draft, reviewer)
    flow.decide(draft, reviewer, "return", comment="Bỏ số điện thoại của học sinh.")
    # Committed (this test runs outside a wrapping transaction): the decision, its history, the bell.
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.RETURNED
    assert ReviewEvent.objects.filter(draft=draft, action="return", actor=reviewer).exists()
    assert Notification.objects.filter(user__username="thcs.bientap", kind="returned").exists()
    # The e-mail was tried, after the commit, and its failure stayed in the task.
    assert user("thcs.bientap").email in RefusingBackend.attempts
    assert not mail.outbox
