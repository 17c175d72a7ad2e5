"""Two real `mangxanh worker` processes on PostgreSQL share 1,000 tasks: every task runs, none runs twice.

Each run appends its number to a file (one short O_APPEND write, atomic between processes), so a
task run twice would show as a repeated line whatever the task table says. Skipped on SQLite,
where workers serialise anyway (see tests/core/test_worker.py); scripts/run-tests runs it on
PostgreSQL.
"""

from __future__ import annotations

import os
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest
from django.db import connection
from django_tasks import task
from django_tasks_db.models import DBTaskResult

from tests.core.test_worker import ROOT, _database_url

pytestmark = [pytest.mark.slow, pytest.mark.django_db(transaction=True)]
TASKS = 1000


@task()
def record_run(path: str, number: int) -> int:
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, f"{number} {os.getpid()}\n".encode())
    finally:
        os.close(fd)
    return number


def test_two_workers_claim_a_thousand_tasks_none_twice(tmp_path: Path):
    if connection.vendor != "postgresql":
        pytest.skip("parallel workers need PostgreSQL (SELECT … FOR UPDATE SKIP LOCKED)")
    runs = tmp_path / "runs.txt"
    ids = [record_run.enqueue(str(runs), n).id for n in range(TASKS)]
    env = {**os.environ, "DATABASE_URL": _database_url(), "DJANGO_SETTINGS_MODULE": "mangxanh.settings"}
    workers = [subprocess.Popen(
        [sys.executable, "-m", "mangxanh", "worker", "--batch", "--no-scheduler", "--worker-id", f"w{i}"],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    ) for i in range(2)]
    outputs = []
    for worker in workers:
        try:
            outputs.append(worker.communicate(timeout=300))
        except subprocess.TimeoutExpired:
            worker.kill()
            outputs.append(worker.communicate())
    assert all(w.returncode == 0 for w in workers), outputs

    lines = runs.read_text().splitlines()
    numbers = Counter(int(line.split()[0]) for line in lines)
    assert sorted(numbers) == list(range(TASKS))  # every task ran
    assert [n for n, times in numbers.items() if times > 1] == []  # and none twice
    assert len({line.split()[1] for line in lines}) == 2  # both processes took a share

    rows = DBTaskResult.objects.filter(pk__in=ids)
    assert rows.count() == TASKS and set(rows.values_list("status", flat=True)) == {"SUCCESSFUL"}
    claims = Counter(len(w) for w in rows.values_list("worker_ids", flat=True))
    assert claims == {1: TASKS}  # each claimed by exactly one worker, once
