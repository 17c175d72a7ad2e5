"""Password reset by e-mail: Vietnamese mail, working one-time link, no user enumeration."""

import re

import pytest
from django.core import mail
from django.test import override_settings

from tests.accounts.conftest import log_in

RESET_URL = "/tai-khoan/quen-mat-khau/"
NEW_PASSWORD = "Biển-xanh-mây-trắng-77"


def request_reset(client, email: str):
    return client.post(RESET_URL, {"email": email})


def link_in(message) -> str:
    return re.search(r"http://testserver(/tai-khoan/dat-lai-mat-khau/\S+/)", message.body).group(1)


def test_mail_is_vietnamese_and_the_link_works_once(client, user):
    response = request_reset(client, "Lan.Nguyen@truong.edu.vn")
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/quen-mat-khau/da-gui/"
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["lan.nguyen@truong.edu.vn"]
    assert message.subject == "Đặt lại mật khẩu Mạng Xanh"
    assert "Xin chào Nguyễn Thị Lan" in message.body

    link = link_in(message)
    form_page = client.get(link, follow=True)
    assert "Lưu mật khẩu mới" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD})
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password(NEW_PASSWORD)

    again = client.get(link, follow=True)
    assert "không hợp lệ hoặc đã được dùng" in again.content.decode()
    assert log_in(client, "lan.nguyen", NEW_PASSWORD).status_code == 302


def test_unknown_email_looks_the_same_and_sends_nothing(client, user):
    known = request_reset(client, "lan.nguyen@truong.edu.vn")
    unknown = request_reset(client, "nguoi.la@truong.edu.vn")
    assert known.status_code == unknown.status_code == 302
    assert known["Location"] == unknown["Location"]
    assert len(mail.outbox) == 1


def test_inactive_user_gets_no_mail(client, make_user):
    make_user(is_active=False)
    request_reset(client, "lan.nguyen@truong.edu.vn")
    assert mail.outbox == []


def test_demo_user_gets_no_mail_in_production(client, make_user):
    make_user(is_demo=True)
    with override_settings(PRODUCTION=True):
        request_reset(client, "lan.nguyen@truong.edu.vn")
    assert mail.outbox == []


def test_done_page_is_vietnamese(client, db):
    page = client.get("/tai-khoan/quen-mat-khau/da-gui/")
    assert "Nếu e-mail này có trong hệ thống" in page.content.decode()


@pytest.mark.parametrize(
    "email, message",
    [
        ("khong-phai-email", "Nhập địa chỉ e-mail hợp lệ."),
        ("", "Trường này là bắt buộc."),
        ("a" * 300 + "@truong.edu.vn", "tối đa 254 ký tự"),
    ],
)
def test_bad_email_input(client, user, email, message):
    response = request_reset(client, email)
    assert response.status_code == 200
    assert message in response.content.decode()
    assert mail.outbox == []


def test_weak_new_password_rejected_in_vietnamese(client, user):
    request_reset(client, "lan.nguyen@truong.edu.vn")
    form_page = client.get(link_in(mail.outbox[0]), follow=True)
    set_url = form_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "12345678", "new_password2": "12345678"})
    body = response.content.decode()
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in body
    assert "Mật khẩu này hoàn toàn là số." in body
    user.refresh_from_db()
    assert not user.check_password("12345678")


def test_tampered_token_is_refused(client, user):
    request_reset(client, "lan.nguyen@truong.edu.vn")
    link = link_in(mail.outbox[0])
    broken = link.rstrip("/")[:-3] + "xyz/"
    page = client.get(broken, follow=True)
    assert "không hợp lệ hoặc đã được dùng" in page.content.decode()
