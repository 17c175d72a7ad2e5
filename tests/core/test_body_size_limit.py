"""Bodies are bounded before they are read: a request declaring more than MANGXANH_MAX_REQUEST_BYTES gets 413
unread (a Vietnamese page, or the API's JSON error under /api/), and a JSON body over Django's memory limit
is a 413 in the API's format, never a 500 that partners would retry forever."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from mangxanh.intake.models import ApiKey, Report

pytestmark = pytest.mark.django_db

MB = 1024 * 1024


class UnreadableBody:
    """The socket of a 300 MB upload: reading it at all fails the test."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body was read")

    readline = read


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.FILE_UPLOAD_TEMP_DIR = str(tmp_path)
    return tmp_path


def declared(client, path: str, size: int, **extra):
    return client.generic("POST", path, b"", content_type="multipart/form-data; boundary=x",
                          CONTENT_LENGTH=str(size), **{"wsgi.input": UnreadableBody()}, **extra)


def test_the_limit_matches_nginx():
    conf = (Path(django_settings.BASE_DIR).parent / "deploy" / "nginx" / "mangxanh.conf").read_text()
    assert django_settings.MANGXANH_MAX_REQUEST_BYTES == 60 * MB and "client_max_body_size 60m;" in conf


def test_an_anonymous_300_mb_post_is_refused_unread(client, demo, media):
    response = declared(client, "/phan-anh/", 300 * MB)
    assert response.status_code == 413
    body = response.content.decode()
    assert '<html lang="vi">' in body and "Nội dung gửi lên quá lớn (413)" in body and "tối đa 60 MB" in body
    assert "111" in body  # the emergency numbers, as on every error page
    assert not Report.objects.exists() and not [p for p in media.rglob("*") if p.is_file()]


def test_a_300_mb_api_upload_is_a_json_413_unread(client, demo):
    _, raw = ApiKey.issue(unit=demo["SGD-SL"], name="Nền tảng thử nghiệm", scopes=["files:write"])
    response = declared(client, "/api/v1/files", 300 * MB, HTTP_X_API_KEY=raw)
    assert response.status_code == 413 and response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == "too_large" and error["message"] == "Nội dung gửi lên quá lớn."


def test_the_limit_is_a_setting_and_smaller_bodies_pass(client, demo, settings):
    from django.test import Client

    settings.MANGXANH_MAX_REQUEST_BYTES = 1024
    assert Client().post("/phan-anh/", {"description": "x" * 2000}).status_code == 413
    assert Client().post("/phan-anh/", {"description": "ngắn"}).status_code == 200  # the form, with its errors


def test_a_json_body_over_the_memory_limit_is_a_413_in_the_api_format(client, demo):
    _, raw = ApiKey.issue(unit=demo["SGD-SL"], name="Nền tảng thử nghiệm", scopes=["reports:write"])
    body = {"incident_type": ["scam"], "description": "x" * (django_settings.DATA_UPLOAD_MAX_MEMORY_SIZE + 10)}
    response = client.post("/api/v1/reports", json.dumps(body), content_type="application/json",
                           HTTP_X_API_KEY=raw)
    assert response.status_code == 413 and response.json()["error"]["code"] == "too_large"
    assert not Report.objects.exists()


def test_the_api_description_names_the_413(client, demo):
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    for path in ("/api/v1/reports", "/api/v1/reports/batch", "/api/v1/files"):
        assert "413" in paths[path]["post"]["responses"], path
