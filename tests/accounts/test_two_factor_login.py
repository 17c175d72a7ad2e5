"""Log-in with two-factor on: the code step before any page, backup codes, wrong codes lock out."""

from datetime import timedelta

import pytest
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from tests.accounts.conftest import TWO_FACTOR_URL, log_in, totp_code, wrong_code


@pytest.fixture(autouse=True)
def _settings(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def test_password_then_code_then_home(client, user, totp_device):
    response = log_in(client, "lan.nguyen")
    assert response.status_code == 302
    home = client.get("/")
    assert home.status_code == 302
    assert home["Location"].startswith(TWO_FACTOR_URL)
    page = client.get(home["Location"])
    assert "Xác thực hai bước" in page.content.decode()
    response = client.post(TWO_FACTOR_URL + "?next=/", {"token": totp_code(totp_device), "next": "/"})
    assert response.status_code == 302
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("path", ["/", "/tai-khoan/", "/tai-khoan/bao-mat/", "/tai-khoan/doi-mat-khau/", "/quan-tri/"])
def test_every_page_waits_for_the_code(client, user, totp_device, path):
    log_in(client, "lan.nguyen")
    response = client.get(path)
    assert response.status_code == 302
    assert response["Location"].startswith(TWO_FACTOR_URL)


def test_log_out_is_possible_before_the_code(client, user, totp_device):
    log_in(client, "lan.nguyen")
    client.post("/tai-khoan/dang-xuat/")
    assert "_auth_user_id" not in client.session


def test_code_with_spaces_is_accepted(client, user, totp_device):
    log_in(client, "lan.nguyen")
    code = totp_code(totp_device)
    response = client.post(TWO_FACTOR_URL, {"token": f"{code[:3]} {code[3:]}"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_backup_code_works_once(client, user, totp_device):
    static = StaticDevice.objects.create(user=user, name="Mã dự phòng", confirmed=True)
    StaticToken.objects.create(device=static, token="abcd2345")
    log_in(client, "lan.nguyen")
    response = client.post(TWO_FACTOR_URL, {"token": "ABCD-2345"}, follow=True)
    assert "còn lại 0 mã" in response.content.decode()
    client.post("/tai-khoan/dang-xuat/")
    log_in(client, "lan.nguyen")
    response = client.post(TWO_FACTOR_URL, {"token": "abcd2345"})
    assert "Mã xác thực không đúng hoặc đã hết hạn." in response.content.decode()


def test_a_used_code_cannot_be_replayed(client, user, totp_device):
    code = totp_code(totp_device)
    log_in(client, "lan.nguyen")
    client.post(TWO_FACTOR_URL, {"token": code})
    client.post("/tai-khoan/dang-xuat/")
    log_in(client, "lan.nguyen")
    response = client.post(TWO_FACTOR_URL, {"token": code})
    assert "Mã xác thực không đúng hoặc đã hết hạn." in response.content.decode()


@pytest.mark.parametrize("token", ["12", "abcdefghijk", "12345a", "\x00\x00\x00\x00\x00\x00", "1" * 300, ""])
def test_bad_format_is_explained_and_not_counted(client, user, totp_device, token):
    log_in(client, "lan.nguyen")
    response = client.post(TWO_FACTOR_URL, {"token": token})
    assert response.status_code == 200
    body = response.content.decode()
    assert any(
        m in body
        for m in ("mã dự phòng 8 ký tự", "Vui lòng nhập mã xác thực.", "Mã xác thực quá dài.", "ký tự rỗng")
    )
    from axes.models import AccessAttempt

    assert not AccessAttempt.objects.exists()


def test_wrong_codes_lock_out_and_log_out(client, user, totp_device):
    log_in(client, "lan.nguyen")
    bad = wrong_code(totp_device)
    for _ in range(2):
        response = client.post(TWO_FACTOR_URL, {"token": bad})
        assert "Mã xác thực không đúng hoặc đã hết hạn." in response.content.decode()
    response = client.post(TWO_FACTOR_URL, {"token": bad})
    assert response.status_code == 429
    assert "Tạm khóa đăng nhập" in response.content.decode()
    assert "_auth_user_id" not in client.session
    # The right password is refused too until the cool-off ends.
    assert log_in(client, "lan.nguyen").status_code == 429


def test_device_throttle_slows_down_guessing(settings, client, user, totp_device):
    settings.OTP_TOTP_THROTTLE_FACTOR = 60
    log_in(client, "lan.nguyen")
    client.post(TWO_FACTOR_URL, {"token": wrong_code(totp_device)})
    response = client.post(TWO_FACTOR_URL, {"token": totp_code(totp_device)})
    assert "Vui lòng đợi ít giây rồi thử lại." in response.content.decode()
    assert client.get("/").status_code == 302


def test_user_without_two_factor_goes_straight_in(client, user):
    log_in(client, "lan.nguyen")
    assert client.get("/").status_code == 200
    assert client.get(TWO_FACTOR_URL).status_code == 302


def test_two_factor_page_needs_a_log_in(client, db):
    response = client.get(TWO_FACTOR_URL)
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/")
