"""Flagged published items: remove / correct / keep with a reason and due time; archive rescans."""

from __future__ import annotations

from django.urls import reverse

from mangxanh.review.feeds import import_export
from mangxanh.review.models import FlaggedTask, RescanJob, TaskStatus
from mangxanh.review.tasks import rescan_items
from mangxanh.scanning.models import Scan
from tests.review.conftest import make_channel, run_pending_scans

EXPORT = ('[{"id": "p1", "message": "Liên hệ cô chủ nhiệm 0912345678 để nộp hồ sơ."},'
          ' {"id": "p2", "message": "Chúc các em thi tốt."}]').encode()


def _flagged(demo) -> FlaggedTask:
    import_export(make_channel(demo["THCS-BENTHUY"]), EXPORT, "xuat.json")
    run_pending_scans()
    return FlaggedTask.objects.get()


def test_decide_correction_with_notice(demo, user_client):
    task = _flagged(demo)
    client = user_client("thcs.duyet")
    url = reverse("review:task_detail", kwargs={"pk": task.pk})
    page = client.get(url).content.decode()
    assert "<mark" in page and "0912345678" in page
    response = client.post(url, {"decision": "correct", "reason": "Lộ số điện thoại cá nhân."})
    assert response.status_code == 200 and "nội dung đính chính" in response.content.decode()
    assert FlaggedTask.objects.get().status == TaskStatus.OPEN
    client.post(url, {"decision": "correct", "reason": "Lộ số điện thoại cá nhân.",
                      "correction_text": "Đính chính: liên hệ văn phòng nhà trường.", "done": "on"})
    task.refresh_from_db()
    assert task.status == TaskStatus.DONE and task.decision == "correct" and task.correction_text.startswith("Đính")
    assert user_client("hongson.duyet").post(url, {"decision": "keep", "reason": "x"}).status_code == 404
    assert FlaggedTask.objects.get().decision == "correct"


def test_rescan_reports_progress_and_stays_in_scope(demo, user_client):
    _flagged(demo)
    before = Scan.objects.count()
    client = user_client("thcs.duyet")
    response = client.post(reverse("review:rescan_start"), {"unit": demo["THCS-BENTHUY"].pk})
    job = RescanJob.objects.get()
    assert response.status_code == 302 and job.finished_at is None
    rescan_items(job)  # what the enqueued rescan_archive task does
    job.refresh_from_db()
    assert job.total == job.done == 2 and job.percent == 100 and Scan.objects.count() == before + 2
    assert FlaggedTask.objects.count() == 1  # the open task is not duplicated
    page = client.get(reverse("review:rescan_status", kwargs={"pk": job.pk})).content.decode()
    assert "2/2" in page
    other = user_client("hongson.duyet")
    assert other.post(reverse("review:rescan_start"), {"unit": demo["THCS-BENTHUY"].pk}).status_code == 404
    assert other.post(reverse("review:rescan_start"), {"unit": "abc"}).status_code == 404
    assert RescanJob.objects.count() == 1
