"""Must hold (issue 12): a parent with no log-in, on a phone, lands on the public home page and checks
whether a page is really the school's: a genuine post link is the school's official channel with no
warning about the school's other channels; a look-alike page gets a plain-language warning; a school
name typed without accents finds the school. Every page passes axe-core's WCAG 2.1 AA checks, has
tappable 111/113 links and does not scroll sideways at 390 px."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from mangxanh.review import demo as review_demo
from tests.browser.accessibility import axe_violations, small_tel_links
from tests.browser.support import PHONE

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def parent(browser, live_server, demo):
    review_demo.load()  # every demo unit's official channels
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="vi-VN", base_url=live_server.url, bypass_csp=True)  # axe is injected
    context.set_default_timeout(10_000)
    yield context.new_page()
    context.close()


def _check(tab, text: str):
    tab.get_by_label("Đường dẫn hoặc tên trang").fill(text)
    tab.get_by_role("button", name="Kiểm tra").click()
    tab.wait_for_load_state()
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"], "the page scrolls sideways"
    assert axe_violations(tab) == [] and small_tel_links(tab) == []
    return tab.locator("#check-result")


def test_parent_checks_a_channel_on_a_phone(parent, screenshot):
    # The anonymous home page: check a channel, send a report, 111/113 and a log-in button.
    parent.goto("/")
    actions = parent.locator("#public-actions")
    expect(actions.get_by_role("heading", name="Kiểm tra kênh chính thức")).to_be_visible()
    expect(actions.get_by_role("link", name="Gửi phản ánh")).to_be_visible()
    expect(parent.get_by_role("link", name="Gọi 111")).to_have_attribute("href", "tel:111")
    expect(parent.get_by_role("link", name="Gọi 113")).to_have_attribute("href", "tel:113")
    expect(actions.get_by_role("link", name="Đăng nhập")).to_be_visible()
    expect(parent.get_by_label("Mật khẩu")).to_have_count(0)  # not a bare log-in form
    assert parent.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert axe_violations(parent) == [] and small_tel_links(parent) == []
    screenshot(parent, "channel-check-home-phone", full_page=True)

    # A genuine post link pasted from the Facebook app, starting from the home page's own box.
    parent.get_by_label("Đường dẫn hoặc tên trang").fill(
        "https://m.facebook.com/thcsbenthuy.songlam/posts/pfbid02xYzAbc123?mibextid=Nif5oz")
    parent.get_by_role("button", name="Kiểm tra").click()
    expect(parent).to_have_url(re.compile("/kenh-chinh-thuc/"))
    result = parent.locator("#check-result")
    expect(result).to_contain_text("Đây là bài đăng trên kênh chính thức")
    expect(result).to_contain_text("Trường THCS Bến Thủy")
    expect(result).not_to_contain_text("Không phải kênh chính thức")
    expect(parent.locator("#lookalikes")).to_have_count(0)  # no warning about the school's own other pages
    expect(parent.locator("body")).not_to_contain_text("Đừng chuyển tiền")
    screenshot(parent, "channel-check-genuine-post", full_page=True)

    # A look-alike page: a plain warning in words, no similarity percentages.
    result = _check(parent, "https://www.facebook.com/thcsbenthuy.songlarn")
    expect(result).to_contain_text("Không phải kênh chính thức")
    expect(result).to_contain_text("Đừng chuyển tiền")
    warning = parent.locator("#lookalikes")
    expect(warning).to_contain_text("gần giống trang chính thức nhưng không phải")
    expect(warning).to_contain_text("facebook.com/thcsbenthuy.songlam")
    assert "%" not in parent.locator("main").inner_text()
    screenshot(parent, "channel-check-lookalike", full_page=True)

    # A school name typed without accents.
    _check(parent, "thcs ben thuy")
    matches = parent.locator("#name-matches")
    expect(matches).to_contain_text("Trường THCS Bến Thủy")
    expect(matches).to_contain_text("thcsbenthuy.songlam.edu.vn")
    screenshot(parent, "channel-check-name-search", full_page=True)

    # The same check works for another unit: the Sở's YouTube video page.
    result = _check(parent, "https://www.youtube.com/@sogddtsonglam/videos")
    expect(result).to_contain_text("Sở Giáo dục và Đào tạo")
