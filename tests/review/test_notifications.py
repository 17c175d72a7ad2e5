"""Notifications: in-app for everyone concerned, e-mail only for people who want it."""

from __future__ import annotations

from datetime import timedelta

from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mangxanh.review import drafts as flow
from mangxanh.review.models import Draft, FlaggedTask, Notification, PublishedItem
from tests.review.conftest import make_channel, submitted_draft, user


def test_submit_notifies_reviewers_and_respects_email_choice(demo, user_client, immediate_tasks,
                                                            django_capture_on_commit_callbacks):
    reviewer = user("thcs.duyet")
    reviewer.email_notifications = False
    reviewer.save()
    with django_capture_on_commit_callbacks(execute=True):  # e-mail goes out after the decision commits
        draft = submitted_draft(demo["THCS-BENTHUY"])
    notified = set(Notification.objects.filter(kind="waiting").values_list("user__username", flat=True))
    assert notified == {"thcs.duyet", "thcs.hieutruong"}
    assert [m.to for m in mail.outbox] == [[user("thcs.hieutruong").email]]
    assert "chờ duyệt" in mail.outbox[0].subject
    page = user_client("thcs.duyet").get(reverse("review:notifications")).content.decode()
    assert "đang chờ duyệt" in page and str(draft) in page
    assert not Notification.objects.filter(user=reviewer, read_at__isnull=True).exists()


def test_decisions_notify_the_author(demo):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    flow.claim(draft, user("thcs.duyet"))
    flow.decide(draft, user("thcs.duyet"), "return", comment="Bỏ số điện thoại.")
    assert Notification.objects.filter(user__username="thcs.bientap", kind="returned").exists()


def test_overdue_reminders_are_sent_once(demo):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    Draft.objects.filter(pk=draft.pk).update(submitted_at=timezone.now() - timedelta(hours=50))
    item = PublishedItem.objects.create(channel=make_channel(demo["THCS-BENTHUY"]), guid="a", content_hash="x")
    FlaggedTask.objects.create(unit=demo["THCS-BENTHUY"], item=item, verdict="review",
                               due_at=timezone.now() - timedelta(hours=1))
    call_command("review_remind")
    first = Notification.objects.filter(kind="overdue").count()
    assert first >= 3
    call_command("review_remind")
    assert Notification.objects.filter(kind="overdue").count() == first
