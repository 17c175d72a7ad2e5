"""The "Tài khoản của tôi" page: personal details, notification preference, units and roles held."""

import pytest
from django.contrib.auth import get_user_model

PROFILE = "/tai-khoan/"


@pytest.fixture
def me(client, user):
    client.force_login(user)
    return client


def valid(**changes) -> dict:
    data = {
        "full_name": "Nguyễn Thị Lan",
        "email": "lan.nguyen@truong.edu.vn",
        "phone": "0912 345 678",
        "email_notifications": "on",
    }
    data.update(changes)
    return {k: v for k, v in data.items() if v is not None}


def test_profile_needs_log_in(client, db):
    assert client.get(PROFILE)["Location"].startswith("/tai-khoan/dang-nhap/")


def test_profile_shows_details_and_links(me):
    body = me.get(PROFILE).content.decode()
    assert "Tài khoản của tôi" in body
    assert "lan.nguyen@truong.edu.vn" in body
    assert "/tai-khoan/doi-mat-khau/" in body
    assert "/tai-khoan/bao-mat/" in body
    assert "Bạn chưa được gán vào đơn vị nào." in body


def test_menu_has_an_entry(me):
    assert f'href="{PROFILE}"' in me.get("/").content.decode()


def test_update_details_and_turn_off_notifications(me, user):
    response = me.post(PROFILE, valid(full_name="  Nguyễn   Thị  Lan Anh ", email="Lan.Anh@Truong.edu.vn", email_notifications=None))
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.full_name == "Nguyễn Thị Lan Anh"
    assert user.email == "lan.anh@truong.edu.vn"
    assert user.phone == "0912 345 678"
    assert user.email_notifications is False
    assert "Đã lưu thông tin tài khoản." in me.get(PROFILE).content.decode()


def test_roles_are_listed_read_only(client, demo):
    client.force_login(get_user_model().objects.get(username="thcs.hieutruong"))
    body = client.get(PROFILE).content.decode()
    assert "Lãnh đạo" in body and "Ban biên tập (duyệt tin)" in body
    assert 'name="role"' not in body and 'name="unit"' not in body


def test_roles_cannot_be_changed_through_the_form(me, user):
    me.post(PROFILE, valid(is_superuser="on", is_staff="on", is_demo="on", username="quan.tri"))
    user.refresh_from_db()
    assert not user.is_superuser and not user.is_staff and not user.is_demo
    assert user.username == "lan.nguyen"


@pytest.mark.parametrize(
    "changes, message",
    [
        ({"email": "Minh.Tran@truong.edu.vn"}, "E-mail này đã được dùng cho một tài khoản khác."),
        ({"email": "khong-phai-email"}, "Nhập địa chỉ e-mail hợp lệ."),
        ({"phone": "gọi tôi nhé"}, "Số điện thoại chỉ gồm chữ số"),
        ({"phone": "0" * 40}, "tối đa 30 ký tự"),
        ({"full_name": "L" * 5000}, "tối đa 200 ký tự"),
        ({"full_name": "Lan\x00"}, "Không được chứa ký tự rỗng (null)."),
    ],
)
def test_bad_input_changes_nothing(me, user, make_user, changes, message):
    make_user(username="minh.tran", email="minh.tran@truong.edu.vn")
    response = me.post(PROFILE, valid(**changes))
    assert response.status_code == 200
    assert message in response.content.decode()
    user.refresh_from_db()
    assert user.email == "lan.nguyen@truong.edu.vn"
    assert user.full_name == "Nguyễn Thị Lan"
    assert user.phone == ""


def test_broken_utf8_in_the_form(me, user):
    body = b"full_name=Lan%FF%FE&email=lan.nguyen%40truong.edu.vn&phone="
    response = me.post(PROFILE, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "Họ và tên có ký tự bị lỗi mã hóa." in response.content.decode()
    user.refresh_from_db()
    assert user.full_name == "Nguyễn Thị Lan"


def test_decomposed_diacritics_are_stored_composed(me, user):
    import unicodedata

    me.post(PROFILE, valid(full_name=unicodedata.normalize("NFD", "Trần Thị Thu Hương")))
    user.refresh_from_db()
    assert user.full_name == "Trần Thị Thu Hương"
    assert unicodedata.is_normalized("NFC", user.full_name)
