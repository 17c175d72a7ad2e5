"""Periodic work runs by itself: the worker's scheduler runs each due job once (among any number of
workers), records its last run, next run and last error, and the health page shows them to
administrators while the public answer says only ok / not ok."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection, connections
from django.test import Client
from django.utils import timezone

from mangxanh.core import scheduler
from mangxanh.core.models import ScheduledJob
from mangxanh.intake.models import Case, CaseState, Deadline, Report
from tests.intake.conftest import submit

EXPECTED_JOBS = {"scan_sweep", "intake_open_sweep", "intake_deadlines", "review_reminders", "review_feeds", "plan_reminders",
                 "retention_purge"}


@pytest.fixture(autouse=True)
def _limits(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INTAKE_RATE_LIMITS = {"report": (1000, 600), "lookup": (1000, 600)}


@pytest.mark.django_db
def test_every_periodic_job_is_scheduled_and_runs_once_per_interval():
    assert {job.name for job in scheduler.JOBS} == EXPECTED_JOBS
    now = timezone.now()
    assert set(scheduler.run_due_jobs(now)) == EXPECTED_JOBS  # a fresh installation runs them all at start
    assert scheduler.run_due_jobs(now) == []  # a second worker (or a restart) at the same time runs nothing
    assert scheduler.run_due_jobs(now + timedelta(seconds=59)) == []
    assert scheduler.run_due_jobs(now + timedelta(seconds=61)) == ["scan_sweep", "intake_open_sweep"]
    assert set(scheduler.run_due_jobs(now + timedelta(hours=1, seconds=1))) == {
        "scan_sweep", "intake_open_sweep", "intake_deadlines", "review_reminders", "review_feeds"}
    row = ScheduledJob.objects.get(name="retention_purge")
    assert row.last_started_at == now and row.next_run_at == now + timedelta(days=1)
    assert row.last_ok is True and row.last_error == "" and row.last_finished_at >= now


def test_overdue_deadlines_are_escalated_and_old_cases_purged_without_cron(demo):
    case = submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"]).report.case
    Deadline.objects.filter(case=case).update(due_at=timezone.now() - timedelta(minutes=5))
    old = submit(description="Nội dung cần xóa", unit=demo["THCS-BENTHUY"]).report.case
    Case.objects.filter(pk=old.pk).update(state=CaseState.CLOSED, closed_at=timezone.now() - timedelta(days=800))

    scheduler.run_due_jobs()

    assert not Deadline.objects.filter(case=case, escalated_at__isnull=True).exists()
    assert Report.objects.get(case=old).purged_at is not None
    assert ScheduledJob.objects.get(name="intake_deadlines").last_result == "2"


def _failing_job(monkeypatch) -> None:
    def boom():
        raise RuntimeError("máy chủ thư không trả lời")

    monkeypatch.setattr(scheduler, "JOBS", (*scheduler.JOBS, scheduler.Job("broken", "Việc hỏng", timedelta(hours=1),
                                                                           boom)))


def test_a_failing_job_is_recorded_and_the_others_still_run(db, monkeypatch):
    _failing_job(monkeypatch)
    ran = scheduler.run_due_jobs()
    assert set(ran) == EXPECTED_JOBS | {"broken"}
    row = ScheduledJob.objects.get(name="broken")
    assert row.last_ok is False and "RuntimeError: máy chủ thư không trả lời" in row.last_error
    assert row.next_run_at > timezone.now()  # tried again at its next interval, not in a tight loop
    assert all(r.last_ok for r in ScheduledJob.objects.exclude(name="broken"))


def test_health_shows_jobs_to_administrators_and_only_ok_to_the_public(demo, monkeypatch, user_client, client):
    _failing_job(monkeypatch)
    scheduler.run_due_jobs()

    admin = user_client("admin")
    data = admin.get("/suc-khoe/?format=json").json()
    assert data["ok"] is False and data["failing_jobs"] == ["broken"]
    jobs = {job["name"]: job for job in data["jobs"]}
    assert set(jobs) == EXPECTED_JOBS | {"broken"}
    assert jobs["retention_purge"]["last_started_at"] and jobs["retention_purge"]["next_run_at"]
    assert jobs["broken"]["last_error"].startswith("RuntimeError")
    page = admin.get("/suc-khoe/")
    assert page.status_code == 503
    body = page.content.decode()
    assert "Việc định kỳ" in body and "Xóa dữ liệu hết hạn lưu trữ" in body and "máy chủ thư không trả lời" in body

    public = client.get("/suc-khoe/?format=json")
    assert public.status_code == 503 and public.json() == {"ok": False}
    page = client.get("/suc-khoe/")
    body = page.content.decode()
    assert page.status_code == 503 and "Hệ thống đang gặp sự cố" in body
    assert "máy chủ thư" not in body and "Việc định kỳ" not in body and "Tác vụ" not in body
    staff = user_client("thcs.quantri")  # a unit administrator is not a system administrator
    assert staff.get("/suc-khoe/?format=json").json() == {"ok": False}
    assert Client(HTTP_AUTHORIZATION="Bearer wrong").get("/suc-khoe/?format=json").json() == {"ok": False}


def test_a_job_not_run_for_long_turns_health_red(db, probe):
    scheduler.run_due_jobs()
    assert probe.get("/suc-khoe/?format=json").json()["ok"] is True
    ScheduledJob.objects.filter(name="scan_sweep").update(next_run_at=timezone.now() - timedelta(minutes=30))
    response = probe.get("/suc-khoe/?format=json")
    assert response.status_code == 503 and response.json()["late_jobs"] == ["scan_sweep"]
    assert "việc định kỳ không chạy đúng hạn" in probe.get("/suc-khoe/").content.decode()


@pytest.mark.django_db(transaction=True)
def test_concurrent_workers_claim_a_due_job_exactly_once():
    if connection.vendor != "postgresql":
        pytest.skip("concurrent connections to the in-memory SQLite test database are not possible")
    job = scheduler.job_named("retention_purge")
    now = timezone.now()
    ScheduledJob.objects.create(name=job.name, next_run_at=now)
    start = threading.Barrier(8)
    wins: list[bool] = []

    def worker(i: int) -> None:
        try:
            start.wait()
            wins.append(scheduler.claim(job, now, f"w{i}"))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert wins.count(True) == 1 and len(wins) == 8


@pytest.mark.django_db(transaction=True)
def test_the_scheduler_thread_runs_jobs_and_stops():
    if connection.vendor == "sqlite" and connection.is_in_memory_db():
        pytest.skip("the thread's own connection cannot see the in-memory SQLite test database")
    thread = scheduler.SchedulerThread("test", every=0.05)
    thread.start()
    try:
        deadline = timezone.now() + timedelta(seconds=60)
        while not ScheduledJob.objects.filter(name="retention_purge", last_ok=True).exists():
            assert timezone.now() < deadline, "the scheduler thread ran no job"
            threading.Event().wait(0.1)
    finally:
        thread.stop(timeout=30)
    assert not thread.is_alive()
    assert set(ScheduledJob.objects.filter(claimed_by="test").values_list("name", flat=True)) == EXPECTED_JOBS
