"""Defects found walking through the case screens: accent-folded title search, clocks of closed cases."""

from __future__ import annotations

from datetime import timedelta

from django.utils import timezone

from mangxanh.accounts.models import User
from mangxanh.intake import services
from mangxanh.intake.models import Deadline
from tests.intake.conftest import submit


def test_case_search_folds_accents_over_titles(user_client, demo):
    # The title carries the category label «Xâm hại trẻ em»; the description does not say it.
    case = submit(categories=["child_abuse"], description="Tài khoản lạ gạ gẫm học sinh",
                  unit=demo["THCS-BENTHUY"]).report.case
    other = submit(categories=["scam"], description="Trang giả danh thu tiền", unit=demo["THCS-BENTHUY"]).report.case
    assert "Xâm hại" in case.title
    client = user_client("so.xuly")
    for q in ("xam hai", "XAM HAI", "Xâm hại", "xâm hai", "xam hai tre em"):
        page = client.get("/vu-viec/danh-sach/", {"q": q}).content.decode()
        assert case.number in page and other.number not in page, q
    # A title changed later is found by its new words, folded too.
    case.title = "Bắt nạt qua Zalo ở lớp 7B"
    case.save(update_fields=["title"])
    assert case.number in client.get("/vu-viec/danh-sach/", {"q": "bat nat qua zalo"}).content.decode()


def test_closed_case_shows_no_running_clock(user_client, demo):
    case = submit(categories=["child_abuse"], description="Tài khoản lạ gạ gẫm học sinh",
                  unit=demo["THCS-BENTHUY"]).report.case
    assert case.deadlines.filter(met_at__isnull=True).exists()
    # One clock already missed when the case was closed, the others still running at that moment.
    first = case.deadlines.order_by("due_at").first()
    Deadline.objects.filter(pk=first.pk).update(due_at=timezone.now() - timedelta(hours=1))
    services.change_state(case, "verifying", user=User.objects.get(username="thcs.xuly"))
    case = services.change_state(case, "closed", user=User.objects.get(username="thcs.xuly"), reason="unfounded")
    client = user_client("thcs.xuly")
    for url in (f"/vu-viec/{case.pk}/", "/vu-viec/danh-sach/?all=1", "/vu-viec/danh-sach/?state=closed"):
        html = client.get(url).content.decode()
        assert case.number in html, url
        assert "data-due=" not in html, url  # the script counts down nothing on a closed case
        assert "Đã đóng" in html, url
    detail = client.get(f"/vu-viec/{case.pk}/").content.decode()
    clocks = detail.split("<h2>Thời hạn</h2>", 1)[1].split("</ul>", 1)[0]
    assert "không đáp ứng đúng hạn" in clocks  # the clock missed before closing says so
    assert "còn " not in clocks and "Quá hạn" not in clocks
