"""Every stored report is scanned: its task is queued in the report's own transaction, a scan whose
task was lost is queued again by the sweep, and /suc-khoe/ goes not-ok while such work is stuck."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mangxanh.intake.models import Report
from mangxanh.scanning import sweep
from mangxanh.scanning.models import Scan, ScanStatus
from mangxanh.scanning.service import perform_scan
from mangxanh.scanning.tasks import run_scan, sweep_scans
from tests.intake.conftest import submit


@pytest.fixture(autouse=True)
def _limits(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INTAKE_RATE_LIMITS = {"report": (1000, 600), "lookup": (1000, 600)}


def scan_tasks(scan: Scan, status: str = "READY"):
    return DBTaskResult.objects.filter(task_path=run_scan.module_path, status=status,
                                       args_kwargs__args=[scan.pk])


def scan_of(report: Report) -> Scan:
    return Scan.objects.latest_for(report)


def test_the_scan_task_is_queued_with_the_report_not_after_commit(demo):
    # pytest runs the test in one transaction whose commit never comes: an on-commit queue would be empty.
    report = submit(unit=demo["THCS-BENTHUY"]).report
    assert scan_tasks(scan_of(report)).count() == 1


def test_a_rolled_back_report_leaves_no_task(demo):
    with pytest.raises(RuntimeError), transaction.atomic():
        submit(unit=demo["THCS-BENTHUY"])
        raise RuntimeError("crash before commit")
    assert not Report.objects.exists() and not Scan.objects.exists()
    assert not DBTaskResult.objects.filter(task_path=run_scan.module_path).exists()


def test_a_report_whose_scan_task_was_lost_turns_health_red_and_the_sweep_requeues_it(demo, probe):
    report = submit(unit=demo["THCS-BENTHUY"]).report
    scan = scan_of(report)
    scan_tasks(scan).delete()  # the crash between commit and queueing of the old code
    Scan.objects.filter(pk=scan.pk).update(requested_at=timezone.now() - timedelta(minutes=20))

    response = probe.get("/suc-khoe/?format=json")
    assert response.status_code == 503
    assert response.json()["ok"] is False and response.json()["stuck_scans"] == 1
    page = probe.get("/suc-khoe/")
    assert page.status_code == 503 and "chờ quét quá 5 phút" in page.content.decode()

    assert sweep.requeue_stuck_scans() == 1
    assert scan_tasks(scan).count() == 1
    assert sweep.requeue_stuck_scans() == 0  # a queued scan is not queued twice

    perform_scan(scan)  # what the worker does with that task
    scan.refresh_from_db()
    assert scan.status == ScanStatus.DONE
    assert probe.get("/suc-khoe/?format=json").json()["stuck_scans"] == 0


def test_young_scans_and_dead_runs(demo):
    scan = scan_of(submit(unit=demo["THCS-BENTHUY"]).report)
    scan_tasks(scan).delete()
    assert sweep.requeue_stuck_scans() == 0  # under a minute old: its request may not have committed yet
    later = timezone.now() + timedelta(minutes=2)
    assert sweep.requeue_stuck_scans(now=later) == 1
    # A worker killed in the middle leaves its task "running" for ever: after a while it counts as lost.
    scan_tasks(scan).update(status="RUNNING", started_at=timezone.now())
    assert sweep.requeue_stuck_scans(now=later) == 0
    assert sweep.requeue_stuck_scans(now=timezone.now() + timedelta(minutes=30)) == 1


def test_a_scan_that_keeps_failing_is_left_for_a_person(demo):
    scan = scan_of(submit(unit=demo["THCS-BENTHUY"]).report)
    scan_tasks(scan).update(status="FAILED", finished_at=timezone.now())
    for _ in range(sweep.MAX_FAILED_RUNS - 1):
        assert sweep.requeue_stuck_scans(now=timezone.now() + timedelta(minutes=2)) == 1
        scan_tasks(scan).update(status="FAILED", finished_at=timezone.now())
    assert sweep.requeue_stuck_scans(now=timezone.now() + timedelta(minutes=2)) == 0
    assert sweep.stuck_scan_count(now=timezone.now() + timedelta(minutes=10)) == 1


def test_the_sweep_is_a_one_minute_job_of_the_worker_scheduler(demo):
    from mangxanh.core import scheduler

    job = scheduler.job_named("scan_sweep")
    assert job.every == timedelta(minutes=1)
    scan = scan_of(submit(unit=demo["THCS-BENTHUY"]).report)
    scan_tasks(scan).delete()
    Scan.objects.filter(pk=scan.pk).update(requested_at=timezone.now() - timedelta(minutes=5))
    assert "scan_sweep" in scheduler.run_due_jobs()  # what the worker's scheduler thread runs
    assert scan_tasks(scan).count() == 1
    assert sweep_scans.call() == 0  # a sweep queued by an older version still runs, finding nothing to do
