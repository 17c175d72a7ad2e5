"""Must hold (issue 14): a pupil on a 390×844 screen takes a quiz through a class code, each answer saved
as it is chosen; a parent signs a pledge on the phone. Chromium, real server, nothing mocked."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from mangxanh.learning.models import Attempt, ClassCode, Pledge, PledgeSignature
from tests.browser.support import PHONE
from tests.learning.conftest import make_bank, make_quiz

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(viewport=PHONE, locale="vi-VN", base_url=live_server.url, is_mobile=True,
                                 has_touch=True)
    context.set_default_timeout(15_000)
    tab = context.new_page()
    yield tab
    context.close()


def _fits_the_screen(tab) -> None:
    assert tab.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]


def test_pupil_takes_a_quiz_on_a_phone_with_a_class_code(demo, phone, screenshot):
    make_bank(demo["SGD-SL"], n=8)
    quiz = make_quiz(demo["SGD-SL"], question_count=3)
    ClassCode.objects.create(quiz=quiz, unit=demo["THCS-BENTHUY"], class_name="8A", code="PHONE8")
    phone.goto("/hoc-tap/vao-thi/")
    phone.get_by_label("Mã lớp").fill("phone8")
    phone.get_by_label("Họ và tên").fill("Nguyễn Thảo Vy")
    phone.get_by_label("Lớp", exact=True).fill("8A")
    phone.get_by_role("button", name="Bắt đầu").click()
    expect(phone.locator("h1")).to_contain_text("Kiểm tra thử")
    _fits_the_screen(phone)
    attempt = Attempt.objects.get()
    for position in (1, 2, 3):
        question = phone.locator(f"#cau-{position}")
        question.get_by_label("Đúng", exact=True).check()
        expect(question.locator(".saved")).to_have_text("Đã lưu")
    # Saved one by one on the server before "Nộp bài": a dropped connection now loses nothing.
    assert attempt.items.filter(answered_at__isnull=False).count() == 3
    screenshot(phone, "learning-phone-quiz", full_page=True)
    phone.get_by_role("button", name="Nộp bài").click()
    expect(phone.locator("#ket-qua")).to_contain_text("3/3 câu đúng")
    _fits_the_screen(phone)
    attempt.refresh_from_db()
    assert attempt.finished_at and attempt.score == 100.0


def test_parent_signs_a_pledge_on_a_phone(demo, phone):
    pledge = Pledge.objects.create(unit=demo["SGD-SL"], title="Cam kết an toàn mạng", text="Tôi cam kết đồng hành.")
    phone.goto(f"/cam-ket/{pledge.pk}/ky/THCS-BENTHUY/")
    phone.get_by_label("Họ và tên").fill("Trần Thị Hạnh")
    phone.get_by_label("Cha mẹ học sinh").check()
    phone.get_by_label("Lớp (của em hoặc của con; cán bộ để trống)").fill("8A")
    _fits_the_screen(phone)
    phone.get_by_role("button", name="Tôi cam kết thực hiện").click()
    expect(phone.get_by_role("status")).to_contain_text("Cảm ơn bạn đã ký cam kết")
    signature = PledgeSignature.objects.get()
    assert (signature.name, signature.role, signature.unit.code) == ("Trần Thị Hạnh", "parent", "THCS-BENTHUY")


def test_parent_guidance_and_a_lesson_read_well_on_a_phone(demo, phone, screenshot):
    from mangxanh.learning import starter

    starter.load(demo["SGD-SL"])
    phone.goto("/huong-dan/THCS-BENTHUY/")
    expect(phone.locator("h1")).to_contain_text("Giữ an toàn cho con trên mạng")
    expect(phone.locator('main a[href="tel:111"]')).to_be_visible()
    _fits_the_screen(phone)
    screenshot(phone, "learning-phone-guidance", full_page=True)
    phone.get_by_role("link", name="Cha mẹ đồng hành cùng con trên mạng").click()
    expect(phone.locator("h1")).to_contain_text("Cha mẹ đồng hành cùng con trên mạng")
    expect(phone.locator("article")).to_contain_text("91/2025/QH15")
    _fits_the_screen(phone)
