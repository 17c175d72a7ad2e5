"""What an operator needs to know about the task queue, read from the database task backend.

The health page and its JSON twin read only counts and timestamps: no task
arguments or return values, which may hold personal data.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from django.core.cache import cache
from django.db import DatabaseError, connection
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mangxanh.core.scheduler import JobState, states
from mangxanh.intake.opening import stuck_report_count, waiting_reports
from mangxanh.scanning.sweep import stuck_scan_count

# A queue whose oldest ready task waits longer than this has no (working) worker.
STALE_AFTER = timedelta(minutes=5)


@dataclass
class Health:
    database_ok: bool
    cache_ok: bool = True  # the (shared) cache holding rate limits and lock-outs answers
    queue_depth: int = 0  # ready to run now
    scheduled: int = 0  # waiting for a later run_after
    running: int = 0
    failed_last_day: int = 0
    succeeded_last_day: int = 0
    oldest_waiting_since: datetime | None = None
    last_success_at: datetime | None = None
    last_success_task: str = ""
    last_failure_at: datetime | None = None
    last_failure_task: str = ""
    stuck_scans: int = 0  # pending scans older than STUCK_AFTER (mangxanh.scanning.sweep)
    stuck_reports: int = 0  # reports still without a case after REPORT_STUCK_AFTER (mangxanh.intake.opening)
    waiting_reports: int = 0  # reports over a minute old without a case yet (normally 0)
    checked_at: datetime | None = None
    jobs: list[JobState] = field(default_factory=list)  # periodic jobs (mangxanh.core.scheduler)

    @property
    def late_jobs(self) -> list[str]:
        return [job.name for job in self.jobs if job.late]

    @property
    def failing_jobs(self) -> list[str]:
        return [job.name for job in self.jobs if job.failing]

    @property
    def queue_stalled(self) -> bool:
        """True when ready tasks wait too long: no worker is running, or it is stuck."""
        if self.oldest_waiting_since is None or self.checked_at is None:
            return False
        return self.checked_at - self.oldest_waiting_since > STALE_AFTER

    @property
    def ok(self) -> bool:
        return (self.database_ok and self.cache_ok and not self.queue_stalled and not self.stuck_scans
                and not self.stuck_reports and not self.late_jobs and not self.failing_jobs)

    def as_json(self) -> dict:
        data = {key: _json_value(value) for key, value in asdict(self).items()}
        data["queue_stalled"] = self.queue_stalled
        data["late_jobs"] = self.late_jobs
        data["failing_jobs"] = self.failing_jobs
        data["ok"] = self.ok
        return data


def _json_value(value):
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, list):
        return [_json_value(item) for item in value]
    if isinstance(value, dict):
        return {key: _json_value(item) for key, item in value.items()}
    return value


def _short_name(task_path: str) -> str:
    return task_path.rsplit(".", 1)[-1]


def cache_answers() -> bool:
    """Write and read back a value: with CACHE_URL set, Redis being down breaks rate limits and log-in."""
    try:
        cache.set("mx:health", "ok", 30)
        return cache.get("mx:health") == "ok"
    except Exception:  # any client error (connection refused, timeout) means not ok
        return False


def check() -> Health:
    now = timezone.now()
    cache_ok = cache_answers()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        results = DBTaskResult.objects
        ready = results.ready()
        day_ago = now - timedelta(days=1)
        oldest = ready.order_by("enqueued_at").values_list("enqueued_at", flat=True).first()
        last_ok = results.successful().order_by("-finished_at").only("finished_at", "task_path").first()
        last_failed = results.failed().order_by("-finished_at").only("finished_at", "task_path").first()
        depth = ready.count()
        return Health(
            database_ok=True,
            cache_ok=cache_ok,
            queue_depth=depth,
            scheduled=results.filter(status="READY").count() - depth,
            running=results.running().count(),
            failed_last_day=results.failed().filter(finished_at__gte=day_ago).count(),
            succeeded_last_day=results.successful().filter(finished_at__gte=day_ago).count(),
            oldest_waiting_since=oldest,
            last_success_at=last_ok.finished_at if last_ok else None,
            last_success_task=_short_name(last_ok.task_path) if last_ok else "",
            last_failure_at=last_failed.finished_at if last_failed else None,
            last_failure_task=_short_name(last_failed.task_path) if last_failed else "",
            stuck_scans=stuck_scan_count(now),
            stuck_reports=stuck_report_count(now),
            waiting_reports=waiting_reports(now).count(),
            checked_at=now,
            jobs=states(now),
        )
    except DatabaseError:
        return Health(database_ok=False, cache_ok=cache_ok, checked_at=now)
