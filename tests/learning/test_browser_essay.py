"""An essay/poster round in a real browser: a pupil on a 390×844 phone sends a poster with a class code
(no account), the engine scans it (the real scan code), and a juror marks it blind. Chromium, real server."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from mangxanh.learning import essays
from mangxanh.learning.models import ClassCode, Contest, JuryScore, Submission
from tests.browser.support import PHONE
from tests.files.images import jpeg_with_gps
from tests.learning.conftest import run_pending_scans, user
from tests.learning.test_essays import CLEAN

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_pupil_sends_a_poster_on_a_phone_and_a_juror_marks_it_blind(demo, browser, live_server, page, log_in,
                                                                          tmp_path, settings, screenshot):
    settings.MEDIA_ROOT = tmp_path
    contest = Contest.objects.create(unit=demo["SGD-SL"], title="Tuổi trẻ với an toàn mạng")
    now = timezone.now()
    essay_round = essays.create_round(
        contest, user=user("so.lanhdao"), title="Vòng 2: tranh, áp phích", prompt="Vẽ về an toàn trên mạng.", kind="both",
        opens_at=now - dt.timedelta(hours=1), closes_at=now + dt.timedelta(days=7), rubric="Ý tưởng: 50\nMàu sắc: 50",
        jurors=[user("so.xuly")])
    ClassCode.objects.create(essay_round=essay_round, unit=demo["THCS-BENTHUY"], class_name="8A", code="TRANH8")
    poster = tmp_path / "tranh.jpg"
    poster.write_bytes(jpeg_with_gps())
    context = browser.new_context(viewport=PHONE, locale="vi-VN", base_url=live_server.url, is_mobile=True,
                                  has_touch=True)
    phone = context.new_page()
    phone.set_default_timeout(15_000)
    phone.goto("/hoc-tap/vao-thi/")
    phone.get_by_label("Mã lớp").fill("tranh8")
    phone.get_by_label("Họ và tên").fill("Nguyễn Thảo Vy")
    phone.get_by_role("button", name="Bắt đầu").click()
    expect(phone.get_by_label("Mã lớp")).to_have_value("TRANH8")  # an essay code leads to the entry form
    phone.get_by_label("Họ và tên").fill("Nguyễn Thảo Vy")
    phone.get_by_label("Lớp", exact=True).fill("8A")
    phone.get_by_label("Tên bài").fill("Lá chắn xanh")
    phone.get_by_label("Bài viết (hoặc lời giới thiệu tranh)").fill(CLEAN)
    phone.get_by_label("Ảnh tranh vẽ, áp phích (JPG, PNG; tối đa 10 MB)").set_input_files(str(poster))
    phone.get_by_role("button", name="Nộp bài").click()
    expect(phone.locator("#bai-du-thi")).to_contain_text("Đang quét nội dung")
    assert phone.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    # The stripped copy is served: same pixels, no metadata (wait for the image itself to arrive).
    phone.wait_for_function("() => { const i = document.querySelector('img.poster'); "
                            "return i && i.complete && i.naturalWidth > 0; }")
    assert phone.locator("img.poster").evaluate("img => img.naturalWidth") == Image.open(poster).width
    screenshot(phone, "learning-phone-essay", full_page=True)
    context.close()
    run_pending_scans()
    submission = Submission.objects.get()
    log_in(page, "so.xuly")
    page.goto(f"/hoc-tap/vong-bai-viet/{essay_round.pk}/cham/")
    expect(page.locator("main")).not_to_contain_text("Nguyễn Thảo Vy")
    page.get_by_role("link", name=f"Bài số {submission.pk}").click()
    expect(page.locator("main")).not_to_contain_text("Nguyễn Thảo Vy")
    page.get_by_label("Ý tưởng (0–50)").fill("45")
    page.get_by_label("Màu sắc (0–50)").fill("40")
    page.get_by_role("button", name="Lưu điểm").click()
    expect(page.locator("main")).to_contain_text(f"Đã lưu điểm Bài số {submission.pk}: 85/100")
    assert JuryScore.objects.filter(submission=submission).count() == 2
