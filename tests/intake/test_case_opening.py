"""Acknowledging a report stores the report and queues its case opening; the task does the rest.

Issue (fast intake): the request holds only what the acknowledgement needs; grouping, clocks,
evidence custody, alerts, audit entries and the scan follow in mangxanh.intake.opening.open_case,
queued in the report's own transaction. A lost task is caught by the sweep, and /suc-khoe/ goes
not-ok while a report waits too long for its case.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
from django.db import transaction
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from mangxanh.audit.models import AuditEntry
from mangxanh.intake import opening, services
from mangxanh.intake.models import Case, Report
from mangxanh.intake.tasks import open_case
from mangxanh.scanning.models import Scan
from tests.intake.conftest import open_cases, submit
from tests.intake.test_api import body, post


@pytest.fixture(autouse=True)
def _limits(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INTAKE_RATE_LIMITS = {"report": (1000, 600), "lookup": (1000, 600)}


def opening_tasks(report: Report):
    return DBTaskResult.objects.filter(task_path=open_case.module_path, args_kwargs__args=[report.pk])


def store(demo, **kwargs) -> Report:
    data = {"categories": ["harassment"], "description": "Nhóm lớp 8B chế ảnh bêu xấu một bạn.",
            "unit": demo["THCS-BENTHUY"], **kwargs}
    return services.submit_report(services.ReportInput(**data)).report


def test_the_acknowledgement_stores_the_report_and_queues_its_opening_only(client, partner):
    _, raw = partner
    response = post(client, raw, body(), HTTP_IDEMPOTENCY_KEY="k-1")
    assert response.status_code == 201, response.content
    # The partner hears the state of a new case, as before: received and waiting for an officer.
    assert response.json()["status"] == "new" and response.json()["status_message"].startswith("Đã tiếp nhận")
    report = Report.objects.get(code=response.json()["code"])
    assert report.case is None and not Case.objects.exists() and not Scan.objects.exists()
    # No audit entry in the request: acknowledging never waits for the chain's lock.
    assert not AuditEntry.objects.filter(object_type="intake.report").exists()
    assert opening_tasks(report).filter(status="READY").count() == 1  # queued in the same transaction

    opening.open_case(report.pk)  # what the worker's task does
    report.refresh_from_db()
    assert report.case.unit.code == "THCS-BENTHUY" and report.case.deadlines.exists()
    assert Scan.objects.latest_for(report).status == "pending"
    entry = AuditEntry.objects.get(object_type="intake.report", object_id=str(report.pk), action="create")
    assert "Nền tảng thử nghiệm" in entry.message and report.description not in json.dumps(entry.changes)
    assert entry.unit_id == report.case.unit_id


def test_opening_twice_changes_nothing(demo):
    report = store(demo)
    case = opening.open_case(report.pk)
    assert case is not None
    counts = (Case.objects.count(), Scan.objects.count(), AuditEntry.objects.count())
    assert opening.open_case(report.pk) is None  # a task run twice, or the sweep after the task
    assert (Case.objects.count(), Scan.objects.count(), AuditEntry.objects.count()) == counts
    assert opening.open_case(10**9) is None  # a report purged meanwhile


def test_a_rolled_back_report_leaves_no_opening_task(demo):
    with pytest.raises(RuntimeError), transaction.atomic():
        store(demo)
        raise RuntimeError("crash before commit")
    assert not Report.objects.exists()
    assert not DBTaskResult.objects.filter(task_path=open_case.module_path).exists()


def test_a_report_whose_task_was_lost_turns_health_red_until_the_sweep_opens_its_case(demo, probe):
    report = store(demo)
    opening_tasks(report).delete()  # a worker killed mid-task, or a backend that lost it
    assert opening.open_waiting_reports() == 0  # under a minute old: its task may still be waiting
    Report.objects.filter(pk=report.pk).update(submitted_at=timezone.now() - timedelta(seconds=150))

    # Two minutes without its case: no worker takes tasks; a danger report must not wait five unseen.
    response = probe.get("/suc-khoe/?format=json")
    assert response.status_code == 503 and response.json()["stuck_reports"] == 1
    assert response.json()["waiting_reports"] == 1
    page = probe.get("/suc-khoe/")
    assert "chưa được mở vụ việc" in page.content.decode()

    assert opening.open_waiting_reports() == 1
    report.refresh_from_db()
    assert report.case is not None
    assert probe.get("/suc-khoe/?format=json").json()["stuck_reports"] == 0


def test_the_reporter_sees_received_before_the_case_is_opened(client, demo):
    client.get("/phan-anh/")
    from tests.intake.test_public_form import form_data

    response = client.post("/phan-anh/", form_data())
    assert response.status_code == 302
    report = Report.objects.get()
    assert report.case is None
    done = client.get("/phan-anh/da-gui/")
    assert done.status_code == 200 and report.code in done.content.decode()
    pin = done.context["pin"]
    looked_up = client.post("/phan-anh/tra-cuu/", {"code": report.code, "pin": pin}, follow=True)
    page = looked_up.content.decode()
    assert "Đã tiếp nhận, đang chờ cán bộ xem xét." in page and "Gửi bổ sung" in page


def test_duplicates_are_grouped_by_the_task(demo):
    first = submit(unit=demo["THCS-BENTHUY"], links=["https://vi.du/bai-viet"]).report
    second = store(demo, links=["https://www.vi.du/bai-viet/"])
    open_cases()
    second.refresh_from_db()
    assert second.case_id == first.case_id
    assert second.case.events.filter(text="Nhận thêm phản ánh trùng nội dung").exists()


def test_clocks_and_custody_run_from_the_receipt_not_from_when_the_worker_got_to_it(demo, tmp_path):
    """QA walk: with the worker down for two minutes, a danger report showed «còn 59 phút» of a 1-hour clock."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mangxanh.files.uploads import accept_upload
    from tests.intake.conftest import png_bytes

    shot = accept_upload(SimpleUploadedFile("tin-nhan.png", png_bytes(), content_type="image/png"),
                         allowed={"image/png"}, max_bytes=10**6, keep_original=True)
    report = store(demo, categories=["self_harm"], in_danger=True, files=[shot],
                   description="Một bạn lớp 9 nhắn sẽ uống hết thuốc ngủ tối nay.")
    received = timezone.now() - timedelta(minutes=40)  # the worker was down for forty minutes
    Report.objects.filter(pk=report.pk).update(submitted_at=received)

    case = opening.open_case(report.pk)
    assert case.opened_at == received
    assert case.events.get(text="Tiếp nhận phản ánh, mở vụ việc").at == received
    deadlines = list(case.deadlines.select_related("clock"))
    assert deadlines and all(d.due_at == received + timedelta(minutes=d.clock.minutes) for d in deadlines)
    evidence = case.evidence.get()
    assert evidence.captured_at == received and evidence.custody.get().at == received


