"""Lock-out after repeated failures (django-axes) with our username-or-e-mail log-in."""

from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.core.management import call_command
from django.utils import timezone

from tests.accounts.conftest import log_in


@pytest.fixture(autouse=True)
def _limit(settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = timedelta(minutes=15)


def fail(client, typed: str, times: int, **extra):
    for _ in range(times):
        response = log_in(client, typed, "sai-mat-khau", **extra)
    return response


def test_locked_out_even_with_the_right_password(client, user):
    response = fail(client, "lan.nguyen", 3)
    assert response.status_code == 429
    body = response.content.decode()
    assert "Tạm khóa đăng nhập" in body
    assert "15 phút" in body
    response = log_in(client, "lan.nguyen")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_username_and_email_spellings_count_together(client, user):
    log_in(client, "lan.nguyen", "sai")
    log_in(client, "LAN.NGUYEN", "sai")
    response = log_in(client, "Lan.Nguyen@Truong.edu.vn", "sai")
    assert response.status_code == 429
    assert AccessAttempt.objects.get().username == "lan.nguyen"


def test_failures_below_the_limit_do_not_lock(client, user):
    fail(client, "lan.nguyen", 2)
    assert log_in(client, "lan.nguyen").status_code == 302


def test_success_resets_the_count(client, user):
    fail(client, "lan.nguyen", 2)
    assert log_in(client, "lan.nguyen").status_code == 302
    client.post("/tai-khoan/dang-xuat/")
    fail(client, "lan.nguyen", 2)
    assert log_in(client, "lan.nguyen").status_code == 302


def test_another_address_is_not_locked(client, user):
    fail(client, "lan.nguyen", 3, REMOTE_ADDR="203.0.113.7")
    assert log_in(client, "lan.nguyen", REMOTE_ADDR="198.51.100.20").status_code == 302


def test_log_in_works_after_the_cool_off(client, user):
    fail(client, "lan.nguyen", 3)
    AccessAttempt.objects.update(attempt_time=timezone.now() - timedelta(minutes=16))
    assert log_in(client, "lan.nguyen").status_code == 302


def test_administrator_unlocks_with_axes_reset_username(client, user):
    fail(client, "lan.nguyen@truong.edu.vn", 3)
    call_command("axes_reset_username", "lan.nguyen")
    assert log_in(client, "lan.nguyen").status_code == 302


def test_unknown_accounts_are_counted_too(client, db):
    response = fail(client, "khong.co.ai", 3)
    assert response.status_code == 429


def test_overlong_name_is_rejected_before_counting(client, user):
    fail(client, "x" * 5000, 5)
    assert not AccessAttempt.objects.exists()
    assert log_in(client, "lan.nguyen").status_code == 302
