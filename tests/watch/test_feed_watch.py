"""Feeds and fanpages join the watch (issue 15, item 2): a sudden change of the page's name or
link-in-bio, a burst of posts or posts at unusual hours, and posts without an approval code raise a
security incident with evidence. The feed is served on 127.0.0.1 only, through the real feed flow."""

from __future__ import annotations

import threading
from datetime import timedelta
from email.utils import format_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from mangxanh.intake.models import Case
from mangxanh.review.feeds import run_source
from mangxanh.review.models import Draft, FeedSource, OfficialChannel
from mangxanh.watch.models import FeedProfile, IncidentKind, SecurityIncident, Severity

pytestmark = pytest.mark.django_db

FEED: dict[str, bytes] = {}


class Handler(BaseHTTPRequestHandler):
    def do_GET(self):
        body = FEED.get(self.path, b"")
        self.send_response(200 if body else 404)
        self.send_header("Content-Type", "application/rss+xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def server():
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()


def rss(name: str, posts: list[tuple[str, str, object]], bio: str = "Trang thông tin chính thức của nhà trường.",
        link: str = "https://www.facebook.com/thcsbenthuy") -> bytes:
    items = "".join(
        f"<item><guid>{guid}</guid><link>https://www.facebook.com/thcsbenthuy/posts/{guid}</link>"
        f"<title>Bài {guid}</title><description>{text}</description>"
        + (f"<pubDate>{format_datetime(when)}</pubDate>" if when else "") + "</item>"
        for guid, text, when in posts)
    return (f'<?xml version="1.0" encoding="utf-8"?><rss version="2.0"><channel><title>{name}</title>'
            f"<link>{link}</link><description>{bio}</description>{items}</channel></rss>").encode()


NAME = "Trường THCS Bến Thủy"
OLD_POSTS = [("p1", "Lễ khai giảng năm học mới.", None), ("p2", "Lịch họp phụ huynh học sinh.", None)]


@pytest.fixture
def page(demo, server, settings):
    settings.REVIEW_FETCH_ALLOW_PRIVATE = True  # the test feed lives on 127.0.0.1
    channel = OfficialChannel.objects.create(unit=demo["THCS-BENTHUY"], kind="facebook", name="Fanpage THCS Bến Thủy",
                                             address="https://www.facebook.com/thcsbenthuy")
    source = FeedSource.objects.create(channel=channel, url=f"{server}/rss")
    FEED["/rss"] = rss(NAME, OLD_POSTS)
    assert run_source(source).ok  # the first fetch is the baseline: nothing is an incident yet
    assert not SecurityIncident.objects.exists()
    return source


def fetch_again(source, body: bytes):
    FEED["/rss"] = body
    run = run_source(source)
    assert run.ok, run.error
    return list(SecurityIncident.objects.filter(channel=source.channel).order_by("pk"))


def test_unchanged_feed_raises_nothing(page):
    for _ in range(5):
        assert fetch_again(page, rss(NAME, OLD_POSTS)) == []
    assert FeedProfile.objects.get(channel=page.channel).name == NAME


def test_sudden_change_of_the_page_name_is_an_incident(page):
    [incident] = fetch_again(page, rss("Nhà cái uy tín – Nổ hũ đổi thưởng", OLD_POSTS))
    assert incident.kind == IncidentKind.HIJACKED_PAGE
    assert incident.severity == Severity.HIGH
    assert incident.unit == page.channel.unit
    assert NAME in incident.before_snippet and "Nổ hũ đổi thưởng" in incident.after_snippet
    assert incident.location == "Tên trang"
    assert len(incident.after_sha256) == 64 and incident.before_sha256 != incident.after_sha256
    # the same page seen again does not open a second incident
    assert len(fetch_again(page, rss("Nhà cái uy tín – Nổ hũ đổi thưởng", OLD_POSTS))) == 1


def test_a_new_link_in_bio_is_an_incident(page):
    bio = 'Trang chính thức. Đăng ký nhận quà: <a href="https://qua-tang-hoc-sinh.example/nhan">tại đây</a>'
    [incident] = fetch_again(page, rss(NAME, OLD_POSTS, bio=bio))
    assert incident.kind == IncidentKind.HIJACKED_PAGE
    assert "qua-tang-hoc-sinh.example" in incident.after_snippet
    assert "qua-tang-hoc-sinh.example" not in incident.before_snippet
    assert incident.location == "Liên kết trong phần giới thiệu"


def test_posts_without_an_approval_code_are_an_incident(page, demo):
    unit = demo["THCS-BENTHUY"]
    author = get_user_model().objects.get(username="thcs.bientap")
    Draft.objects.create(unit=unit, author=author, status="published", approval_code="MX-THCS-BENTHUY-2026-0001")
    Draft.objects.create(unit=demo["THCS-HONGSON"], author=author, status="published",
                         approval_code="MX-THCS-HONGSON-2026-0001")
    posts = OLD_POSTS + [
        ("p3", "Kết quả hội thi giáo viên dạy giỏi. Mã duyệt: MX-THCS-BENTHUY-2026-0001", None),
        ("p4", "Tải game bài đổi thưởng, nạp tiền nhận thưởng ngay!", None),
        ("p5", "Thông báo nghỉ học. Mã duyệt: MX-THCS-BENTHUY-2026-9999", None),
        ("p6", "Bài của trường khác. Mã duyệt: MX-THCS-HONGSON-2026-0001", None),
    ]
    [incident] = fetch_again(page, rss(NAME, posts))
    assert incident.kind == IncidentKind.UNAPPROVED_POST
    assert "3 bài" in incident.title
    for guid in ("p4", "p5", "p6"):
        assert f"/posts/{guid}" in incident.after_snippet
    assert "/posts/p3" not in incident.after_snippet
    assert "game bài đổi thưởng" in incident.after_snippet
    # fetched again: the same posts are not new, nothing more is raised
    assert len(fetch_again(page, rss(NAME, posts))) == 1


def test_a_unit_may_turn_the_approval_code_rule_off(page):
    FeedProfile.objects.filter(channel=page.channel).update(require_approval_code=False)
    assert fetch_again(page, rss(NAME, OLD_POSTS + [("p9", "Bài không có mã.", None)])) == []


def _history(now, hour_offset: int) -> list[tuple[str, str, object]]:
    """One post a day for 14 days, always at the same local hour (12 hours away from now)."""
    local = timezone.localtime(now)
    usual = local.replace(minute=10, second=0, microsecond=0) - timedelta(hours=hour_offset)
    return [(f"h{d}", f"Tin hoạt động ngày thứ {d}.", usual - timedelta(days=d)) for d in range(2, 16)]


def test_burst_of_posts_at_unusual_hours_is_an_incident(demo, server, settings):
    settings.REVIEW_FETCH_ALLOW_PRIVATE = True
    channel = OfficialChannel.objects.create(unit=demo["THCS-BENTHUY"], kind="facebook", name="Fanpage",
                                             address="https://www.facebook.com/thcsbenthuy")
    source = FeedSource.objects.create(channel=channel, url=f"{server}/rss")
    now = timezone.now()
    history = _history(now, 12)
    FEED["/rss"] = rss(NAME, history)
    assert run_source(source).ok
    FeedProfile.objects.filter(channel=channel).update(require_approval_code=False)
    # an ordinary day: one post at the usual hour
    usual_day = history + [("u1", "Tin hôm qua.", now - timedelta(hours=12))]
    assert fetch_again(source, rss(NAME, usual_day)) == []
    # then twelve posts within the last hour, at an hour the page never posts
    burst = usual_day + [(f"b{i}", f"Khuyến mãi số {i}.", now - timedelta(minutes=5 * i)) for i in range(1, 13)]
    incidents = fetch_again(source, rss(NAME, burst))
    assert {i.kind for i in incidents} == {IncidentKind.POSTING_PATTERN}
    titles = " | ".join(i.title for i in incidents)
    assert "13 bài trong 24 giờ" in titles  # the usual-hour post of yesterday counts in the 24 hours too
    assert "giờ bất thường" in titles
    assert all("/posts/b" in i.after_snippet for i in incidents)


def test_feed_incident_is_a_security_case(page):
    [incident] = fetch_again(page, rss("Tên lạ", OLD_POSTS))
    case = Case.objects.get(security_incident=incident)
    assert case.get_case_type_display() == "Sự cố an ninh mạng"


def test_watch_check_also_fetches_the_feeds(page):
    FEED["/rss"] = rss("Tên bị đổi", OLD_POSTS)
    out = StringIO()
    call_command("watch", "check", "--now", stdout=out)
    assert "Đã tải 1 nguồn tin của kênh: 0 lỗi, 1 sự cố mới." in out.getvalue()
    assert SecurityIncident.objects.filter(channel=page.channel, kind=IncidentKind.HIJACKED_PAGE).count() == 1


def test_the_approval_code_rule_is_set_on_the_channels_page(page, user_client):
    url = reverse("watch:hygiene_edit", kwargs={"pk": page.channel.pk})
    client = user_client("thcs.quantri")
    assert 'name="require_approval_code" checked' in client.get(url).content.decode()
    client.post(url, {"form": "approval"})
    assert not FeedProfile.objects.get(channel=page.channel).require_approval_code
    client.post(url, {"form": "approval", "require_approval_code": "on"})
    assert FeedProfile.objects.get(channel=page.channel).require_approval_code
    # another school's administrator cannot change it
    other = user_client("hongson.duyet").post(url, {"form": "approval"})
    assert other.status_code in (403, 404)
    assert FeedProfile.objects.get(channel=page.channel).require_approval_code
