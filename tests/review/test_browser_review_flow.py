"""Must hold: the whole path in a real browser, with the scan tasks run by the real task worker.

The scans run for real: between steps the test runs the database task worker (the loop of
`mangxanh db_worker`, which production runs). Each save returns at once (the page shows
"pending"), and the findings appear through HTMX polling once the worker has run the task.
"""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from mangxanh.review.models import Draft, DraftStatus
from tests.browser.support import DESKTOP, run_tasks
from tests.review.conftest import make_channel

pytestmark = pytest.mark.browser
expect.set_options(timeout=20_000)

BODY = (
    "Nhà trường chúc mừng em Lê Thị Hoa lớp 8A đạt giải nhất cuộc thi viết thư quốc tế.\n"
    "Số CCCD của em: 036211004567. Liên hệ phụ huynh: 0912345678.\n"
    "Xin cảm ơn các thầy cô đã hướng dẫn."
)


def saved_and_scanned(tab) -> None:
    expect(tab.locator('#findings [data-scan="pending"]')).to_be_visible()  # the save returned first
    run_tasks()
    expect(tab.locator('#findings [data-scan="done"]')).to_be_visible()  # HTMX brought the result


def _second_tab(browser, live_server):
    context = browser.new_context(viewport=DESKTOP, locale="vi-VN", base_url=live_server.url)
    context.set_default_timeout(15_000)
    return context, context.new_page()


def test_editor_and_reviewer_whole_path(page, browser, live_server, demo, log_in, screenshot):
    page.set_default_timeout(15_000)
    log_in(page, "thcs.bientap")
    page.goto("/bai-viet/moi/")
    page.get_by_label("Tiêu đề").fill("Chúc mừng học sinh đạt giải")
    page.get_by_label("Nội dung").fill(BODY)
    page.get_by_role("button", name="Lưu bài viết").click()
    saved_and_scanned(page)
    findings = page.locator("#findings")
    expect(findings.locator("mark", has_text="036211004567")).to_be_visible()
    expect(findings.locator("mark", has_text="0912345678")).to_be_visible()
    expect(findings).to_contain_text("Số định danh cá nhân")
    screenshot(page, "review-findings", full_page=True)

    page.get_by_role("button", name="Che bớt (0362******67)").click()
    saved_and_scanned(page)
    page.get_by_role("button", name="Che bớt (091*****78)").click()
    saved_and_scanned(page)
    expect(page.locator("#scan-text")).to_contain_text("0362******67")
    expect(page.locator("#scan-text")).not_to_contain_text("036211004567")
    expect(page.locator("#scan-text")).not_to_contain_text("0912345678")
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.locator("#draft-status")).to_have_text("Chờ duyệt")
    draft = Draft.objects.get()

    # The reviewer claims it from the queue and returns it with a comment on a passage.
    context, reviewer = _second_tab(browser, live_server)
    log_in(reviewer, "thcs.duyet")
    reviewer.goto("/bai-viet/cho-duyet/")
    reviewer.get_by_role("link", name="Chúc mừng học sinh đạt giải").click()
    reviewer.get_by_role("button", name="Nhận duyệt bài này").click()
    reviewer.get_by_label("Đoạn cần sửa").fill("Lê Thị Hoa lớp 8A")
    reviewer.get_by_label("Góp ý cho đoạn đó").fill("Chỉ ghi tên, bỏ lớp của em.")
    reviewer.get_by_label("Nhận xét chung").fill("Sửa rồi gửi lại nhé.")
    reviewer.get_by_role("button", name="Trả lại để sửa (r)").click()
    expect(reviewer.locator("#draft-status")).to_have_text("Trả lại để sửa")

    # The editor sees the comment, fixes the post and sends it again.
    page.reload()
    expect(page.locator("body")).to_contain_text("Chỉ ghi tên, bỏ lớp của em.")
    page.get_by_role("link", name="Sửa bài").click()
    body = page.get_by_label("Nội dung")
    body.fill(body.input_value().replace(" lớp 8A", ""))
    page.get_by_role("button", name="Lưu bài viết").click()
    saved_and_scanned(page)
    page.get_by_role("button", name="Gửi duyệt").click()
    expect(page.locator("#draft-status")).to_have_text("Chờ duyệt")

    # The reviewer claims again and approves with the keyboard shortcut "a".
    reviewer.goto(f"/bai-viet/{draft.pk}/")
    reviewer.get_by_role("button", name="Nhận duyệt bài này").click()
    expect(reviewer.locator("#btn-approve")).to_be_visible()
    reviewer.locator("h1").click()
    reviewer.keyboard.press("a")
    expect(reviewer.locator("#draft-status")).to_have_text("Đã duyệt")
    code = reviewer.locator("#approval-code").inner_text()
    assert code.startswith("MX-THCS-BENTHUY-")
    screenshot(reviewer, "review-approved")
    context.close()

    # The editor copies the approved text and records where it was published.
    page.reload()
    expect(page.locator("#approval-code")).to_have_text(code)
    page.get_by_role("link", name="Xem bản sẵn sàng đăng").click()
    expect(page.locator("#ready-text")).to_contain_text("Chúc mừng học sinh đạt giải")
    page.get_by_label("Đường dẫn bài đã đăng").fill("https://thcsbenthuy.edu.vn/tin-tuc/chuc-mung")
    make_channel(draft.unit, name="Cổng thông tin THCS Bến Thủy", address="https://thcsbenthuy.edu.vn", kind="website")
    page.get_by_role("button", name="Ghi nhận").click()
    expect(page.locator("#draft-status")).to_have_text("Đã đăng")
    draft.refresh_from_db()
    assert draft.status == DraftStatus.PUBLISHED and draft.approval_code == code
    assert draft.published_url == "https://thcsbenthuy.edu.vn/tin-tuc/chuc-mung"
    assert draft.versions.count() == 4
    assert "lớp 8A" not in draft.approved_version.body_text
