"""The shared cache: with CACHE_URL set, rate limits and lock-outs count in Redis, so every web process
and machine sees the same counts. The rate-limit and lock-out tests run again here against Redis
(TEST_REDIS_URL, default redis://127.0.0.1:6379/15, a database kept for tests: they may empty it); skipped when no
Redis answers."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import uuid
from pathlib import Path
from urllib.parse import urlparse

import pytest
from django.core.cache import caches
from django.core.cache.backends.redis import RedisCache
from django.test import override_settings

from tests.accounts.conftest import make_user, user  # noqa: F401 (fixtures of the re-run tests)
from tests.accounts.test_throttle import (  # noqa: F401 (re-run against Redis)
    _limits,
    test_many_addresses_on_one_account_cannot_lock_out_its_owner,
    test_reset_mail_is_throttled_per_account_without_telling,
    test_reset_requests_are_throttled_per_address,
    test_spraying_many_accounts_from_one_address_is_refused,
)
from tests.files.conftest import media  # noqa: F401
from tests.intake.test_public_form import (  # noqa: F401
    test_rate_limit_counts_accepted_reports_not_failed_attempts,
    test_rate_limit_per_address,
)
from tests.intake.test_status_page import test_lookup_rate_limited  # noqa: F401
from tests.review.test_channels import test_public_check_is_rate_limited_per_address  # noqa: F401

ROOT = Path(__file__).resolve().parents[1]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def _redis_answers() -> bool:
    url = urlparse(REDIS_URL)
    try:
        with socket.create_connection((url.hostname or "127.0.0.1", url.port or 6379), timeout=0.5) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@pytest.fixture(autouse=True)
def _redis(settings):
    if not _redis_answers():
        pytest.skip(f"no Redis at {REDIS_URL}")
    # A prefix of its own per test: counts from other tests (or other runs) are never seen.
    settings.CACHES = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                                   "LOCATION": REDIS_URL, "KEY_PREFIX": f"mx-test-{uuid.uuid4().hex}"}}
    assert isinstance(caches["default"], RedisCache)
    yield


def test_cache_url_makes_counts_shared_between_processes(settings):
    """A count made in another process (another web process, another machine) is seen here."""
    prefix = settings.CACHES["default"]["KEY_PREFIX"]
    code = ("import django; django.setup(); from mangxanh.core import throttle; "
            "print(throttle.hit('login-address', '203.0.113.7', 900))")
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "mangxanh.settings", "CACHE_URL": REDIS_URL,
           "CACHE_KEY_PREFIX": prefix}
    env.pop("REDIS_URL", None)
    for expected in ("1", "2"):
        out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, capture_output=True, text=True,
                             timeout=60, check=True)
        assert out.stdout.strip() == expected, out.stderr

    from mangxanh.core import throttle

    assert throttle.count("login-address", "203.0.113.7", 900) == 2


def test_health_says_not_ok_when_the_shared_cache_is_down(probe, db):
    down = {"default": {"BACKEND": "django.core.cache.backends.redis.RedisCache",
                        "LOCATION": "redis://127.0.0.1:1/0"}}  # nothing listens on port 1
    with override_settings(CACHES=down):
        response = probe.get("/suc-khoe/?format=json")
        page = probe.get("/suc-khoe/").content.decode()
    assert response.status_code == 503 and response.json()["cache_ok"] is False
    assert "bộ nhớ đệm dùng chung" in page
    assert probe.get("/suc-khoe/?format=json").json()["cache_ok"] is True
