"""Periodic job: remind about overdue flagged items and drafts waiting too long for review."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.urls import reverse
from django.utils import timezone

from mangxanh.org import permissions
from mangxanh.review.models import Draft, DraftStatus, FlaggedTask, Notification, TaskStatus
from mangxanh.review.notify import notify, people_of

REVIEW_WAIT = timedelta(hours=48)


def send_overdue_reminders(now: datetime | None = None) -> int:
    """Notify once per overdue flagged item and once per draft waiting over 48 hours; returns how many."""
    now = now or timezone.now()
    sent = 0
    tasks = FlaggedTask.objects.exclude(status=TaskStatus.DONE).filter(due_at__lt=now).select_related(
        "unit", "item__channel")
    for task in tasks:
        url = reverse("review:task_detail", kwargs={"pk": task.pk})
        if Notification.objects.filter(kind="overdue", url=url).exists():
            continue  # remind once per item
        sent += notify(people_of(task.unit, permissions.roles_for("monitor.handle")), "overdue",
                       f"Quá hạn xử lý bài đã đăng trên kênh “{task.item.channel.name}”: {task.item}", url)
    drafts = Draft.objects.filter(status=DraftStatus.SUBMITTED, submitted_at__lt=now - REVIEW_WAIT)
    for draft in drafts.select_related("unit"):
        url = reverse("review:draft_detail", kwargs={"pk": draft.pk})
        if Notification.objects.filter(kind="overdue", url=url, created_at__gt=draft.submitted_at).exists():
            continue
        sent += notify(people_of(draft.unit, permissions.roles_for("review.decide")), "overdue",
                       f"Bài “{draft}” đã chờ duyệt quá 48 giờ.", url)
    return sent
