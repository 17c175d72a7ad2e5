"""Bring in what a channel has published: an RSS/Atom feed, a sitemap, or an uploaded export.

Every failure (unreachable, too big, redirect loop, broken XML, bad export) becomes a
recorded FetchRun with a Vietnamese error; nothing raises to the caller. Items are keyed by
(channel, guid), so seeing an item again never creates a duplicate; a changed item (new
content hash) is scanned again.
"""

from __future__ import annotations

import csv
import io
import ipaddress
import json
import re
import socket
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from urllib.parse import urljoin, urlsplit

import defusedxml.ElementTree as SafeET
import feedparser
import requests
from django.conf import settings
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from mangxanh.review.drafts import html_to_text
from mangxanh.review.models import FeedSource, FetchRun, OfficialChannel, PublishedItem, SourceKind
from mangxanh.scanning.service import request_scan

MAX_BYTES = 5 * 1024 * 1024
MAX_REDIRECTS = 5
TIMEOUT = (5, 15)  # connect, read (seconds)
MAX_ITEMS = 2000
MAX_SITEMAP_PAGES = 50
USER_AGENT = "MangXanh-monitor/1.0 (+kiem tra kenh chinh thuc cua don vi)"


# Sent after a successful fetch or import: sender=OfficialChannel, channel, source (None for an
# uploaded export), data (the feed's bytes, None for an export), started (items first seen since are new).
# mangxanh.watch listens: page name/link changes, posting pattern, posts without an approval code.
feed_fetched = Signal()


class FetchError(Exception):
    """Vietnamese, safe to show and to store."""


@dataclass
class Entry:
    guid: str
    url: str
    title: str
    text: str
    kind: str = "post"
    published_at: datetime | None = None


