"""Turning TOTP two-factor on (QR code, confirming code, backup codes shown once) and off."""

import pytest
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import totp_code, wrong_code

SECURITY = "/tai-khoan/bao-mat/"
SETUP = "/tai-khoan/bao-mat/bat-xac-thuc-hai-buoc/"
DISABLE = "/tai-khoan/bao-mat/tat-xac-thuc-hai-buoc/"
REGENERATE = "/tai-khoan/bao-mat/tao-ma-du-phong/"
CODES = "/tai-khoan/bao-mat/ma-du-phong/"


@pytest.fixture(autouse=True)
def _no_throttle(settings):
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    settings.OTP_STATIC_THROTTLE_FACTOR = 0


@pytest.fixture
def me(client, user):
    client.force_login(user)
    return client


def turn_on(client, user) -> list[str]:
    client.get(SETUP)
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    response = client.post(SETUP, {"token": totp_code(device)})
    assert response.status_code == 302
    assert response["Location"] == CODES
    page = client.get(CODES).content.decode()
    codes = list(StaticToken.objects.filter(device__user=user).values_list("token", flat=True))
    assert all(code in page for code in codes)
    return codes


def test_security_page_offers_two_factor(me):
    body = me.get(SECURITY).content.decode()
    assert "Bảo mật tài khoản" in body
    assert "Đang tắt." in body
    assert SETUP in body


def test_setup_page_shows_inline_svg_qr_and_secret(me, user):
    body = me.get(SETUP).content.decode()
    assert "<svg" in body and "<?xml" not in body
    assert "http" not in body.split("<svg", 1)[1].split("</svg>", 1)[0].replace("http://www.w3.org", "")
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    # Reloading keeps the same key so a half-finished scan still works.
    me.get(SETUP)
    assert TOTPDevice.objects.filter(user=user).count() == 1
    assert TOTPDevice.objects.get(user=user).key == device.key


def test_turn_on_with_a_real_code_and_see_backup_codes_once(me, user):
    codes = turn_on(me, user)
    assert len(codes) == 10
    assert TOTPDevice.objects.get(user=user).confirmed
    # Shown once: the page is gone on reload.
    again = me.get(CODES)
    assert again.status_code == 302
    assert not any(code in me.get(SECURITY).content.decode() for code in codes)
    # The session that turned it on counts as verified.
    assert me.get("/").status_code == 200


@pytest.mark.parametrize(
    "token, message",
    [
        ("12345", "Hãy nhập mã 6 chữ số trong ứng dụng xác thực."),
        ("abcdefgh", "Hãy nhập mã 6 chữ số trong ứng dụng xác thực."),
        ("١٢٣٤٥٦", "Hãy nhập mã 6 chữ số trong ứng dụng xác thực."),
        ("", "Vui lòng nhập mã xác thực."),
        ("9" * 500, "Mã xác thực quá dài."),
    ],
)
def test_bad_code_format_is_refused(me, user, token, message):
    me.get(SETUP)
    response = me.post(SETUP, {"token": token})
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()


def test_wrong_code_is_refused(me, user):
    me.get(SETUP)
    device = TOTPDevice.objects.get(user=user)
    response = me.post(SETUP, {"token": wrong_code(device)})
    assert "Mã xác thực không đúng hoặc đã hết hạn." in response.content.decode()
    assert not TOTPDevice.objects.filter(confirmed=True).exists()
    assert not StaticToken.objects.exists()


def test_turning_off_needs_a_current_code(me, user):
    turn_on(me, user)
    device = TOTPDevice.objects.get(user=user)
    response = me.post(DISABLE, {"token": wrong_code(device)}, follow=True)
    assert "Mã xác thực không đúng hoặc đã hết hạn." in response.content.decode()
    assert TOTPDevice.objects.filter(user=user).exists()

    response = me.post(DISABLE, {"token": ""}, follow=True)
    assert "Vui lòng nhập mã xác thực." in response.content.decode()

    response = me.post(DISABLE, {"token": totp_code(device, 1)}, follow=True)
    assert "Đã tắt xác thực hai bước." in response.content.decode()
    assert not TOTPDevice.objects.filter(user=user).exists()
    assert not StaticToken.objects.exists()


def test_turning_off_with_get_is_not_allowed(me, user):
    turn_on(me, user)
    assert me.get(DISABLE).status_code == 405
    assert TOTPDevice.objects.filter(user=user).exists()


def test_a_backup_code_can_turn_it_off(me, user):
    codes = turn_on(me, user)
    response = me.post(DISABLE, {"token": codes[0].upper()}, follow=True)
    assert "Đã tắt xác thực hai bước." in response.content.decode()


def test_new_backup_codes_replace_the_old(me, user):
    old = turn_on(me, user)
    device = TOTPDevice.objects.get(user=user)
    response = me.post(REGENERATE, {"token": totp_code(device, 1)})
    assert response["Location"] == CODES
    new = list(StaticToken.objects.values_list("token", flat=True))
    assert len(new) == 10 and not set(new) & set(old)


def test_administrator_cannot_turn_it_off_when_required(settings, client, make_user, demo):
    settings.MANGXANH_REQUIRE_ADMIN_2FA = True
    from django.contrib.auth import get_user_model

    admin = get_user_model().objects.get(username="thcs.quantri")
    client.force_login(admin)
    turn_on(client, admin)
    device = TOTPDevice.objects.get(user=admin)
    response = client.post(DISABLE, {"token": totp_code(device, 1)}, follow=True)
    assert "không thể tắt" in response.content.decode()
    assert TOTPDevice.objects.filter(user=admin).exists()
