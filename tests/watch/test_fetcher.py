"""The bounded fetcher: loopback only by allow-list, bytes/time/redirect limits, TLS and headers."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from mangxanh.watch import fetcher
from mangxanh.watch.fetcher import FetchError, Limits


def test_loopback_is_refused_without_the_allow_list(fixture_server, settings):
    settings.WATCH_ALLOW_HOSTS = []
    with pytest.raises(FetchError, match="mạng nội bộ"):
        fetcher.fetch(fixture_server.url(0))


def test_private_addresses_are_refused():
    for host, ip in (("a.example", "10.0.0.5"), ("b.example", "192.168.1.1"), ("c.example", "169.254.169.254"),
                     ("d.example", "::1"), ("e.example", "127.0.0.1")):
        with pytest.raises(FetchError):
            fetcher.check_peer(host, ip)
    fetcher.check_peer("f.example", "8.8.8.8")  # a public address is fine


def test_allow_listed_fixture_is_fetched(sites):
    response = fetcher.fetch(sites.url(0))
    assert response.status == 200 and b"THCS B" in response.body
    assert response.elapsed_ms >= 0 and response.cert_not_after is None


def test_bytes_per_page_are_bounded(sites):
    sites.big_bytes = 50_000
    response = fetcher.fetch(f"http://127.0.0.1:{sites.port}/big", limits=Limits(page_bytes=10_000))
    assert response.truncated and len(response.body) == 10_000


def test_time_per_site_is_bounded(sites):
    sites.slow = 1.5
    with pytest.raises(FetchError, match="thời gian"):
        fetcher.fetch(f"http://127.0.0.1:{sites.port}/slow", limits=Limits(site_seconds=0.4, request_seconds=0.4))


def test_redirect_off_the_host_is_recorded_not_followed(sites):
    response = fetcher.fetch(f"http://127.0.0.1:{sites.port}/go-away")
    assert response.offsite_redirect == "https://elsewhere.example/"
    assert response.body == b""


def test_redirect_on_the_host_is_followed(sites):
    response = fetcher.fetch(f"http://127.0.0.1:{sites.port}/go-home")
    assert response.status == 200 and response.url.endswith("/s/0/")
    assert response.redirects == [f"http://127.0.0.1:{sites.port}/s/0/"]


def test_non_web_schemes_are_refused(sites):
    with pytest.raises(FetchError, match="http"):
        fetcher.fetch("file:///etc/passwd")


@pytest.mark.parametrize(("days", "level"), [(90, None), (30, 30), (20, 30), (14, 14), (10, 14), (3, 3),
                                             (0.5, 3), (-1, 0)])
def test_tls_expiry_warns_at_30_14_3_days(days, level):
    now = datetime(2026, 12, 6, tzinfo=UTC)
    assert fetcher.tls_warning_level(now + timedelta(days=days), now) == level


def test_no_certificate_no_warning():
    assert fetcher.tls_warning_level(None, datetime(2026, 12, 6, tzinfo=UTC)) is None


def test_security_headers_present_and_missing():
    present, missing = fetcher.header_report({"x-content-type-options": "nosniff",
                                              "content-security-policy": "frame-ancestors 'self'"}, https=True)
    assert present == ["content-security-policy", "x-content-type-options"]
    assert "strict-transport-security" in missing and "x-frame-options" not in missing
    _, missing_http = fetcher.header_report({}, https=False)
    assert "strict-transport-security" not in missing_http


def test_refused_before_connecting(fixture_server, settings, monkeypatch):
    """A loopback name is refused on resolution: no connection is even opened."""
    import http.client

    settings.WATCH_ALLOW_HOSTS = []
    opened = []
    monkeypatch.setattr(http.client.HTTPConnection, "connect", lambda self: opened.append(self))
    with pytest.raises(FetchError, match="mạng nội bộ"):
        fetcher.fetch(f"http://localhost:{fixture_server.port}/s/0/")
    assert opened == []


def test_unresolvable_name(monkeypatch):
    import socket

    def fail(*args, **kwargs):  # no real DNS query: tests never leave the machine
        raise socket.gaierror("no such name")

    monkeypatch.setattr(socket, "getaddrinfo", fail)
    with pytest.raises(FetchError, match="phân giải"):
        fetcher.fetch("http://khong-ton-tai.invalid/")
