"""Changing the password while logged in, with Django's validators in Vietnamese."""

import pytest

from tests.accounts.conftest import PASSWORD, log_in

CHANGE = "/tai-khoan/doi-mat-khau/"
NEW = "Hoa-phượng-đỏ-2027"


@pytest.fixture
def me(client, user):
    log_in(client, "lan.nguyen")
    return client


def test_needs_log_in(client, db):
    assert client.get(CHANGE)["Location"].startswith("/tai-khoan/dang-nhap/")


def test_change_keeps_the_session(me, user):
    response = me.post(CHANGE, {"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW})
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/"
    assert "Đã đổi mật khẩu." in me.get("/tai-khoan/").content.decode()
    user.refresh_from_db()
    assert user.check_password(NEW)


@pytest.mark.parametrize(
    "data, message",
    [
        ({"old_password": "sai", "new_password1": NEW, "new_password2": NEW}, "Mật khẩu cũ không đúng. Vui lòng nhập lại."),
        ({"old_password": PASSWORD, "new_password1": NEW, "new_password2": NEW + "x"}, "Hai trường mật khẩu không giống nhau."),
        ({"old_password": PASSWORD, "new_password1": "ngan", "new_password2": "ngan"}, "Mật khẩu quá ngắn: cần ít nhất 10 ký tự."),
        ({"old_password": PASSWORD, "new_password1": "password123", "new_password2": "password123"}, "Mật khẩu này quá phổ biến."),
        ({"old_password": PASSWORD, "new_password1": "lan.nguyen1", "new_password2": "lan.nguyen1"}, "Mật khẩu quá giống với"),
        ({"old_password": PASSWORD}, "Trường này là bắt buộc."),
    ],
)
def test_bad_input_keeps_the_old_password(me, user, data, message):
    response = me.post(CHANGE, data)
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.check_password(PASSWORD)
