"""A bounded fetcher for the unit's registered websites (standard library only).

Every request is limited: bytes per page, a deadline per site, no redirect off the registered
host (such a redirect is recorded, not followed), and no connection to private-network or
loopback addresses. The address is checked on the connected socket itself, so a name that
resolves differently at request time (DNS rebinding) is still refused. Tests and the benchmark
name their loopback fixtures in settings.WATCH_ALLOW_HOSTS.
"""

from __future__ import annotations

import http.client
import ipaddress
import socket
import ssl
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

from django.conf import settings

USER_AGENT = "MangXanh-watch/1.0 (+giam sat trang chinh thuc cua don vi)"
MAX_REDIRECTS = 5


@dataclass(frozen=True)
class Limits:
    pages: int = 20
    page_bytes: int = 1024 * 1024
    site_seconds: float = 30.0
    request_seconds: float = 10.0

    @classmethod
    def from_settings(cls) -> Limits:
        return cls(
            pages=getattr(settings, "WATCH_MAX_PAGES", cls.pages),
            page_bytes=getattr(settings, "WATCH_MAX_PAGE_BYTES", cls.page_bytes),
            site_seconds=getattr(settings, "WATCH_SITE_SECONDS", cls.site_seconds),
            request_seconds=getattr(settings, "WATCH_REQUEST_SECONDS", cls.request_seconds),
        )


class FetchError(Exception):
    """Vietnamese, safe to show and to store."""


@dataclass
class Response:
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    elapsed_ms: int
    truncated: bool = False
    cert_not_after: datetime | None = None
    redirects: list[str] = field(default_factory=list)
    offsite_redirect: str = ""

    @property
    def is_html(self) -> bool:
        kind = self.headers.get("content-type", "text/html").lower()
        return "html" in kind


def same_host(a: str, b: str) -> bool:
    """Hosts are the same site when they differ only by a leading 'www.'."""
    def bare(host: str) -> str:
        host = (host or "").lower().rstrip(".")
        return host[4:] if host.startswith("www.") else host
    return bare(a) == bare(b)


def _allowed_private(host: str, ip: str) -> bool:
    allow = set(getattr(settings, "WATCH_ALLOW_HOSTS", []) or [])
    return host in allow or ip in allow


def check_peer(host: str, ip: str) -> None:
    """Refuse loopback, private, link-local and other non-public addresses unless allow-listed."""
    try:
        address = ipaddress.ip_address(ip.split("%", 1)[0])
    except ValueError as exc:
        raise FetchError("Địa chỉ máy chủ không hợp lệ.") from exc
    if not address.is_global and not _allowed_private(host, ip):
        raise FetchError("Địa chỉ thuộc mạng nội bộ hoặc máy cục bộ, không được phép kiểm tra.")


