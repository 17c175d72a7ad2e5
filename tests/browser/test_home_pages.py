"""Must hold: demo users log in through the real form and land on their own home pages."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.support import PHONE

DOCS_SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "screenshot-home.png"


def _panel(page, title: str):
    return page.locator("section.panel").filter(has=page.get_by_role("heading", name=title, exact=True))


def test_school_editor_sees_the_school_home(page, demo, log_in, screenshot, live_server):
    log_in(page, "thcs.bientap")
    expect(page).to_have_url(f"{live_server.url}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Xin chào, Ngô Thanh Hương")
    lead = page.locator("p.lead")
    expect(lead).to_contain_text("Trường THCS Bến Thủy")
    expect(lead).to_contain_text("Người soạn tin")
    expect(_panel(page, "Việc cần làm")).to_contain_text("Soạn tin bài")
    # A school editor oversees no units and does not see the system's state.
    expect(_panel(page, "Đơn vị trực thuộc")).to_have_count(0)
    expect(_panel(page, "Tình trạng hệ thống")).to_have_count(0)
    expect(page.locator("body")).not_to_contain_text("Sở Giáo dục và Đào tạo tỉnh Sông Lam")
    screenshot(page, "home-school-editor", full_page=True)


def test_department_leader_sees_the_department_home(page, demo, log_in, screenshot, live_server):
    log_in(page, "so.lanhdao")
    expect(page).to_have_url(f"{live_server.url}/")
    lead = page.locator("p.lead")
    expect(lead).to_contain_text("Sở Giáo dục và Đào tạo tỉnh Sông Lam")
    expect(lead).to_contain_text("Lãnh đạo")
    steps = _panel(page, "Việc cần làm")
    expect(steps).to_contain_text("ký và gửi báo cáo định kỳ")
    expect(steps).not_to_contain_text("Soạn tin bài")
    units = _panel(page, "Đơn vị trực thuộc")
    expect(units).to_contain_text("UBND phường Bến Thủy (3 trường)")
    expect(units).to_contain_text("Trường THPT Nguyễn Du")
    expect(page.locator("nav.mainnav")).to_be_visible()
    path = screenshot(page, "home-department-leader")
    if os.environ.get("MANGXANH_UPDATE_SCREENSHOTS"):
        shutil.copyfile(path, DOCS_SCREENSHOT)


def test_phone_layout_collapses_the_menu(browser, live_server, demo, log_in, screenshot):
    context = browser.new_context(viewport=PHONE, device_scale_factor=2, is_mobile=True, has_touch=True,
                                  locale="vi-VN", base_url=live_server.url)
    page = context.new_page()
    try:
        log_in(page, "thcs.bientap")
        expect(page.locator("p.lead")).to_contain_text("Trường THCS Bến Thủy")
        menu = page.locator("nav.mainnav")
        toggle = page.get_by_role("button", name="Mở trình đơn")
        expect(toggle).to_have_attribute("aria-expanded", "false")
        expect(menu).to_be_hidden()
        expect(toggle).to_be_visible()
        # Nothing is wider than the phone's screen.
        assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
        screenshot(page, "home-phone-menu-closed")
        toggle.click()
        expect(menu).to_be_visible()
        expect(menu.get_by_role("link", name="Trang chủ")).to_be_visible()
        expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
        screenshot(page, "home-phone-menu-open")
        close = page.get_by_role("button", name="Đóng trình đơn")
        expect(close).to_have_attribute("aria-expanded", "true")
        close.click()
        expect(menu).to_be_hidden()
    finally:
        context.close()


def test_unit_switcher_for_a_teacher_in_two_schools(page, demo, log_in, screenshot):
    log_in(page, "gv.haitruong")
    switcher = page.get_by_label("Đơn vị đang làm việc")
    expect(switcher.locator("option")).to_have_text(["Trường Tiểu học Bến Thủy", "Trường THCS Bến Thủy"])
    expect(page.locator("p.lead")).to_contain_text("Trường Tiểu học Bến Thủy")
    with page.expect_navigation():
        switcher.select_option(label="Trường THCS Bến Thủy")
    expect(page.locator("p.lead")).to_contain_text("Trường THCS Bến Thủy")
    expect(page.locator("p.lead")).to_contain_text("Giáo viên")
    # The choice is kept for the rest of the session.
    page.goto("/")
    expect(page.get_by_label("Đơn vị đang làm việc")).to_have_value(str(demo["THCS-BENTHUY"].pk))
    screenshot(page, "home-unit-switched")


@pytest.mark.parametrize("password", ["sai-mat-khau", "MangXanh@2026\u0301"])
def test_wrong_password_shows_a_vietnamese_error(page, demo, log_in, password):
    log_in(page, "thcs.bientap", password)
    assert "/tai-khoan/dang-nhap/" in page.url
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng nhập")
    expect(page.locator("form")).to_contain_text("mật khẩu không đúng")
