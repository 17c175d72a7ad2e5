"""Must hold (browser): the public report form on a phone, and the public pages under axe-core.

The parent journey at 390 × 844: one question per step, a school found by typing without accents,
a check-your-answers step, code + PIN that survive a reload. Every public page (form steps, error
state, confirmation, status page) has 0 WCAG 2.1 AA violations at 1366 px and 390 px and nothing
scrolls sideways on the phone.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from mangxanh.intake.models import Report
from tests.browser.accessibility import axe_violations, sideways_overflow, small_tel_links
from tests.browser.support import PHONE
from tests.intake.conftest import open_cases

WIDE = {"width": 1366, "height": 900}
DESCRIPTION = "Có người lạ nhắn tin cho con tôi, đòi con gửi ảnh riêng tư và dặn không được kể với bố mẹ."


@pytest.fixture(autouse=True)
def _intake(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INTAKE_RATE_LIMITS = {"report": (1000, 600), "lookup": (1000, 600)}


def _tab(browser, live_server, viewport):
    phone = viewport == PHONE
    context = browser.new_context(viewport=viewport, locale="vi-VN", base_url=live_server.url, bypass_csp=True,
                                  is_mobile=phone, has_touch=phone)
    context.set_default_timeout(10_000)
    return context.new_page()


def _accessible(tab, where: str, phone: bool) -> None:
    assert axe_violations(tab) == [], where
    assert small_tel_links(tab) == [], where
    if phone:
        assert sideways_overflow(tab) == 0, where


def _next(tab) -> None:
    tab.locator("section.step:not([hidden])").get_by_role("button", name="Tiếp tục").click()


def test_parent_journey_on_a_phone(browser, live_server, demo, screenshot):
    tab = _tab(browser, live_server, PHONE)
    try:
        tab.goto("/phan-anh/")
        # One thing per step: the description first, and nothing else to fill in yet.
        expect(tab.locator("section.step:not([hidden])")).to_have_count(1)
        expect(tab.get_by_text("Bước 1 trên 7")).to_be_visible()
        expect(tab.get_by_role("button", name="Gửi phản ánh")).to_be_hidden()
        box = tab.get_by_label("Kể lại ngắn gọn")
        first = box.bounding_box()  # it was 1,454 px down a 3,111 px page
        assert first["y"] + first["height"] < PHONE["height"], "the first text box is below the fold"
        _next(tab)  # nothing written yet: stays on the step and says so with the field's label
        expect(tab.locator("#id_description_error")).to_have_text("«Kể lại ngắn gọn»: không được để trống.")
        expect(box).to_be_focused()
        box.fill(DESCRIPTION)
        _next(tab)
        # The category picker: a parent who is not sure ticks nothing.
        expect(tab.get_by_text("Không chắc thì bỏ qua")).to_be_visible()
        _next(tab)
        _next(tab)  # links, account, screenshots: all optional
        tab.get_by_label("Có", exact=True).check()
        _next(tab)
        search = tab.get_by_label("Tìm trường hoặc đơn vị")
        search.fill("thcs ben thuy")  # a phone keyboard without Vietnamese accents
        school = tab.get_by_role("button", name="Trường THCS Bến Thủy")
        expect(school).to_be_visible()
        expect(tab.locator("#unit-status")).to_contain_text("Tìm thấy")
        expect(search).to_be_focused()  # the results came in without taking the focus away
        school.click()
        expect(tab.locator("#unit-chosen")).to_have_text("Đã chọn: Trường THCS Bến Thủy")
        expect(search).to_be_focused()
        _next(tab)
        expect(tab.get_by_label("Tôi muốn ẩn danh (không để lại thông tin liên hệ)")).to_be_checked()
        _next(tab)
        # Check your answers, then send.
        answers = tab.locator("#check-answers")
        expect(answers).to_contain_text(DESCRIPTION)
        expect(answers).to_contain_text("Chưa rõ: cán bộ sẽ phân loại giúp bạn")
        expect(answers).to_contain_text("Trường THCS Bến Thủy")
        # The short question only: no helper text in brackets, no «Đã chọn:» hint repeated.
        expect(answers).not_to_contain_text("Đã chọn")
        questions = answers.locator("dt").all_inner_texts()
        assert "Trường hoặc đơn vị liên quan" in questions and not any("(" in q for q in questions), questions
        screenshot(tab, "intake-report-check-phone", full_page=True)
        tab.get_by_role("button", name="Gửi phản ánh").click()

        code = tab.locator("#report-code").inner_text()
        pin = tab.locator("#report-pin").inner_text()
        assert code.startswith("PA-") and len(pin) == 6
        assert pin not in tab.url
        tab.reload()
        expect(tab.locator("#report-code")).to_have_text(code)
        expect(tab.locator("#report-pin")).to_have_text(pin)
        with tab.expect_download() as download:
            tab.get_by_role("link", name="Tải biên nhận (tệp chữ)").click()
        assert f"Mã PIN: {pin}" in download.value.path().read_text(encoding="utf-8")
        screenshot(tab, "intake-report-done-phone", full_page=True)

        open_cases()  # the worker's task
        report = Report.objects.get(code=code)
        assert report.check_pin(pin) and report.categories == ["other"]
        assert report.case.unit.code == "THCS-BENTHUY" and report.affects_child
    finally:
        tab.context.close()


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1366px", "390px"])
def test_public_pages_have_no_wcag_aa_violations(browser, live_server, demo, viewport):
    phone = viewport == PHONE
    tab = _tab(browser, live_server, viewport)
    try:
        tab.goto("/phan-anh/")
        for step in range(1, 7):
            _accessible(tab, f"report form step {step}", phone)
            if step == 1:
                tab.get_by_label("Kể lại ngắn gọn").fill(DESCRIPTION)
            if step == 5:
                tab.get_by_label("Tìm trường hoặc đơn vị").fill("ben thuy")
                expect(tab.locator("#unit-results button").first).to_be_visible()
                _accessible(tab, "school picker with results", phone)
            _next(tab)
        _accessible(tab, "check your answers", phone)

        # The error state, as a browser without JavaScript would get it: nothing written.
        tab.goto("/phan-anh/")
        with tab.expect_navigation():
            tab.evaluate("document.getElementById('report-form').submit()")
        assert tab.title().startswith("Lỗi: ")
        summary = tab.locator("#error-summary")
        expect(summary).to_be_focused()
        _accessible(tab, "form with errors", phone)
        summary.get_by_role("link", name="«Kể lại ngắn gọn»: không được để trống.").click()
        expect(tab.get_by_label("Kể lại ngắn gọn")).to_be_focused()

        tab.get_by_label("Kể lại ngắn gọn").fill(DESCRIPTION)
        tab.get_by_label("Có người đang gặp nguy hiểm ngay lúc này").check()
        tab.get_by_role("button", name="Gửi phản ánh").click()
        expect(tab.locator("#guidance-danger")).to_be_visible()
        _accessible(tab, "confirmation", phone)
        code = tab.locator("#report-code").inner_text()
        pin = tab.locator("#report-pin").inner_text()

        tab.goto("/phan-anh/tra-cuu/")
        _accessible(tab, "status lookup", phone)
        tab.get_by_role("button", name="Tra cứu").click()
        expect(tab.locator("#error-summary")).to_be_focused()
        _accessible(tab, "status lookup with errors", phone)
        tab.get_by_label("Mã phản ánh").fill(code)
        tab.get_by_label("Mã PIN").fill(pin)
        tab.get_by_role("button", name="Tra cứu").click()
        expect(tab.locator("#public-state")).to_be_visible()
        _accessible(tab, "status page", phone)
    finally:
        tab.context.close()


def test_report_form_works_without_javascript(browser, live_server, demo):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", base_url=live_server.url, java_script_enabled=False)
    context.set_default_timeout(10_000)
    tab = context.new_page()
    try:
        tab.goto("/phan-anh/")
        # Every question on one page, in order; the check step needs JavaScript and stays out of the way.
        expect(tab.locator("#step-check")).to_be_hidden()
        tab.get_by_label("Kể lại ngắn gọn").fill(DESCRIPTION)
        tab.get_by_label("Tìm trường hoặc đơn vị").fill("ben thuy")
        tab.get_by_role("button", name="Tìm", exact=True).click()
        tab.get_by_label("Trường THCS Bến Thủy").check()
        expect(tab.get_by_label("Kể lại ngắn gọn")).to_have_value(DESCRIPTION)
        tab.get_by_role("button", name="Gửi phản ánh").click()
        code = tab.locator("#report-code").inner_text()
        pin = tab.locator("#report-pin").inner_text()
        tab.reload()
        expect(tab.locator("#report-pin")).to_have_text(pin)
        open_cases()
        report = Report.objects.get(code=code)
        assert report.case.unit.code == "THCS-BENTHUY" and report.categories == ["other"]
    finally:
        context.close()


def test_steps_work_from_the_keyboard(browser, live_server, demo):
    tab = _tab(browser, live_server, WIDE)
    try:
        tab.goto("/phan-anh/")
        box = tab.get_by_label("Kể lại ngắn gọn")
        box.focus()
        tab.keyboard.type("Bạn cùng lớp chế ảnh em rồi đăng lên nhóm lớp.")
        tab.keyboard.press("Tab")
        expect(tab.get_by_role("button", name="Tiếp tục").first).to_be_focused()
        tab.keyboard.press("Enter")
        # The next step takes focus, and its first tap target is the first category.
        expect(tab.locator("#step-kind")).to_be_focused()
        tab.keyboard.press("Tab")
        expect(tab.get_by_label("Xâm hại trẻ em")).to_be_focused()
        tab.keyboard.press("Space")
        expect(tab.get_by_label("Xâm hại trẻ em")).to_be_checked()
        # Enter in a text box moves on instead of sending half a report.
        tab.locator("#step-kind").get_by_role("button", name="Tiếp tục").click()
        tab.get_by_label("Tài khoản đăng nội dung (nếu biết)").fill("@ke.xau")
        tab.get_by_label("Tài khoản đăng nội dung (nếu biết)").press("Enter")
        expect(tab.locator("#step-who")).to_be_visible()
        assert Report.objects.count() == 0
    finally:
        tab.context.close()
