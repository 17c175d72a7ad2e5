"""Must hold (issue 14): the Sở sees the leaderboard and downloads a certificate (Chromium, real server)."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from mangxanh.learning import quizzes as flow
from mangxanh.learning.models import ClassCode, Roster
from tests.learning.conftest import make_bank, make_quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_department_sees_the_leaderboard_and_downloads_a_certificate(demo, page, log_in, screenshot):
    make_bank(demo["SGD-SL"], n=6)
    quiz = make_quiz(demo["SGD-SL"], title="Tìm hiểu an toàn mạng", question_count=5)
    ClassCode.objects.create(quiz=quiz, unit=demo["THCS-BENTHUY"], class_name="8A", code="BROWS1")
    Roster.objects.create(unit=demo["THCS-BENTHUY"], pupils=4)
    attempt = flow.start_with_code("BROWS1", "Đỗ Minh Châu")
    for position in range(1, 6):
        flow.answer(attempt, position, [1])
    flow.finish(attempt)
    log_in(page, "so.lanhdao")
    page.goto(f"/hoc-tap/kiem-tra/{quiz.pk}/")
    page.get_by_role("link", name="Bảng xếp hạng theo trường").click()
    row = page.get_by_role("row").filter(has_text="THCS Bến Thủy")
    expect(row).to_contain_text("1/4")
    expect(row).to_contain_text("25,0%")
    screenshot(page, "learning-leaderboard")
    page.go_back()
    with page.expect_download() as download:
        page.get_by_role("link", name="Giấy chứng nhận").click()
    path = download.value.path()
    with open(path, "rb") as pdf:
        assert pdf.read(5) == b"%PDF-"
    assert download.value.suggested_filename == f"chung-nhan-{attempt.pk}.pdf"


def test_numbers_page_charts_draw_under_the_content_security_policy(demo, page, log_in, screenshot):
    """The SVG bar charts are drawn by the server: the browser shows them and blocks nothing."""
    blocked: list[str] = []
    page.on("console", lambda message: blocked.append(message.text) if "Content Security Policy" in message.text
            else None)
    make_bank(demo["SGD-SL"], n=3)
    quiz = make_quiz(demo["SGD-SL"], question_count=2)
    ClassCode.objects.create(quiz=quiz, unit=demo["THCS-BENTHUY"], class_name="8A", code="CHART1")
    Roster.objects.create(unit=demo["THCS-BENTHUY"], pupils=4, staff=2)
    flow.finish(flow.start_with_code("CHART1", "Đỗ Minh Châu"))
    log_in(page, "xa.benthuy")
    page.goto("/hoc-tap/so-lieu/")
    bar = page.locator("#bieu-do svg").first.locator('rect.bar:not([width="0"])').first  # THCS Bến Thủy, 25 %
    expect(bar).to_be_visible()
    assert bar.evaluate("r => getComputedStyle(r).fill") == "rgb(46, 125, 50)"  # quiz.css applies
    assert page.locator("#bieu-do svg").count() == 5
    screenshot(page, "learning-numbers-charts", full_page=True)
    assert blocked == []
