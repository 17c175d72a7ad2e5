"""The shared path: request_scan enqueues in the scan's own transaction, a real worker stores findings, stale scans are skipped."""

import pytest
from django.core.management import call_command
from django.db import transaction
from django_tasks_db.models import DBTaskResult

from mangxanh.scanning.models import QuickCheck, Scan, ScanStatus
from mangxanh.scanning.service import perform_scan, request_scan, scan_completed


def make_check(demo, text: str) -> QuickCheck:
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="thcs.bientap")
    return QuickCheck.objects.create(user=user, unit=demo["THCS-BENTHUY"], text=text)


def test_task_is_stored_with_the_scan_in_the_same_transaction(demo):
    check = make_check(demo, "Liên hệ 0912345678")
    with pytest.raises(RuntimeError), transaction.atomic():
        request_scan(check)
        raise RuntimeError("rolled back")
    assert DBTaskResult.objects.count() == 0 and not Scan.objects.exists()
    scan = request_scan(check)
    task = DBTaskResult.objects.get()  # no commit needed: a crash after it cannot lose the task
    assert task.task_path == "mangxanh.scanning.tasks.run_scan" and task.args_kwargs["args"] == [scan.pk]


# Transactional: the worker closes and reopens database connections, as it does in production.
@pytest.mark.django_db(transaction=True)
def test_the_database_worker_runs_the_scan_and_stores_findings(demo, django_capture_on_commit_callbacks):
    check = make_check(demo, "Con anh đang cấp cứu, chuyển gấp 20 triệu vào STK 0123456789 Vietcombank")
    received = []
    scan_completed.connect(lambda sender, item, scan, **kw: received.append((item.pk, scan.verdict)), weak=False)
    with django_capture_on_commit_callbacks(execute=True):
        scan = request_scan(check)
    call_command("db_worker", batch=True, interval=0.01, no_startup_delay=False)
    scan.refresh_from_db()
    assert scan.status == ScanStatus.DONE
    assert "scam" in scan.categories
    assert scan.verdict in {"review", "block"}
    finding = scan.findings.get(rule__startswith="scam.script")
    assert check.text[finding.start : finding.end] == finding.evidence
    assert received == [(check.pk, scan.verdict)]
    assert DBTaskResult.objects.get().status == "SUCCESSFUL"


def test_an_older_scan_of_a_saved_again_item_is_superseded(demo):
    check = make_check(demo, "Bản nháp một")
    first = request_scan(check)
    check.text = "Bản nháp hai, gọi 0912345678"
    check.save()
    second = request_scan(check)
    assert perform_scan(first).status == ScanStatus.SUPERSEDED
    assert perform_scan(second).status == ScanStatus.DONE
    assert Scan.objects.latest_for(check) == second
    assert second.findings.filter(category="personal_data").exists()


def test_a_deleted_item_fails_cleanly(demo):
    check = make_check(demo, "abc")
    scan = request_scan(check)
    check.delete()
    scan.refresh_from_db()
    done = perform_scan(scan)
    assert done.status == ScanStatus.FAILED
    assert "không còn tồn tại" in done.error
