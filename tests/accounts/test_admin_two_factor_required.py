"""With MANGXANH_REQUIRE_ADMIN_2FA, administrators must set up two-factor before any other page."""

import pytest
from django.contrib.auth import get_user_model
from django_otp.plugins.otp_totp.models import TOTPDevice

from tests.accounts.conftest import totp_code

SETUP = "/tai-khoan/bao-mat/bat-xac-thuc-hai-buoc/"


@pytest.fixture
def as_user(client, demo):
    def login(username: str):
        client.force_login(get_user_model().objects.get(username=username))
        return client

    return login


@pytest.mark.parametrize("username", ["admin", "so.quantri", "thcs.quantri"])
def test_administrators_are_sent_to_set_up(settings, as_user, username):
    settings.MANGXANH_REQUIRE_ADMIN_2FA = True
    client = as_user(username)
    for path in ["/", "/tai-khoan/", "/don-vi/", "/nhat-ky/", "/quan-tri/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith(SETUP), path
    page = client.get(SETUP)
    assert page.status_code == 200
    assert "Tài khoản quản trị phải bật xác thực hai bước" in page.content.decode()


def test_superuser_without_role_is_sent_too(settings, client, make_user):
    settings.MANGXANH_REQUIRE_ADMIN_2FA = True
    client.force_login(make_user(is_superuser=True, is_staff=True))
    assert client.get("/quan-tri/")["Location"].startswith(SETUP)


def test_after_setup_the_administrator_works_normally(settings, as_user):
    settings.MANGXANH_REQUIRE_ADMIN_2FA = True
    settings.OTP_TOTP_THROTTLE_FACTOR = 0
    client = as_user("thcs.quantri")
    client.get(SETUP)
    device = TOTPDevice.objects.get(user__username="thcs.quantri")
    client.post(SETUP, {"token": totp_code(device)})
    assert client.get("/").status_code == 200


@pytest.mark.parametrize("username", ["thcs.bientap", "so.lanhdao", "thcs.baovetre"])
def test_other_roles_are_not_forced(settings, as_user, username):
    settings.MANGXANH_REQUIRE_ADMIN_2FA = True
    assert as_user(username).get("/").status_code == 200


def test_setting_off_lets_administrators_in(settings, as_user):
    settings.MANGXANH_REQUIRE_ADMIN_2FA = False
    assert as_user("admin").get("/").status_code == 200


def test_log_out_still_works_for_a_blocked_administrator(settings, as_user):
    settings.MANGXANH_REQUIRE_ADMIN_2FA = True
    client = as_user("admin")
    response = client.post("/tai-khoan/dang-xuat/")
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session


def test_required_defaults_to_production(monkeypatch):
    import importlib

    import mangxanh.settings as project_settings

    monkeypatch.setenv("MANGXANH_PRODUCTION", "1")
    monkeypatch.setenv("SECRET_KEY", "x" * 50)
    monkeypatch.delenv("MANGXANH_REQUIRE_ADMIN_2FA", raising=False)
    try:
        assert importlib.reload(project_settings).MANGXANH_REQUIRE_ADMIN_2FA is True
    finally:
        monkeypatch.delenv("MANGXANH_PRODUCTION")
        importlib.reload(project_settings)
