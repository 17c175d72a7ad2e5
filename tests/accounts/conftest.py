"""Fixtures for the accounts tests: a plain user with a known password, and real TOTP codes."""

from __future__ import annotations

import time

import pytest
from django.contrib.auth import get_user_model
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

PASSWORD = "Rừng-xanh-2026!"
LOGIN_URL = "/tai-khoan/dang-nhap/"
TWO_FACTOR_URL = "/tai-khoan/xac-thuc-hai-buoc/"


@pytest.fixture
def make_user(db):
    def make(username: str = "lan.nguyen", email: str = "lan.nguyen@truong.edu.vn", **fields):
        user = get_user_model()(username=username, email=email, full_name=fields.pop("full_name", "Nguyễn Thị Lan"))
        for name, value in fields.items():
            setattr(user, name, value)
        user.set_password(PASSWORD)
        user.save()
        return user

    return make


@pytest.fixture
def user(make_user):
    return make_user()


def totp_code(device: TOTPDevice, steps: int = 0) -> str:
    """The code the user's phone would show now (or `steps` periods later), from the device key."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = time.time() + steps * device.step
    return f"{totp.token():0{device.digits}d}"


def wrong_code(device: TOTPDevice) -> str:
    valid = {totp_code(device, s) for s in (-1, 0, 1)}
    return next(c for c in ("000000", "111111", "222222", "333333") if c not in valid)


@pytest.fixture
def totp_device(user) -> TOTPDevice:
    return TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=True)


def log_in(client, username: str, password: str = PASSWORD, **extra):
    return client.post(LOGIN_URL, {"username": username, "password": password}, **extra)
