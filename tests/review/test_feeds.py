"""Feed and sitemap import from local test servers (127.0.0.1 only), failures recorded, no duplicates."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django.core.management import call_command

from mangxanh.review.feeds import import_export, run_source
from mangxanh.review.models import FeedSource, FetchRun, FlaggedTask, PublishedItem
from tests.review.conftest import make_channel, run_pending_scans

RSS = """<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0"><channel><title>Tin tức THCS Bến Thủy</title>
<item><guid>tin-1</guid><link>http://127.0.0.1/tin-1</link><title>Khai giảng năm học mới</title>
<description>Nhà trường tổ chức lễ khai giảng vào sáng 5/9.</description></item>
<item><guid>tin-2</guid><link>http://127.0.0.1/tin-2</link><title>Danh sách học sinh nhận học bổng</title>
<description>Em Trần Văn Bình, CCCD 036211004567, điện thoại 0912345678.</description></item>
</channel></rss>"""

SITEMAP = """<?xml version="1.0" encoding="UTF-8"?>
<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">
<url><loc>{base}/bai-a</loc><lastmod>2026-09-01</lastmod></url>
</urlset>"""

PAGES: dict[str, tuple[int, dict, bytes]] = {}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        status, headers, body = PAGES.get(self.path, (404, {}, b"khong co"))
        if callable(body):
            body(self)
            return
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def _stream_huge(handler):
    # 20 MB without a Content-Length: the size cap must stop the download part-way.
    handler.send_response(200)
    handler.send_header("Content-Type", "application/rss+xml")
    handler.end_headers()
    chunk = b"<item><title>" + b"a" * 65_000 + b"</title></item>"
    try:
        for _ in range(20 * 1024 * 1024 // len(chunk) + 1):
            handler.wfile.write(chunk)
    except (BrokenPipeError, ConnectionResetError):
        pass


@pytest.fixture(autouse=True)
def _loopback_allowed(settings):
    # The test servers live on 127.0.0.1, which production refuses (see test_internal_addresses_refused).
    settings.REVIEW_FETCH_ALLOW_PRIVATE = True


@pytest.fixture
def server() -> Iterator[str]:
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{httpd.server_port}"
    PAGES.clear()
    PAGES["/rss"] = (200, {"Content-Type": "application/rss+xml"}, RSS.encode())
    PAGES["/hong"] = (200, {"Content-Type": "application/rss+xml"}, b"<rss><channel><item><title>x</ite")
    PAGES["/lon"] = (200, {}, _stream_huge)
    PAGES["/vong-a"] = (302, {"Location": "/vong-b"}, b"")
    PAGES["/vong-b"] = (302, {"Location": "/vong-a"}, b"")
    PAGES["/sitemap.xml"] = (200, {"Content-Type": "application/xml"}, SITEMAP.format(base=base).encode())
    PAGES["/bai-a"] = (200, {"Content-Type": "text/html"},
                       "<html><head><title>Bài A</title></head><body><p>Gọi 0912345678 để nhận quà.</p>"
                       "</body></html>".encode())
    PAGES["/bomb"] = (200, {}, b'<?xml version="1.0"?><!DOCTYPE l [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;">]>'
                               b"<urlset><url><loc>&b;</loc></url></urlset>")
    yield base
    httpd.shutdown()
    httpd.server_close()


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _source(demo, url, kind="feed"):
    return FeedSource.objects.create(channel=make_channel(demo["THCS-BENTHUY"]), url=url, kind=kind)


def test_feed_items_are_stored_scanned_and_never_duplicated(demo, server):
    source = _source(demo, server + "/rss")
    run = run_source(source)
    assert run.ok and run.new_items == 2
    run_pending_scans()
    flagged = FlaggedTask.objects.get()
    assert flagged.item.guid == "tin-2" and flagged.unit == demo["THCS-BENTHUY"]
    assert "personal_data" in flagged.categories
    again = run_source(source)
    assert again.ok and again.new_items == 0 and again.changed_items == 0
    assert PublishedItem.objects.count() == 2
    PAGES["/rss"] = (200, {}, RSS.replace("sáng 5/9", "sáng 6/9").encode())
    changed = run_source(source)
    assert changed.changed_items == 1 and PublishedItem.objects.count() == 2
    run_pending_scans()
    assert FlaggedTask.objects.count() == 1  # one open task per item, not one per scan


@pytest.mark.parametrize(
    "path, message",
    [("/hong", "XML hỏng"), ("/lon", "quá lớn"), ("/vong-a", "chuyển hướng"), ("/khong-co", "HTTP 404")],
)
def test_failures_are_recorded_not_raised(demo, server, path, message):
    source = _source(demo, server + path)
    run = run_source(source)
    assert not run.ok and message in run.error
    source.refresh_from_db()
    assert message in source.last_error
    assert not PublishedItem.objects.exists()


def test_unreachable_address_is_recorded(demo):
    source = _source(demo, f"http://127.0.0.1:{_free_port()}/rss")
    run = run_source(source)
    assert not run.ok and "Không kết nối được" in run.error


def test_sitemap_pages_are_fetched_and_entity_bombs_refused(demo, server):
    source = _source(demo, server + "/sitemap.xml", kind="sitemap")
    run = run_source(source)
    assert run.ok and run.new_items == 1
    item = PublishedItem.objects.get()
    assert item.title == "Bài A" and "0912345678" in item.text
    assert run_source(source).new_items == 0
    bomb = _source(demo, server + "/bomb", kind="sitemap")
    assert "không phải XML hợp lệ" in run_source(bomb).error


def test_command_enqueues_or_runs(demo, server, capsys):
    _source(demo, server + "/rss")
    _source(demo, server + "/vong-a")
    call_command("review_fetch_feeds")
    assert "Đã đưa vào hàng đợi 2 nguồn" in capsys.readouterr().out
    call_command("review_fetch_feeds", now=True)
    out = capsys.readouterr()
    assert "Đã tải 2 nguồn, 1 lỗi" in out.out and "chuyển hướng" in out.err
    assert FetchRun.objects.filter(ok=False).count() == 1


def test_uploaded_exports(demo):
    channel = make_channel(demo["THCS-BENTHUY"])
    csv_data = ("id,url,title,text,type\n"
                "p1,https://facebook.com/thcsbenthuy/posts/1,Thông báo,Họp phụ huynh lúc 7h30,post\n"
                "c1,,,Thằng kia ngu như bò,comment\n").encode()
    run = import_export(channel, csv_data, "xuat.csv")
    assert run.ok and run.new_items == 2
    assert import_export(channel, csv_data, "xuat.csv").new_items == 0
    json_data = '[{"id": "p2", "message": "Chúc mừng năm mới"}]'.encode()
    assert import_export(channel, json_data, "xuat.json").new_items == 1
    for bad, name, message in ((b"\xff\xfe\x00", "x.csv", "UTF-8"), (b"[1, 2]", "x.json", "danh sách"),
                               (b"{oops", "x.json", "JSON không hợp lệ"), (b"a,b\n1,2\n", "x.csv", "cột")):
        run = import_export(channel, bad, name)
        assert not run.ok and message in run.error
    assert PublishedItem.objects.count() == 3


@pytest.mark.parametrize("url", ["http://127.0.0.1:9/rss", "http://10.1.2.3/rss", "http://[::1]/rss",
                                 "file:///etc/passwd", "ftp://127.0.0.1/x"])
def test_internal_addresses_refused(demo, settings, url):
    settings.REVIEW_FETCH_ALLOW_PRIVATE = False
    run = run_source(_source(demo, url))
    assert not run.ok and ("mạng nội bộ" in run.error or "http://" in run.error)
