"""Must hold (browser): an anonymous reporter files a grooming report with a screenshot, gets a code
and PIN, and follows the status while a case officer verifies it, hands it to the police with an
evidence package, and closes it."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from mangxanh.intake.models import Case, EvidencePackage
from tests.browser.support import PHONE
from tests.intake.conftest import png_bytes, run_scans

pytestmark = pytest.mark.browser


def _status(tab, code: str, pin: str) -> None:
    tab.goto("/phan-anh/tra-cuu/")
    tab.get_by_label("Mã phản ánh").fill(code)
    tab.get_by_label("Mã PIN").fill(pin)
    tab.get_by_role("button", name="Tra cứu").click()


def _next(tab) -> None:
    tab.locator("section.step:not([hidden])").get_by_role("button", name="Tiếp tục").click()


def test_grooming_report_end_to_end(browser, page, demo, log_in, screenshot, live_server):
    reporter = browser.new_context(viewport=PHONE, locale="vi-VN", base_url=live_server.url).new_page()
    reporter.goto("/phan-anh/")
    expect(reporter.locator(".emergency")).to_contain_text("111")
    # One question per step (report_form.js): description first, then the category picker.
    reporter.get_by_label("Kể lại ngắn gọn").fill(
        "Một tài khoản tên 'anh.trai.tot' nhắn tin làm quen với em gái tôi học lớp 7, "
        "hứa tặng thẻ game nếu em gửi ảnh riêng tư và dặn không được kể với bố mẹ.")
    _next(reporter)
    reporter.get_by_label("Xâm hại trẻ em", exact=False).check()
    _next(reporter)
    reporter.get_by_label("Đường link (nếu có)").fill("https://vi.du/tin-nhan/anh.trai.tot")
    reporter.get_by_label("Ảnh chụp màn hình hoặc tệp").set_input_files(
        files=[{"name": "tin-nhan.png", "mimeType": "image/png", "buffer": png_bytes()}])
    _next(reporter)
    reporter.get_by_label("Có", exact=True).check()
    _next(reporter)
    # A phone keyboard without Vietnamese accents still finds the school.
    reporter.get_by_placeholder("Gõ tên trường").fill("thcs ben thuy")
    reporter.get_by_role("button", name="Trường THCS Bến Thủy").click()
    expect(reporter.locator("#unit-chosen")).to_contain_text("Trường THCS Bến Thủy")
    _next(reporter)
    _next(reporter)
    expect(reporter.locator("#check-answers")).to_contain_text("tin-nhan.png")
    screenshot(reporter, "intake-report-form", full_page=True)
    reporter.get_by_role("button", name="Gửi phản ánh").click()
    # Grooming: the specific guidance comes before the code and PIN.
    expect(reporter.locator("#guidance-grooming")).to_contain_text("Giữ lại tin nhắn")
    code = reporter.locator("#report-code").inner_text()
    pin = reporter.locator("#report-pin").inner_text()
    assert code.startswith("PA-") and len(pin) == 6
    run_scans()

    _status(reporter, code, pin)
    expect(reporter.locator("#public-state")).to_contain_text("Đã tiếp nhận")

    case = Case.objects.get(reports__code=code)
    assert case.unit.code == "THCS-BENTHUY" and case.priority == 1 and case.evidence.count() == 1
    log_in(page, "thcs.xuly")
    page.goto(f"/vu-viec/{case.pk}/")
    page.locator("#s-state").select_option("verifying")
    page.get_by_role("button", name="Chuyển trạng thái").click()
    expect(page.locator("body")).to_contain_text("Đã cập nhật trạng thái")

    reporter.reload()
    expect(reporter.locator("#public-state")).to_contain_text("đang xác minh")

    page.get_by_role("button", name="Lập gói chứng cứ (ZIP)").click()
    expect(page.locator("body")).to_contain_text("Đã lập gói chứng cứ")
    page.locator("#referral-form").get_by_label("Chuyển cho").select_option(label="Công an xã/phường nơi xảy ra sự việc")
    page.locator("#referral-form").get_by_label("Số tiếp nhận của cơ quan (nếu có)").fill("CA-2026-015")
    page.get_by_role("button", name="Ghi nhận chuyển giao").click()
    expect(page.locator("body")).to_contain_text("Đã ghi nhận chuyển giao")
    case.refresh_from_db()
    package = EvidencePackage.objects.get(case=case)
    assert case.state == "handed_over" and case.referrals.get().package == package
    assert case.package_sha256 == package.sha256

    reporter.reload()
    expect(reporter.locator("#public-state")).to_contain_text("chuyển tới cơ quan chức năng")

    page.locator("#s-state").select_option("closed")
    page.locator("#s-reason").select_option("handed_over")
    page.get_by_role("button", name="Chuyển trạng thái").click()
    expect(page.locator("body")).to_contain_text("Đã cập nhật trạng thái")
    screenshot(page, "intake-case-closed", full_page=True)

    reporter.reload()
    # Handed over: another agency still works on it, so the page must not say it is done.
    expect(reporter.locator("#public-state")).to_contain_text("đang tiếp tục xử lý")
    expect(reporter.locator("#public-state")).not_to_contain_text("đã được xử lý xong")
    expect(reporter.locator("body")).not_to_contain_text("Lý Thị Thảo")
    reporter.context.close()
