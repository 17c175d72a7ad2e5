"""React to finished scans: a flagged published item becomes a task for its unit."""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mangxanh.org import permissions
from mangxanh.review.models import Draft, DraftVersion, FlaggedTask, PublishedItem, TaskStatus
from mangxanh.review.notify import notify, people_of

TASK_DUE = timedelta(hours=24)  # the takedown clock of DESIGN.md §7


def draft_version_scanned(sender, item: DraftVersion, scan, **kwargs) -> None:
    """Copy the verdict onto the draft when the scan is of its latest version and no older than the
    scan it already shows (a queryset update: never overwrites fields a request is saving)."""
    Draft.objects.filter(Q(latest_scan__isnull=True) | Q(latest_scan_id__lte=scan.pk), pk=item.draft_id).exclude(
        versions__number__gt=item.number
    ).update(latest_scan=scan, scan_verdict=scan.verdict)


def published_item_scanned(sender, item: PublishedItem, scan, **kwargs) -> None:
    if scan.verdict not in ("review", "block"):
        return
    unit = item.channel.unit
    if FlaggedTask.objects.filter(item=item, status__in=[TaskStatus.OPEN, TaskStatus.IN_PROGRESS]).exists():
        return
    task = FlaggedTask.objects.create(
        unit=unit, item=item, scan=scan, verdict=scan.verdict, categories=scan.categories,
        due_at=timezone.now() + TASK_DUE,
    )
    url = reverse("review:task_detail", kwargs={"pk": task.pk})
    notify(people_of(unit, permissions.roles_for("monitor.handle")), "flagged",
           f"Bài đã đăng trên kênh “{item.channel.name}” cần xem xét: {item}", url)
    if scan.findings.filter(context="disclosure").exists():
        # Someone tells of harm done to them: a person who can help must reach out, not only a moderator.
        notify(people_of(unit, permissions.roles_for("case.view_victim")), "disclosure",
               f"Trên kênh “{item.channel.name}” có người kể việc mình hoặc con mình bị hại; "
               "cần liên hệ hỗ trợ, đừng chỉ gỡ bài.", url)