def test_officers_are_told_when_reports_wait_for_their_case(demo, user_client):
    """QA walk: with the worker down, the board showed nothing while an in-danger report waited."""
    school_report = store(demo, in_danger=True, categories=["self_harm"])
    elsewhere = store(demo, unit=demo["SGD-SL"])
    young = store(demo)
    Report.objects.filter(pk__in=[school_report.pk, elsewhere.pk]).update(
        submitted_at=timezone.now() - timedelta(minutes=3))

    school_officer = user_client("thcs.xuly").get("/vu-viec/").content.decode()
    assert 'id="waiting-reports"' in school_officer and "Có 1 phản ánh đã nhận hơn 1 phút" in school_officer
    department = user_client("so.xuly").get("/vu-viec/").content.decode()
    assert "Có 2 phản ánh đã nhận hơn 1 phút" in department  # its own and its school's, not the young one

    opening.open_waiting_reports()
    assert 'id="waiting-reports"' not in user_client("thcs.xuly").get("/vu-viec/").content.decode()
    assert young.pk in opening.waiting_reports(older_than=timedelta(0)).values_list("pk", flat=True)


def test_the_same_post_shared_with_tracking_tags_is_a_duplicate(demo):
    """QA walk: a link with ?utm_source=x opened a second case for the same post."""
    first = submit(unit=demo["THCS-BENTHUY"], links=["https://www.facebook.com/groups/hs.benthuy/posts/88812"]).report
    tagged = submit(unit=demo["THCS-BENTHUY"],
                    links=["https://m.facebook.com/groups/hs.benthuy/posts/88812/?utm_source=x&fbclid=IwAR0abc"]).report
    other_post = submit(unit=demo["THCS-BENTHUY"],
                        links=["https://www.facebook.com/groups/hs.benthuy/posts/88813?utm_source=x"]).report
    assert tagged.case_id == first.case_id
    assert other_post.case_id != first.case_id
    assert services.link_key("https://vi.du/bai?id=1&v=2") == services.link_key("https://vi.du/bai?v=2&id=1&utm_medium=a")
    assert services.link_key("https://vi.du/bai?id=1") != services.link_key("https://vi.du/bai?id=2")
