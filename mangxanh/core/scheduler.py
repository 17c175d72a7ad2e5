"""Periodic work, run by the task workers themselves: nobody has to set up cron.

Every `mangxanh worker` (so `make run` too) starts a SchedulerThread beside its task loop;
every TICK it runs the jobs of JOBS that are due. A job's row (ScheduledJob) holds its next run: a worker claims a due job with one
conditional UPDATE (next_run_at <= now → now + interval), so with many workers exactly one
runs it, and a restart does not run it again early. Errors are kept on the row and shown on
the health page; the job runs again at its next interval.
"""

from __future__ import annotations

import logging
import os
import socket
import threading
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import close_old_connections, connections
from django.utils import timezone

from mangxanh.core.models import ScheduledJob

log = logging.getLogger(__name__)

TICK = timedelta(seconds=30)
# A job whose next run is this far in the past is not being run: the workers are down or stuck.
LATE_AFTER = timedelta(minutes=10)


@dataclass(frozen=True)
class Job:
    name: str
    label: str  # shown on the health page
    every: timedelta
    run: Callable[[], object]


def _escalate_deadlines() -> object:
    from mangxanh.intake.reminders import escalate

    return escalate()


def _purge_expired_reports() -> object:
    from mangxanh.intake.reminders import purge

    return purge()


def _fetch_feeds() -> object:
    from mangxanh.review.tasks import enqueue_feed_fetches

    return enqueue_feed_fetches()


def _review_reminders() -> object:
    from mangxanh.review.reminders import send_overdue_reminders

    return send_overdue_reminders()


def _plan_reminders() -> object:
    from mangxanh.plans.reminders import send_reminders

    sent = send_reminders(timezone.localdate())
    return f"{sent.reminders} nhắc hạn, {sent.escalations} báo quá hạn"


def _sweep_scans() -> object:
    from mangxanh.scanning.sweep import requeue_stuck_scans

    return requeue_stuck_scans()


def _open_waiting_reports() -> object:
    from mangxanh.intake.opening import open_waiting_reports

    return open_waiting_reports()


JOBS: tuple[Job, ...] = (
    Job("scan_sweep", "Quét lại nội dung bị sót", timedelta(minutes=1), _sweep_scans),
    Job("intake_open_sweep", "Mở vụ việc cho phản ánh bị sót", timedelta(minutes=1), _open_waiting_reports),
    Job("intake_deadlines", "Nhắc hạn và chuyển cấp trên vụ việc quá hạn", timedelta(minutes=5),
        _escalate_deadlines),
    Job("review_reminders", "Nhắc việc kiểm duyệt quá hạn", timedelta(hours=1), _review_reminders),
    Job("review_feeds", "Tải RSS/Atom/sitemap của kênh chính thức", timedelta(hours=1), _fetch_feeds),
    Job("plan_reminders", "Nhắc hạn báo cáo định kỳ", timedelta(days=1), _plan_reminders),
    Job("retention_purge", "Xóa dữ liệu hết hạn lưu trữ", timedelta(days=1), _purge_expired_reports),
)


def job_named(name: str) -> Job:
    for job in JOBS:
        if job.name == name:
            return job
    raise KeyError(name)


def claim(job: Job, now: datetime, worker: str = "") -> bool:
    """True when this caller won the due run of job; its next run moves on by one interval at once."""
    ScheduledJob.objects.get_or_create(name=job.name, defaults={"next_run_at": now})
    won = ScheduledJob.objects.filter(name=job.name, next_run_at__lte=now).update(
        next_run_at=now + job.every, last_started_at=now, claimed_by=worker[:64])
    return won == 1


def run_job(job: Job, now: datetime | None = None) -> bool:
    """Run one claimed job and record how it ended; True when it succeeded."""
    now = now or timezone.now()
    try:
        # No surrounding transaction: jobs commit as they go (the purge case by case), and a
        # long job must not hold the database's write lock.
        result = job.run()
    except Exception as exc:  # any failure is recorded and the other jobs still run
        log.exception("scheduled job %s failed", job.name)
        ScheduledJob.objects.filter(name=job.name).update(
            last_finished_at=timezone.now(), last_ok=False, last_error_at=timezone.now(),
            last_error=f"{type(exc).__name__}: {exc}\n{traceback.format_exc(limit=5)}"[-4000:])
        return False
    ScheduledJob.objects.filter(name=job.name).update(
        last_finished_at=timezone.now(), last_ok=True, last_result=str(result)[:200])
    return True


def run_due_jobs(now: datetime | None = None, worker: str = "") -> list[str]:
    """Run every job that is due and that no other worker claimed first; returns their names."""
    now = now or timezone.now()
    worker = worker or f"{socket.gethostname()}-{os.getpid()}"
    ran = []
    for job in JOBS:
        if claim(job, now, worker):
            run_job(job, now)
            ran.append(job.name)
    return ran


class SchedulerThread(threading.Thread):
    """Runs the due jobs every `every` seconds beside the worker's task loop, until stopped.

    Every worker has one; the claim in run_due_jobs makes sure only one of them runs each due job.
    """

    def __init__(self, worker: str, every: float = TICK.total_seconds()):
        super().__init__(name="mangxanh-scheduler", daemon=True)
        self.worker = worker
        self.every = every
        self.stopping = threading.Event()

    def run(self) -> None:
        while not self.stopping.is_set():
            try:
                run_due_jobs(worker=self.worker)
            except Exception:  # a database hiccup must not end the scheduler
                log.exception("scheduler tick failed")
            finally:
                # The thread keeps its own connection: drop it when broken or too old.
                close_old_connections()
            self.stopping.wait(self.every)
        connections.close_all()

    def stop(self, timeout: float = 30) -> None:
        """Let a running job finish (up to timeout seconds), then end."""
        self.stopping.set()
        self.join(timeout)


@dataclass
class JobState:
    name: str
    label: str
    every_seconds: int
    last_started_at: datetime | None
    last_finished_at: datetime | None
    next_run_at: datetime | None
    last_ok: bool | None
    last_error: str
    last_error_at: datetime | None
    late: bool

    @property
    def failing(self) -> bool:
        return self.last_ok is False


def states(now: datetime | None = None) -> list[JobState]:
    """Every job with its recorded state (a job never claimed yet has none)."""
    now = now or timezone.now()
    rows = {row.name: row for row in ScheduledJob.objects.all()}
    out = []
    for job in JOBS:
        row = rows.get(job.name)
        out.append(JobState(
            name=job.name, label=job.label, every_seconds=int(job.every.total_seconds()),
            last_started_at=row.last_started_at if row else None,
            last_finished_at=row.last_finished_at if row else None,
            next_run_at=row.next_run_at if row else None,
            last_ok=row.last_ok if row else None,
            last_error=row.last_error.splitlines()[0] if row and row.last_error else "",
            last_error_at=row.last_error_at if row else None,
            late=bool(row and row.next_run_at < now - LATE_AFTER),
        ))
    return out
