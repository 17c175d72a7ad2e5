"""A 50 MB upload is refused with a Vietnamese message, without keeping it in memory or on disk."""

from django.core.files.uploadedfile import SimpleUploadedFile

from .helpers import snapshot


def test_50_mb_upload_is_refused(demo, user_client):
    client = user_client("xa.benthuy.quantri")
    before = snapshot()
    big = SimpleUploadedFile("lon.xlsx", b"PK\x03\x04" + b"\x00" * (50 * 1024 * 1024))
    response = client.post("/don-vi/nguoi-dung/nhap-tep/", {"file": big})
    assert response.status_code == 200
    assert "Tệp quá lớn: chỉ nhận tệp tối đa 5 MB." in response.content.decode()
    assert snapshot() == before


def test_upload_is_checked_against_the_setting(demo, user_client, settings):
    settings.MANGXANH_MAX_IMPORT_BYTES = 2048
    before = snapshot()
    data = b"Ho va ten,Ten dang nhap\n" + b"a,b\n" * 2000
    response = user_client("xa.benthuy.quantri").post(
        "/don-vi/nguoi-dung/nhap-tep/", {"file": SimpleUploadedFile("a.csv", data)}
    )
    assert "Tệp quá lớn: chỉ nhận tệp tối đa 2 KB." in response.content.decode()
    assert snapshot() == before
