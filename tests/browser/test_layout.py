"""What a person saw at 1280 px (issue 12, browser walk): emergency numbers that did not spread the
lines of their paragraph, a top menu on one clean row, and report buttons on one aligned row."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from mangxanh.plans import services
from tests.plans.conftest import user

LINE_BOXES = """el => {
    const style = getComputedStyle(el);
    const inner = el.getBoundingClientRect().height - parseFloat(style.paddingTop) - parseFloat(style.paddingBottom);
    return inner / parseFloat(style.lineHeight);
}"""


def _tel_sizes(tab, selector: str) -> list[tuple[int, int]]:
    return tab.eval_on_selector_all(f'{selector} a[href^="tel:"]', """links => links.map(a => {
        const r = a.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; })""")


def test_emergency_numbers_keep_their_paragraph_on_one_line(page, demo, log_in, screenshot):
    page.goto("/kenh-chinh-thuc/")
    note = page.locator("p.small.muted", has_text="Khẩn cấp")
    assert note.evaluate(LINE_BOXES) < 1.5  # one line of text, not a 44 px tall line
    assert all(w >= 44 and h >= 44 for w, h in _tel_sizes(page, "p.small.muted"))  # still a touch target
    log_in(page, "so.lanhdao")
    footer = page.locator("footer.footer")
    assert footer.evaluate(LINE_BOXES) < 1.5
    assert all(w >= 44 and h >= 44 for w, h in _tel_sizes(page, "footer.footer"))


def test_top_menu_and_report_buttons_at_1280(page, demo, log_in, screenshot):
    plan = services.create_from_template("nam-dinh-2024", demo["SGD-SL"], user("so.lanhdao"), year=2026)
    period = services.create_period(plan, user=user("so.lanhdao"), name="Báo cáo năm 2026", starts_on=dt.date(2025, 12, 1),
                                    ends_on=dt.date(2026, 11, 30), deadline=dt.date(2026, 11, 30))
    report = services.report_for(period, demo["SGD-SL"])
    log_in(page, "so.lanhdao")
    page.goto(reverse("plans:report_detail", args=[report.pk]))
    screenshot(page, "menu-1280", full_page=True)
    rows = page.eval_on_selector_all("#mainnav > a, #mainnav > details > summary",
                                     "els => new Set(els.map(e => Math.round(e.getBoundingClientRect().top))).size")
    assert rows == 1  # the menu is one row; the rest sits under «Thêm»
    assert page.locator("#mainnav details summary", has_text="Thêm").count() == 1
    account = page.locator("#mainnav").get_by_role("link", name="Tài khoản của tôi")
    assert not account.is_visible()
    page.locator("#mainnav summary").click()
    assert account.is_visible()
    screenshot(page, "menu-1280-more")
    # «Lưu báo cáo» and «Lãnh đạo duyệt» sit on one row, top-aligned.
    tops = page.eval_on_selector_all(".button-row button",
                                     "els => els.map(e => Math.round(e.getBoundingClientRect().top))")
    assert len(tops) == 2 and len(set(tops)) == 1
