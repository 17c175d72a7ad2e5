"""Log-in by username or e-mail, with Vietnamese errors; inactive and (in production) demo users refused."""

import pytest
from django.contrib.auth import get_user_model
from django.test import override_settings

from tests.accounts.conftest import LOGIN_URL, PASSWORD, log_in

WRONG = "Tên đăng nhập/e-mail hoặc mật khẩu không đúng."


def is_logged_in(client) -> bool:
    return "_auth_user_id" in client.session


@pytest.mark.parametrize("typed", ["lan.nguyen", "LAN.Nguyen", "  lan.nguyen  ", "lan.nguyen@truong.edu.vn", "Lan.Nguyen@TRUONG.edu.vn"])
def test_username_or_email_in_any_case(client, user, typed):
    response = log_in(client, typed)
    assert response.status_code == 302
    assert is_logged_in(client)


def test_wrong_password_gives_vietnamese_error(client, user):
    response = log_in(client, "lan.nguyen", "sai-mat-khau")
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert not is_logged_in(client)


def test_unknown_user_gets_the_same_error(client, db):
    response = log_in(client, "khong.ton.tai@truong.edu.vn")
    assert WRONG in response.content.decode()


def test_inactive_user_refused(client, make_user):
    make_user(is_active=False)
    response = log_in(client, "lan.nguyen")
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert not is_logged_in(client)


def test_exact_username_wins_over_case_insensitive_match(client, make_user):
    make_user(username="Minh", email="minh.a@truong.edu.vn")
    make_user(username="minh", email="minh.b@truong.edu.vn")
    log_in(client, "minh")
    assert client.session["_auth_user_id"] == str(get_user_model().objects.get(username="minh").pk)
    client.post("/tai-khoan/dang-xuat/")
    # "MINH" matches both accounts case-insensitively: ambiguous, so refused.
    response = log_in(client, "MINH")
    assert WRONG in response.content.decode()


def test_demo_user_refused_in_production(client, make_user):
    make_user(is_demo=True)
    with override_settings(PRODUCTION=True):
        response = log_in(client, "lan.nguyen")
    assert WRONG in response.content.decode()
    assert not is_logged_in(client)


def test_demo_user_allowed_in_development(client, make_user):
    make_user(is_demo=True)
    with override_settings(PRODUCTION=False):
        assert log_in(client, "lan.nguyen").status_code == 302


def test_missing_fields(client, user):
    response = client.post(LOGIN_URL, {})
    body = response.content.decode()
    assert response.status_code == 200
    assert body.count("Trường này là bắt buộc.") == 2


def test_overlong_username(client, user):
    response = log_in(client, "a" * 10_000)
    assert response.status_code == 200
    assert "tối đa 254 ký tự" in response.content.decode()
    assert not is_logged_in(client)


def test_null_character_in_username(client, user):
    response = log_in(client, "lan.nguyen\x00")
    assert response.status_code == 200
    assert "Không được chứa ký tự rỗng (null)." in response.content.decode()


def test_broken_utf8_in_form(client, user):
    body = b"username=lan.nguyen%FF%FE&password=" + PASSWORD.encode("utf-8").replace(b"!", b"%21")
    response = client.post(LOGIN_URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert WRONG in response.content.decode()
    assert not is_logged_in(client)


def test_login_page_redirects_a_logged_in_user(client, user):
    log_in(client, "lan.nguyen")
    response = client.get(LOGIN_URL)
    assert response.status_code == 302


def test_next_is_followed_only_inside_the_site(client, user):
    response = client.post(LOGIN_URL + "?next=https://ke-gian.example/", {"username": "lan.nguyen", "password": PASSWORD})
    assert response.status_code == 302
    assert "ke-gian" not in response["Location"]
