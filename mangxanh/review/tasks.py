"""Background work: fetching feeds and rescanning a unit's archive."""

from __future__ import annotations

from django.utils import timezone
from django_tasks import task

from mangxanh.review.models import FeedSource, PublishedItem, RescanJob


def enqueue_feed_fetches(unit_code: str | None = None) -> int:
    """Queue one fetch task per active source of an active channel (optionally one unit's); returns how many."""
    sources = FeedSource.objects.filter(active=True, channel__active=True)
    if unit_code:
        sources = sources.filter(channel__unit__code=unit_code)
    ids = list(sources.values_list("pk", flat=True))
    for pk in ids:
        fetch_source.enqueue(pk)
    return len(ids)


@task()
def fetch_source(source_id: int) -> str:
    from mangxanh.review.feeds import run_source

    source = FeedSource.objects.select_related("channel__unit").filter(pk=source_id, active=True).first()
    if source is None:
        return "missing"
    run = run_source(source)
    return "ok" if run.ok else run.error


def rescan_items(job: RescanJob) -> RescanJob:
    """Scan every published item of the unit's subtree again, counting progress as it goes."""
    from mangxanh.scanning.service import perform_scan, request_scan

    items = PublishedItem.objects.filter(channel__unit__path__startswith=job.unit.path).select_related("channel__unit")
    job.total = items.count()
    job.done = 0
    job.save(update_fields=["total", "done"])
    for item in items.iterator():
        perform_scan(request_scan(item))
        job.done += 1
        if job.done % 20 == 0:
            job.save(update_fields=["done"])
    job.finished_at = timezone.now()
    job.save(update_fields=["done", "finished_at"])
    return job


@task()
def rescan_archive(job_id: int) -> str:
    job = RescanJob.objects.select_related("unit").filter(pk=job_id, finished_at__isnull=True).first()
    if job is None:
        return "missing"
    rescan_items(job)
    return f"{job.done}/{job.total}"
