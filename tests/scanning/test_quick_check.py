"""Quick check: paste a text, the scan runs in a task, findings appear highlighted; private to its author."""

import pytest

from mangxanh.scanning.models import QuickCheck, Scan, ScanStatus
from mangxanh.scanning.service import perform_scan

TEXT = "Chúc mừng em Lê Văn Minh lớp 8A, CCCD 036211004567, số điện thoại 0912 345 678."


def run_pending() -> None:
    for scan in Scan.objects.filter(status=ScanStatus.PENDING):
        perform_scan(scan)


def test_saving_returns_at_once_and_findings_arrive_after_the_task(demo, user_client, django_capture_on_commit_callbacks):
    client = user_client("thcs.bientap")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/kiem-tra-nhanh/", {"text": TEXT})
    check = QuickCheck.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/kiem-tra-nhanh/{check.pk}/"
    # Nothing was scanned inside the request: the scan waits for the worker.
    assert Scan.objects.get().status == ScanStatus.PENDING
    pending = client.get(f"/kiem-tra-nhanh/{check.pk}/ket-qua/").content.decode()
    assert "Đang quét" in pending and "hx-get" in pending

    run_pending()
    page = client.get(f"/kiem-tra-nhanh/{check.pk}/ket-qua/").content.decode()
    assert "Cần xem xét" in page
    assert "<mark" in page and "036211004567</mark>" in page
    assert "Lộ dữ liệu cá nhân" in page
    assert "0362******67" in page  # the masked copy
    assert "hx-get" not in page


def test_another_person_cannot_see_a_check(demo, user_client):
    owner = user_client("thcs.bientap")
    owner.post("/kiem-tra-nhanh/", {"text": TEXT})
    check = QuickCheck.objects.get()
    for username in ["thcs.duyet", "thcs.hieutruong", "so.lanhdao", "admin"]:
        other = user_client(username)
        assert other.get(f"/kiem-tra-nhanh/{check.pk}/").status_code == 404, username
        assert other.get(f"/kiem-tra-nhanh/{check.pk}/ket-qua/").status_code == 404, username


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Hãy dán văn bản cần kiểm tra."),
        ("   \n\t ", "Hãy dán văn bản cần kiểm tra."),
        ("a" * (QuickCheck.MAX_LENGTH + 1), "Văn bản dài quá 20000 ký tự"),
    ],
)
def test_bad_input_gets_a_vietnamese_message_and_stores_nothing(demo, user_client, text, message):
    response = user_client("thcs.bientap").post("/kiem-tra-nhanh/", {"text": text})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert QuickCheck.objects.count() == 0 and Scan.objects.count() == 0


def test_broken_and_decomposed_unicode_is_stored_as_nfc(demo, user_client):
    client = user_client("thcs.bientap")
    client.post("/kiem-tra-nhanh/", {"text": "Ho\u0300a bi\u0300nh \ufffd"})
    check = QuickCheck.objects.get()
    assert check.text.startswith("Hòa bình")
    run_pending()
    assert Scan.objects.get().status == ScanStatus.DONE


def test_null_characters_are_refused(demo, user_client):
    response = user_client("thcs.bientap").post("/kiem-tra-nhanh/", {"text": "abc\x00def"})
    assert response.status_code == 200
    assert "errorlist" in response.content.decode()
    assert QuickCheck.objects.count() == 0


def test_a_person_without_a_unit_cannot_use_it(db, client, django_user_model):
    user = django_user_model.objects.create_user("khach", password="x")
    client.force_login(user)
    assert client.get("/kiem-tra-nhanh/").status_code == 403
    assert client.post("/kiem-tra-nhanh/", {"text": TEXT}).status_code == 403
    assert QuickCheck.objects.count() == 0


def test_a_lesson_that_names_a_harm_is_allowed_and_says_what_it_names(demo, user_client, django_capture_on_commit_callbacks):
    client = user_client("thcs.bientap")
    lesson = "Chuyên đề phòng chống ma túy: tác hại của thuốc lắc và cách từ chối khi bạn bè rủ rê."
    with django_capture_on_commit_callbacks(execute=True):
        client.post("/kiem-tra-nhanh/", {"text": lesson})
    run_pending()
    scan = Scan.objects.get()
    assert scan.verdict == "allow" and scan.categories == [] and scan.discussed == ["drugs_gambling"]
    page = client.get(f"/kiem-tra-nhanh/{QuickCheck.objects.get().pk}/ket-qua/").content.decode()
    assert "Cho phép" in page and "nhắc đến ma túy" in page.lower()
