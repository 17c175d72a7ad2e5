"""No stored item stays unscanned: re-queue pending scans that have no live task.

request_scan() queues the task in the same transaction as the scan (database task backend),
so a commit stores both or neither. A task can still be lost after that: a worker killed
in the middle of it, a backend that queues after commit, rows restored from a backup. The
sweep runs every minute in the worker (job scan_sweep of mangxanh.core.scheduler) and queues again
every pending scan older than a minute whose task is neither waiting nor running. A scan
whose task failed MAX_FAILED_RUNS times in a day is left pending for a person to look at:
the health page counts it as stuck work.
"""

from __future__ import annotations

import logging
from collections import Counter
from datetime import datetime, timedelta

from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mangxanh.scanning.models import Scan, ScanStatus

log = logging.getLogger(__name__)

SWEEP_AFTER = timedelta(minutes=1)  # younger pending scans may still be in their request's transaction
STUCK_AFTER = timedelta(minutes=5)  # the health page reports pending scans older than this
DEAD_RUN_AFTER = timedelta(minutes=10)  # a scan takes well under a second: a longer "running" task died
MAX_FAILED_RUNS = 3
BATCH = 1000


def _scan_task_path() -> str:
    from mangxanh.scanning.tasks import run_scan

    return run_scan.module_path


def _scan_ids(results) -> Counter[int]:
    counts: Counter[int] = Counter()
    for args_kwargs in results.values_list("args_kwargs", flat=True):
        args = (args_kwargs or {}).get("args") or []
        if args and isinstance(args[0], int):
            counts[args[0]] += 1
    return counts


def live_task_scan_ids(now: datetime) -> set[int]:
    """Scans whose task is waiting, scheduled, or running (and not abandoned by a dead worker)."""
    tasks = DBTaskResult.objects.filter(task_path=_scan_task_path())
    waiting = tasks.filter(status="READY")
    running = tasks.filter(status="RUNNING", started_at__gte=now - DEAD_RUN_AFTER)
    return set(_scan_ids(waiting)) | set(_scan_ids(running))


def requeue_stuck_scans(now: datetime | None = None) -> int:
    """Queue again every pending scan older than SWEEP_AFTER that has no live task; returns how many."""
    from mangxanh.scanning.tasks import run_scan

    now = now or timezone.now()
    pending = list(
        Scan.objects.filter(status=ScanStatus.PENDING, requested_at__lt=now - SWEEP_AFTER)
        .order_by("pk").values_list("pk", flat=True)[:BATCH]
    )
    if not pending:
        return 0
    live = live_task_scan_ids(now)
    failed = _scan_ids(DBTaskResult.objects.filter(task_path=_scan_task_path(), status="FAILED",
                                                   finished_at__gte=now - timedelta(days=1)))
    queued = 0
    for pk in pending:
        if pk in live or failed[pk] >= MAX_FAILED_RUNS:
            continue
        run_scan.enqueue(pk)
        queued += 1
    if queued:
        log.warning("re-queued %d pending scan(s) that had no task", queued)
    return queued


def stuck_scan_count(now: datetime | None = None) -> int:
    """Pending scans older than STUCK_AFTER: work that should have been done by now."""
    now = now or timezone.now()
    return Scan.objects.filter(status=ScanStatus.PENDING, requested_at__lt=now - STUCK_AFTER).count()
