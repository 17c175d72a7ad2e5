"""Issue 12 item 19: on a 390 px wide phone the table pages never scroll sideways and long
addresses wrap (a table may scroll inside its own box; the page itself may not)."""

from __future__ import annotations

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from mangxanh.review import drafts as flow
from mangxanh.review.models import Draft, DraftStatus
from tests.browser.support import PHONE
from tests.review.conftest import make_channel, run_pending_scans

pytestmark = pytest.mark.browser

LONG_URL = ("https://www.facebook.com/truongthcsbenthuy.thanhphovinh.tinhsonglam.trangthongtinchinhthuc/"
            "posts/pfbid02xYzAbCdEfGhIjKlMnOpQrStUvWxYz0123456789abcdefghijklmnopqrstuvwxyz")
LONG_LINE = ("Thông báo lịch họp phụ huynh toàn trường vào sáng Chủ nhật, xem chi tiết tại " + LONG_URL
             + " và đăng ký trước ngày mười lăm.")


def _phone(browser, live_server, username: str):
    """A phone-sized tab already logged in as username (the session of Django's test client)."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="vi-VN", base_url=live_server.url)
    context.add_cookies([{"name": settings.SESSION_COOKIE_NAME,
                          "value": client.cookies[settings.SESSION_COOKIE_NAME].value, "url": live_server.url}])
    context.set_default_timeout(10_000)
    return context, context.new_page()


def _sideways(page) -> int:
    """How many CSS pixels the page is wider than the screen (0: no sideways scroll)."""
    return page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")


def _data(demo) -> Draft:
    unit = demo["THCS-BENTHUY"]
    make_channel(unit, name="Trang thông tin chính thức của Trường THCS Bến Thủy thành phố Vinh", address=LONG_URL)
    author = get_user_model().objects.get(username="thcs.bientap")
    draft = Draft(unit=unit, author=author)
    flow.save_version(draft, author, "Họp phụ huynh", f"<p>{LONG_LINE}</p>")
    flow.save_version(draft, author, "Họp phụ huynh", f"<p>{LONG_LINE.replace('sáng', 'chiều')}</p>")
    run_pending_scans()
    flow.submit(draft, author, confirmed=True)
    Draft.objects.filter(pk=draft.pk).update(status=DraftStatus.PUBLISHED, published_url=LONG_URL)
    return draft


def test_table_pages_fit_a_390px_phone(browser, live_server, demo, screenshot):
    draft = _data(demo)
    pages = {
        "admin": ["review:draft_list", "review:queue", "review:channel_list", "review:task_list", "review:stats",
                  "org:unit_list", "org:person_list", "org:unit_type_list", "audit:list", "intake:case_list",
                  "intake:stats", "plans:document_list", "plans:report_list", "plans:indicator_list",
                  "plans:dashboard", "plans:activity_list", "watch:incident_list", "watch:hygiene",
                  "learning:numbers", "core:health"],
        "thcs.bientap": [("review:draft_detail", draft.pk), ("review:draft_diff", draft.pk),
                         ("review:draft_ready", draft.pk)],
    }
    wide = []
    for username, names in pages.items():
        context, page = _phone(browser, live_server, username)
        try:
            for name in names:
                url = reverse(name[0], args=[name[1]]) if isinstance(name, tuple) else reverse(name)
                response = page.goto(url)
                assert response is not None and response.status == 200, (url, response and response.status)
                extra = _sideways(page)
                if name == ("review:draft_diff", draft.pk):
                    screenshot(page, "phone-version-diff", full_page=True)
                if extra > 0:
                    screenshot(page, "phone-wide-" + url.strip("/").replace("/", "-"), full_page=True)
                    wide.append(f"{url}: {extra}px wider than the screen")
        finally:
            context.close()
    assert not wide, "\n".join(wide)


def test_a_wide_table_scrolls_inside_its_box_and_stays_readable(browser, live_server, demo, screenshot):
    _data(demo)
    context, page = _phone(browser, live_server, "admin")
    try:
        page.goto(reverse("review:channel_list"))
        assert _sideways(page) <= 0
        # The long address wraps inside its cell instead of being cut off.
        cell = page.get_by_text("truongthcsbenthuy", exact=False).first
        box = cell.bounding_box()
        assert box is not None and box["x"] >= 0 and box["width"] <= PHONE["width"]
        screenshot(page, "phone-channel-list", full_page=True)
    finally:
        context.close()
