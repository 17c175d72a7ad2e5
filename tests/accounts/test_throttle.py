"""Beyond the (account, address) lock-out: spraying from one address is slowed, a botnet on one
account cannot lock its owner out, and password-reset mail is throttled per address and account."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.core import mail

from tests.accounts.conftest import log_in

OWNER = "198.51.100.20"


@pytest.fixture(autouse=True)
def _limits(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)
    settings.LOGIN_FAILURES_PER_ADDRESS = 6
    settings.LOGIN_FAILURES_PER_ACCOUNT = 4
    settings.PASSWORD_RESET_PER_ADDRESS = 3
    settings.PASSWORD_RESET_PER_ACCOUNT = 2


def test_spraying_many_accounts_from_one_address_is_refused(client, make_user):
    users = [make_user(f"gv{i}", f"gv{i}@truong.edu.vn") for i in range(4)]
    for user in users:  # two tries each: axes' per-account-and-address limit (3) is never reached
        for _ in range(2):
            log_in(client, user.username, "Mua-he-2026", REMOTE_ADDR="203.0.113.7")
    response = log_in(client, users[0].username, REMOTE_ADDR="203.0.113.7")  # the right password
    assert response.status_code == 200 and "_auth_user_id" not in client.session
    assert "quá nhiều lần đăng nhập sai từ địa chỉ mạng này" in response.content.decode()
    # Other addresses are not affected.
    assert log_in(client, users[0].username, REMOTE_ADDR=OWNER).status_code == 302


def test_many_addresses_on_one_account_cannot_lock_out_its_owner(client, user):
    assert log_in(client, "lan.nguyen", REMOTE_ADDR=OWNER).status_code == 302  # her usual address
    client.post("/tai-khoan/dang-xuat/", REMOTE_ADDR=OWNER)
    for i in range(4):  # an attacker rotating addresses, under each address's own limits
        log_in(client, "lan.nguyen", "doan-bua", REMOTE_ADDR=f"203.0.113.{10 + i}")
    fresh = log_in(client, "lan.nguyen", REMOTE_ADDR="203.0.113.99")  # a new address, even with the password
    assert fresh.status_code == 200
    assert "tạm không nhận đăng nhập từ địa chỉ mạng lạ" in fresh.content.decode()
    assert log_in(client, "lan.nguyen", REMOTE_ADDR=OWNER).status_code == 302  # the owner still gets in


def test_reset_mail_is_throttled_per_account_without_telling(client, user):
    for i in range(3):
        response = client.post("/tai-khoan/quen-mat-khau/", {"email": "lan.nguyen@truong.edu.vn"},
                               REMOTE_ADDR=f"203.0.113.{i + 1}")
        assert response.status_code == 302  # the same answer whether or not a mail went
    assert len(mail.outbox) == 2


def test_reset_requests_are_throttled_per_address(client, user):
    for _ in range(3):
        assert client.post("/tai-khoan/quen-mat-khau/", {"email": "ai.do@truong.edu.vn"},
                           REMOTE_ADDR="203.0.113.5").status_code == 302
    response = client.post("/tai-khoan/quen-mat-khau/", {"email": "lan.nguyen@truong.edu.vn"},
                           REMOTE_ADDR="203.0.113.5")
    assert response.status_code == 429
    assert "yêu cầu đặt lại mật khẩu quá nhiều lần" in response.content.decode()
    assert mail.outbox == []
    assert client.post("/tai-khoan/quen-mat-khau/", {"email": "lan.nguyen@truong.edu.vn"},
                       REMOTE_ADDR="198.51.100.1").status_code == 302
