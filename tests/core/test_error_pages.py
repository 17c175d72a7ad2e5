"""Vietnamese error pages with the right status codes when DEBUG is off."""

import pytest

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.core.error_urls")]


@pytest.fixture(autouse=True)
def _production_errors(settings):
    settings.DEBUG = False


def test_404_is_vietnamese(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Không tìm thấy trang (404)" in body
    assert "Page not found" not in body


def test_404_for_logged_in_user_keeps_the_layout(client, demo, user_client):
    response = user_client("thcs.bientap").get("/khong-co-trang-nay/")
    assert response.status_code == 404
    body = response.content.decode()
    assert "Không tìm thấy trang (404)" in body
    assert "Đăng xuất" in body  # menu and user box still there


def test_403_is_vietnamese(client):
    response = client.get("/__test__/403/")
    assert response.status_code == 403
    body = response.content.decode()
    assert "Không có quyền truy cập (403)" in body
    assert "Forbidden" not in body


def test_500_is_vietnamese_and_names_the_emergency_numbers(client):
    client.raise_request_exception = False
    response = client.get("/__test__/500/")
    assert response.status_code == 500
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Đã xảy ra lỗi hệ thống (500)" in body
    assert "111" in body
    assert "deliberate failure" not in body  # no internals leak


def test_csrf_failure_is_a_vietnamese_403(client, demo):
    csrf_client = type(client)(enforce_csrf_checks=True)
    response = csrf_client.post("/tai-khoan/dang-nhap/", {"username": "x", "password": "y"})
    assert response.status_code == 403
    body = response.content.decode()
    assert "Không có quyền truy cập (403)" in body
    assert "Hãy tải lại trang rồi thử lại" in body
    assert "CSRF verification failed" not in body


def test_every_page_has_a_favicon(client):
    for url in ("/", "/khong-co-trang-nay/", "/kenh-chinh-thuc/", "/tai-khoan/dang-nhap/"):
        assert 'rel="icon"' in client.get(url).content.decode(), url
    client.raise_request_exception = False
    assert 'rel="icon"' in client.get("/__test__/500/").content.decode()
    response = client.get("/favicon.ico")
    assert response.status_code == 301 and response["Location"].endswith("core/favicon.ico")