def check_address(url: str) -> None:
    """Refuse non-web schemes and, unless allowed, hosts that resolve to internal addresses.

    Unit administrators type these URLs and the server fetches them, so a URL must not reach
    the platform's own network (REVIEW_FETCH_ALLOW_PRIVATE=True in tests and closed networks).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise FetchError("Chỉ tải được địa chỉ http:// hoặc https://.")
    if getattr(settings, "REVIEW_FETCH_ALLOW_PRIVATE", False):
        return
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, proto=socket.IPPROTO_TCP)
    except (socket.gaierror, UnicodeError) as exc:
        raise FetchError("Không kết nối được tới địa chỉ này (không phân giải được tên miền).") from exc
    for info in infos:
        ip = ipaddress.ip_address(info[4][0])
        if not ip.is_global:
            raise FetchError("Địa chỉ thuộc mạng nội bộ, không được phép tải.")


def fetch(url: str, *, max_bytes: int = MAX_BYTES) -> bytes:
    """GET url following at most MAX_REDIRECTS redirects by hand, each hop checked."""
    session = requests.Session()
    try:
        for _ in range(MAX_REDIRECTS + 1):
            check_address(url)
            with session.get(url, stream=True, timeout=TIMEOUT, allow_redirects=False,
                             headers={"User-Agent": USER_AGENT}) as response:
                if response.is_redirect:
                    url = urljoin(url, response.headers.get("Location", ""))
                    continue
                return _read(response, max_bytes)
        raise FetchError("Địa chỉ chuyển hướng quá nhiều lần (có thể bị vòng lặp chuyển hướng).")
    except requests.Timeout as exc:
        raise FetchError("Hết thời gian chờ máy chủ trả lời.") from exc
    except requests.ConnectionError as exc:
        raise FetchError("Không kết nối được tới địa chỉ này.") from exc
    except requests.RequestException as exc:
        raise FetchError("Không tải được nguồn: địa chỉ không hợp lệ hoặc lỗi mạng.") from exc


def _read(response, max_bytes: int) -> bytes:
    if response.status_code >= 400:
        raise FetchError(f"Máy chủ trả lỗi HTTP {response.status_code}.")
    too_big = f"Nguồn quá lớn (trên {max_bytes // (1024 * 1024)} MB), đã dừng tải."
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise FetchError(too_big)
    chunks, size = [], 0
    for chunk in response.iter_content(64 * 1024):
        size += len(chunk)
        if size > max_bytes:
            raise FetchError(too_big)
        chunks.append(chunk)
    return b"".join(chunks)


def parse_feed(data: bytes) -> list[Entry]:
    parsed = feedparser.parse(data)
    benign = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)
    if parsed.bozo and not isinstance(parsed.get("bozo_exception"), benign):
        # feedparser salvages parts of broken XML; importing half a feed would hide the error.
        raise FetchError("Nội dung không phải RSS/Atom hợp lệ (XML hỏng).")
    if not parsed.get("version"):
        raise FetchError("Nội dung không phải RSS/Atom hợp lệ (XML hỏng).")
    entries = []
    for item in parsed.entries[:MAX_ITEMS]:
        link = item.get("link", "") or ""
        guid = item.get("id") or link or item.get("title", "")
        if not guid:
            continue
        body = item.get("summary", "") or ""
        if item.get("content"):
            body = " ".join(c.get("value", "") for c in item["content"])
        stamp = item.get("published_parsed") or item.get("updated_parsed")
        published = datetime(*stamp[:6], tzinfo=UTC) if stamp else None
        entries.append(Entry(str(guid)[:500], link[:500], (item.get("title") or "")[:500], html_to_text(body),
                             published_at=published))
    return entries


_NS = re.compile(r"^\{[^}]*\}")


def parse_sitemap(data: bytes) -> list[tuple[str, str]]:
    """(url, lastmod) pairs from a sitemap; defusedxml refuses entity bombs and external entities."""
    try:
        root = SafeET.fromstring(data)
    except Exception as exc:  # ParseError, DefusedXmlException and friends
        raise FetchError("Sơ đồ trang (sitemap) không phải XML hợp lệ.") from exc
    pairs = []
    for node in root:
        if _NS.sub("", node.tag) != "url":
            continue
        values = {_NS.sub("", child.tag): (child.text or "").strip() for child in node}
        if values.get("loc"):
            pairs.append((values["loc"][:500], values.get("lastmod", "")))
    return pairs[:MAX_ITEMS]


def _page_entries(pairs: list[tuple[str, str]], channel: OfficialChannel) -> list[Entry]:
    # Fetch only pages that are new or whose lastmod changed (kept in the guid).
    known = set(PublishedItem.objects.filter(channel=channel).values_list("guid", flat=True))
    entries = []
    for url, lastmod in pairs:
        guid = f"{url}#{lastmod}" if lastmod else url
        if guid in known or len(entries) >= MAX_SITEMAP_PAGES:
            continue
        try:
            page = fetch(url, max_bytes=MAX_BYTES).decode("utf-8", "replace")
        except FetchError:
            continue
        title = re.search(r"<title[^>]*>(.*?)</title>", page, re.I | re.S)
        body = re.sub(r"(?is)<(script|style)[^>]*>.*?</\1>", " ", page)
        entries.append(Entry(guid, url, html_to_text(title.group(1)) if title else url, html_to_text(body)))
    return entries


def store_entries(channel: OfficialChannel, entries: Iterable[Entry]) -> tuple[int, int]:
    """Create new items, update changed ones, scan both; returns (new, changed)."""
    new = changed = 0
    for entry in entries:
        digest = PublishedItem.hash_of(entry.title, entry.text)
        with transaction.atomic():
            item, created = PublishedItem.objects.get_or_create(
                channel=channel, guid=entry.guid,
                defaults={"url": entry.url, "title": entry.title, "text": entry.text, "kind": entry.kind,
                          "content_hash": digest, "published_at": entry.published_at},
            )
            if created:
                new += 1
            elif item.content_hash != digest:
                item.title, item.text, item.url, item.content_hash = entry.title, entry.text, entry.url, digest
                item.save()
                changed += 1
            else:
                continue
            request_scan(item)
    return new, changed


def run_source(source: FeedSource) -> FetchRun:
    run = FetchRun(channel=source.channel, source=source, label=source.url)
    started = timezone.now()
    try:
        data = fetch(source.url)
        if source.kind == SourceKind.SITEMAP:
            entries = _page_entries(parse_sitemap(data), source.channel)
        else:
            entries = parse_feed(data)
        run.new_items, run.changed_items = store_entries(source.channel, entries)
        run.ok = True
    except FetchError as exc:
        run.error = str(exc)
    run.save()
    if run.ok:
        feed_fetched.send(sender=OfficialChannel, channel=source.channel, source=source,
                          data=data if source.kind == SourceKind.FEED else None, started=started)
    source.last_fetched_at = timezone.now()
    source.last_error = run.error
    source.save(update_fields=["last_fetched_at", "last_error"])
    return run


# --- Uploaded exports -----------------------------------------------------------------------------

EXPORT_MAX_BYTES = 10 * 1024 * 1024
_FIELDS = {
    "guid": ("id", "guid", "post_id", "comment_id"),
    "url": ("url", "link", "permalink"),
    "title": ("title", "tieu_de"),
    "text": ("text", "message", "content", "noi_dung", "body"),
    "kind": ("type", "kind", "loai"),
}


def _pick(row: dict, names: tuple[str, ...]) -> str:
    for name in names:
        value = row.get(name)
        if value not in (None, ""):
            return str(value)
    return ""


def parse_export(data: bytes, name: str) -> list[Entry]:
    if len(data) > EXPORT_MAX_BYTES:
        raise FetchError("Tệp xuất quá lớn (tối đa 10 MB).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise FetchError("Tệp không phải văn bản UTF-8.") from exc
    stripped = text.lstrip()
    if name.lower().endswith(".json") or stripped.startswith(("[", "{")):
        try:
            rows = json.loads(text)
        except ValueError as exc:
            raise FetchError("Tệp JSON không hợp lệ.") from exc
        if isinstance(rows, dict):
            rows = rows.get("items") or rows.get("data") or []
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            raise FetchError("Tệp JSON phải là danh sách các bài/bình luận (mỗi mục là một đối tượng).")
    else:
        try:
            rows = list(csv.DictReader(io.StringIO(text)))
        except csv.Error as exc:
            raise FetchError("Tệp CSV không đọc được.") from exc
        rows = [{(k or "").strip().lower(): v for k, v in row.items()} for row in rows]
    entries = []
    for row in rows[:MAX_ITEMS]:
        row = {str(k).lower(): v for k, v in row.items()}
        body = _pick(row, _FIELDS["text"])
        url = _pick(row, _FIELDS["url"])
        guid = _pick(row, _FIELDS["guid"]) or url
        if not guid or not body:
            continue
        kind = "comment" if _pick(row, _FIELDS["kind"]).lower() in ("comment", "binh_luan", "bình luận") else "post"
        entries.append(Entry(guid[:500], url[:500], _pick(row, _FIELDS["title"])[:500], body[:100_000], kind))
    if not entries:
        raise FetchError("Không tìm thấy bài nào: cần các cột id (hoặc url) và text (hoặc message).")
    return entries


def import_export(channel: OfficialChannel, data: bytes, name: str) -> FetchRun:
    run = FetchRun(channel=channel, label=f"Tệp tải lên: {name}"[:300])
    started = timezone.now()
    try:
        run.new_items, run.changed_items = store_entries(channel, parse_export(data, name))
        run.ok = True
    except FetchError as exc:
        run.error = str(exc)
    run.save()
    if run.ok:
        feed_fetched.send(sender=OfficialChannel, channel=channel, source=None, data=None, started=started)
    return run
