"""The health page: queue depth, running, failures and last success, for people and probes."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mangxanh.core.tasks import heartbeat

pytestmark = pytest.mark.django_db


def test_empty_queue_is_healthy_and_vietnamese(probe):
    response = probe.get("/suc-khoe/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Hệ thống hoạt động bình thường" in body
    assert "Chưa có" in body  # no task has succeeded yet


def test_json_counts_ready_running_and_failed(probe):
    heartbeat.enqueue()
    heartbeat.enqueue()
    running = heartbeat.enqueue()
    DBTaskResult.objects.filter(pk=running.id).update(status="RUNNING", started_at=timezone.now())
    failed = heartbeat.enqueue()
    DBTaskResult.objects.filter(pk=failed.id).update(status="FAILED", finished_at=timezone.now())
    old_failure = heartbeat.enqueue()
    DBTaskResult.objects.filter(pk=old_failure.id).update(
        status="FAILED", finished_at=timezone.now() - timedelta(days=2)
    )
    data = probe.get("/suc-khoe/?format=json").json()
    assert data["queue_depth"] == 2
    assert data["running"] == 1
    assert data["failed_last_day"] == 1
    assert data["last_failure_task"] == "heartbeat"
    assert data["last_success_at"] is None
    assert data["ok"] is True


def test_last_success_is_shown(probe):
    done = heartbeat.enqueue()
    finished = timezone.now()
    DBTaskResult.objects.filter(pk=done.id).update(status="SUCCESSFUL", finished_at=finished)
    data = probe.get("/suc-khoe/?format=json").json()
    assert data["queue_depth"] == 0
    assert data["last_success_task"] == "heartbeat"
    assert data["last_success_at"] == finished.isoformat()
    body = probe.get("/suc-khoe/").content.decode()
    assert "heartbeat lúc" in body


def test_scheduled_tasks_are_not_queue_depth(probe):
    heartbeat.using(run_after=timezone.now() + timedelta(hours=1)).enqueue()
    data = probe.get("/suc-khoe/?format=json").json()
    assert data["queue_depth"] == 0
    assert data["scheduled"] == 1


def test_stalled_queue_answers_503_for_probes(probe):
    waiting = heartbeat.enqueue()
    DBTaskResult.objects.filter(pk=waiting.id).update(enqueued_at=timezone.now() - timedelta(minutes=30))
    response = probe.get("/suc-khoe/?format=json")
    assert response.status_code == 503
    assert response.json()["queue_stalled"] is True
    page = probe.get("/suc-khoe/")
    assert page.status_code == 503
    assert "tác vụ đang chờ quá lâu" in page.content.decode()


def test_health_shows_no_task_arguments(probe):
    # Task arguments may hold personal data; the public page shows counts only.
    heartbeat.enqueue()
    body = probe.get("/suc-khoe/?format=json").content.decode()
    assert "args" not in body
