"""One client address everywhere: trust nothing by default, believe X-Forwarded-For only from our proxies."""

from __future__ import annotations

import pytest
from django.test import RequestFactory

from mangxanh.core.client_ip import client_ip

rf = RequestFactory()


def request(remote: str, forwarded: str | None = None):
    extra = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return rf.get("/", **extra)


def test_default_trusts_no_header(settings):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = [], 0
    assert client_ip(request("203.0.113.9", "1.2.3.4")) == "203.0.113.9"
    assert client_ip(request("")) is None
    assert client_ip(request("không phải địa chỉ")) is None
    assert client_ip(request("::ffff:198.51.100.7")) == "198.51.100.7"


@pytest.mark.parametrize(("remote", "forwarded", "expected"), [
    ("127.0.0.1", "198.51.100.7", "198.51.100.7"),  # nginx on this machine appended the client
    ("127.0.0.1", "6.6.6.6, 198.51.100.7", "198.51.100.7"),  # a forged first entry is ignored
    ("127.0.0.1", "198.51.100.7, 10.0.0.5", "198.51.100.7"),  # two of our proxies are skipped
    ("203.0.113.9", "1.2.3.4", "203.0.113.9"),  # not our proxy: its header is not believed
    ("127.0.0.1", "rác, 198.51.100.7", "198.51.100.7"),
    ("127.0.0.1", "198.51.100.7, rác", "127.0.0.1"),  # garbage from our own proxy: stop at it
    ("127.0.0.1", None, "127.0.0.1"),
    ("127.0.0.1", "[2001:db8::5]:443", "2001:db8::5"),
])
def test_trusted_proxy_networks(settings, remote, forwarded, expected):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = ["127.0.0.0/8", "10.0.0.0/8"], 0
    assert client_ip(request(remote, forwarded)) == expected


def test_trusted_proxy_count(settings):
    settings.TRUSTED_PROXIES, settings.TRUSTED_PROXY_COUNT = [], 1
    assert client_ip(request("127.0.0.1", "6.6.6.6, 198.51.100.7")) == "198.51.100.7"
    assert client_ip(request("127.0.0.1")) == "127.0.0.1"
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(request("10.0.0.2", "6.6.6.6, 198.51.100.7, 10.0.0.1")) == "198.51.100.7"


@pytest.mark.django_db
def test_rate_limits_lockout_and_audit_see_the_forwarded_address(settings, client):
    """Behind nginx every request comes from 127.0.0.1: the intake limit must count the real clients."""
    from mangxanh.audit.middleware import context_from_request
    from mangxanh.core import throttle

    settings.TRUSTED_PROXIES = ["127.0.0.1/32"]
    first, second = request("127.0.0.1", "198.51.100.7"), request("127.0.0.1", "198.51.100.8")
    assert throttle.take("intake-report", throttle.address(first), 1, 600)
    assert not throttle.take("intake-report", throttle.address(first), 1, 600)
    assert throttle.take("intake-report", throttle.address(second), 1, 600)  # another client behind the same proxy is not limited
    assert context_from_request(first).ip_address == "198.51.100.7"

    from axes.helpers import get_client_ip_address

    assert get_client_ip_address(first) == "198.51.100.7"
