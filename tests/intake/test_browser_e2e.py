"""Must hold (browser): a parent on a phone files a grooming report with a screenshot, chooses to leave
an e-mail address, gets a code and PIN, and follows the status while a case officer verifies it,
hands it to the police with an evidence package, and closes it; each change reaches them by e-mail
(sent by the real task worker), and neither the e-mail nor the status page says "done" for a case
another agency still handles."""

from __future__ import annotations

import pytest
from django.core import mail
from playwright.sync_api import expect

from mangxanh.intake.models import Case, EvidencePackage
from tests.browser.support import PHONE, run_tasks
from tests.intake.conftest import open_cases, png_bytes, run_scans

pytestmark = pytest.mark.browser


PARENT_EMAIL = "me.an@example.org"


def _mail_to_parent() -> list:
    run_tasks()  # the database worker sends queued e-mails, as `mangxanh db_worker` does
    return [m for m in mail.outbox if m.to == [PARENT_EMAIL]]


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
    # The parent chooses to be contacted and leaves an e-mail address.
    reporter.get_by_label("Tôi để lại cách liên hệ").check()
    reporter.get_by_label("Số điện thoại hoặc thư điện tử").fill(PARENT_EMAIL)
    reporter.get_by_label("Tôi đồng ý để cán bộ liên hệ lại").check()
    _next(reporter)
    expect(reporter.locator("#check-answers")).to_contain_text("tin-nhan.png")
    screenshot(reporter, "intake-report-form", full_page=True)
    reporter.get_by_role("button", name="Gửi phản ánh").click()
    # Grooming: the specific guidance comes before the code and PIN.
    expect(reporter.locator("#guidance-grooming")).to_contain_text("Giữ lại tin nhắn")
    code = reporter.locator("#report-code").inner_text()
    pin = reporter.locator("#report-pin").inner_text()
    assert code.startswith("PA-") and len(pin) == 6
    open_cases()  # the worker's task: case, clocks, evidence, then the scan
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
    mails = _mail_to_parent()
    assert len(mails) == 1 and "đang xác minh" in mails[0].body and code in mails[0].body
    assert pin not in mails[0].body and "anh.trai.tot" not in mails[0].body

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
    screenshot(reporter, "intake-status-handed-over", full_page=True)
    mails = _mail_to_parent()
    closing = mails[-1]
    assert len(mails) == 3 and "đã đóng" in closing.body and "đang tiếp tục xử lý" in closing.body
    assert "đã xử lý xong" not in (closing.subject + closing.body).lower()
    assert "xử lý xong" not in reporter.locator("main").inner_text()
    reporter.context.close()