def _check_resolved(host: str, port: int) -> None:
    """Refuse before any packet is sent when the name resolves to a non-public address."""
    try:
        infos = socket.getaddrinfo(host, port, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError("Không phân giải được tên miền của trang.") from exc
    for info in infos:
        check_peer(host, info[4][0])


class _Deadline:
    def __init__(self, seconds: float):
        self.end = time.monotonic() + seconds

    def left(self) -> float:
        left = self.end - time.monotonic()
        if left <= 0:
            raise FetchError("Hết thời gian kiểm tra dành cho trang này.")
        return left


def _connection(parts, timeout: float) -> http.client.HTTPConnection:
    host = parts.hostname or ""
    if parts.scheme == "https":
        # WATCH_CA_FILE: the CA bundle to trust instead of the system's (closed networks, TLS tests).
        context = ssl.create_default_context(cafile=getattr(settings, "WATCH_CA_FILE", None) or None)
        return http.client.HTTPSConnection(host, parts.port or 443, timeout=timeout, context=context)
    return http.client.HTTPConnection(host, parts.port or 80, timeout=timeout)


def _cert_expiry(conn: http.client.HTTPConnection) -> datetime | None:
    sock = getattr(conn, "sock", None)
    if not isinstance(sock, ssl.SSLSocket):
        return None
    cert = sock.getpeercert() or {}
    if not cert.get("notAfter"):
        return None
    return datetime.fromtimestamp(ssl.cert_time_to_seconds(cert["notAfter"]), tz=UTC)


def _read(response: http.client.HTTPResponse, limit: int, deadline: _Deadline) -> tuple[bytes, bool]:
    chunks, size = [], 0
    while size <= limit:
        deadline.left()
        chunk = response.read(min(64 * 1024, limit + 1 - size))
        if not chunk:
            break
        chunks.append(chunk)
        size += len(chunk)
    body = b"".join(chunks)
    return body[:limit], size > limit


def _one(url: str, limits: Limits, deadline: _Deadline) -> tuple[http.client.HTTPResponse, http.client.HTTPConnection,
                                                                  datetime | None]:
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("Chỉ kiểm tra được địa chỉ http:// hoặc https://.")
    _check_resolved(parts.hostname, parts.port or (443 if parts.scheme == "https" else 80))
    conn = _connection(parts, min(limits.request_seconds, deadline.left()))
    try:
        conn.connect()  # the connected peer is checked again: the name may resolve differently now
        check_peer(parts.hostname, conn.sock.getpeername()[0])
        cert = _cert_expiry(conn)  # read now: http.client drops the socket once a response says 'close'
        path = parts.path or "/"
        if parts.query:
            path += "?" + parts.query
        conn.request("GET", path, headers={"User-Agent": USER_AGENT, "Accept": "text/html,*/*;q=0.5",
                                           "Accept-Encoding": "identity", "Connection": "close"})
        return conn.getresponse(), conn, cert
    except BaseException:
        conn.close()
        raise


def fetch(url: str, *, limits: Limits | None = None, deadline: _Deadline | None = None) -> Response:
    """GET url; redirects are followed by hand on the same host only."""
    limits = limits or Limits.from_settings()
    deadline = deadline or _Deadline(limits.site_seconds)
    origin = urlsplit(url).hostname or ""
    redirects: list[str] = []
    started = time.monotonic()
    try:
        for _ in range(MAX_REDIRECTS + 1):
            response, conn, cert = _one(url, limits, deadline)
            try:
                headers = {k.lower(): v for k, v in response.getheaders()}
                if response.status in (301, 302, 303, 307, 308) and headers.get("location"):
                    target = urljoin(url, headers["location"])
                    redirects.append(target)
                    if not same_host(urlsplit(target).hostname or "", origin):
                        return Response(url, response.status, headers, b"", _ms(started), cert_not_after=cert,
                                        redirects=redirects, offsite_redirect=target)
                    url = target
                    continue
                body, truncated = _read(response, limits.page_bytes, deadline)
                return Response(url, response.status, headers, body, _ms(started), truncated, cert, redirects)
            finally:
                conn.close()
        raise FetchError("Trang chuyển hướng quá nhiều lần (có thể bị vòng lặp chuyển hướng).")
    except ssl.SSLCertVerificationError as exc:
        raise FetchError("Chứng chỉ bảo mật (TLS) không hợp lệ hoặc đã hết hạn.") from exc
    except TimeoutError as exc:
        raise FetchError("Hết thời gian chờ máy chủ trả lời.") from exc
    except (OSError, http.client.HTTPException) as exc:
        raise FetchError("Không kết nối được tới trang.") from exc


def _ms(started: float) -> int:
    return int((time.monotonic() - started) * 1000)


def new_deadline(limits: Limits) -> _Deadline:
    return _Deadline(limits.site_seconds)


# --- TLS expiry and security headers ----------------------------------------------------------------

TLS_WARN_DAYS = (30, 14, 3)


def tls_warning_level(not_after: datetime | None, now: datetime) -> int | None:
    """The tightest warning threshold (30, 14 or 3 days; 0 when expired) the certificate is inside."""
    if not_after is None:
        return None
    days = (not_after - now).total_seconds() / 86400
    if days <= 0:
        return 0
    inside = [limit for limit in TLS_WARN_DAYS if days <= limit]
    return min(inside) if inside else None


SECURITY_HEADERS = {
    "strict-transport-security": "Strict-Transport-Security (bắt buộc HTTPS)",
    "content-security-policy": "Content-Security-Policy (chặn mã chèn trái phép)",
    "x-content-type-options": "X-Content-Type-Options",
    "x-frame-options": "X-Frame-Options (chống nhúng trang giả mạo)",
    "referrer-policy": "Referrer-Policy",
}


def header_report(headers: dict[str, str], https: bool) -> tuple[list[str], list[str]]:
    """(present, missing) security headers; HSTS only counts on https sites."""
    present, missing = [], []
    for name in SECURITY_HEADERS:
        if name == "strict-transport-security" and not https:
            continue
        (present if name in headers else missing).append(name)
    if "x-frame-options" in missing and "frame-ancestors" in headers.get("content-security-policy", ""):
        missing.remove("x-frame-options")  # CSP frame-ancestors does the same job
    return present, missing
