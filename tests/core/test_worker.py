"""A real `mangxanh worker` process runs enqueued tasks; the health page then shows them done.

The worker is a separate process, so it must reach the test database: PostgreSQL
(the CI run) always can. pytest-django's SQLite test database lives in memory
and cannot be shared with another process, so there these tests are skipped;
tests/core/test_run_command.py covers SQLite with a file database instead.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.db import connection
from django_tasks_db.models import DBTaskResult

from mangxanh.core.tasks import heartbeat

ROOT = Path(__file__).resolve().parents[2]
pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]


def _database_url() -> str:
    s = connection.settings_dict
    if connection.vendor == "sqlite":
        if connection.is_in_memory_db():
            pytest.skip("in-memory SQLite test database cannot be shared with a worker process")
        return f"sqlite:///{s['NAME']}"
    auth = s["USER"] + (f":{s['PASSWORD']}" if s["PASSWORD"] else "")
    return f"postgres://{auth}@{s['HOST'] or '127.0.0.1'}:{s['PORT'] or 5432}/{s['NAME']}"


def _start_worker(*extra: str) -> subprocess.Popen:
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "mangxanh.settings"}
    return subprocess.Popen(
        [sys.executable, "-m", "mangxanh", "worker", "--interval", "0.2", *extra],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )


def _wait_until_done(ids: list[str], timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if not DBTaskResult.objects.filter(pk__in=ids).exclude(status__in=["SUCCESSFUL", "FAILED"]).exists():
            return
        time.sleep(0.2)
    pytest.fail("the worker did not finish the tasks in time")


def _stop(worker: subprocess.Popen) -> tuple[int, str]:
    if worker.poll() is None:
        worker.send_signal(signal.SIGINT)
    try:
        output, _ = worker.communicate(timeout=15)
    except subprocess.TimeoutExpired:
        worker.kill()
        output, _ = worker.communicate()
    return worker.returncode, output


def test_worker_runs_task_and_health_page_shows_it(probe):
    url = _database_url()
    assert url  # skip decision happens before any process starts
    result = heartbeat.enqueue()
    assert probe.get("/suc-khoe/?format=json").json()["queue_depth"] == 1

    worker = _start_worker()
    try:
        _wait_until_done([result.id])
    finally:
        code, output = _stop(worker)
    assert code == 0, output  # SIGINT stops it cleanly

    row = DBTaskResult.objects.get(pk=result.id)
    assert row.status == "SUCCESSFUL", row.traceback
    data = probe.get("/suc-khoe/?format=json").json()
    assert data["queue_depth"] == 0
    assert data["running"] == 0
    assert data["last_success_task"] == "heartbeat"
    assert "heartbeat lúc" in probe.get("/suc-khoe/").content.decode()


def test_two_workers_never_run_the_same_task():
    if connection.vendor != "postgresql":
        pytest.skip("parallel workers need PostgreSQL (SELECT … FOR UPDATE SKIP LOCKED)")
    ids = [heartbeat.enqueue().id for _ in range(30)]
    workers = [_start_worker("--worker-id", f"w{i}") for i in range(2)]
    try:
        _wait_until_done(ids)
    finally:
        outputs = [_stop(w) for w in workers]
    assert all(code == 0 for code, _ in outputs), outputs
    rows = DBTaskResult.objects.filter(pk__in=ids)
    assert {r.status for r in rows} == {"SUCCESSFUL"}
    # Each task was claimed by exactly one worker.
    assert all(len(r.worker_ids) == 1 for r in rows)
    assert {r.worker_ids[0] for r in rows} <= {"w0", "w1"}
