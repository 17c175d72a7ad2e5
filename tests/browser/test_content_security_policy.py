"""Under the Content-Security-Policy the pages' scripts still work in a real browser, and the browser
reports no blocked script, style or handler."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from mangxanh.intake.models import Case


@pytest.fixture
def violations(page):
    """Console messages and page errors that mention the policy, collected for the whole test."""
    seen: list[str] = []
    page.on("console", lambda message: seen.append(message.text) if "Content Security Policy" in message.text
            else None)
    page.on("pageerror", lambda error: seen.append(str(error)))
    return seen


def test_report_form_unit_picker_works_under_the_policy(page, demo, violations):
    page.goto("/phan-anh/")
    page.get_by_label("Kể lại ngắn gọn").fill("Có người đăng ảnh chế bạn lớp 7 lên nhóm lớp.")
    for _ in range(4):  # one question per step: the school picker is the fifth
        page.locator("section.step:not([hidden])").get_by_role("button", name="Tiếp tục").click()
    page.fill("#unit-q", "Bến Thủy")
    choice = page.locator("#unit-results [data-unit-id]").first
    choice.wait_for()
    name = choice.get_attribute("data-unit-name")
    choice.click()
    expect(page.locator("#unit-chosen")).to_have_text(f"Đã chọn: {name}")
    assert page.locator("#id_unit").input_value()
    assert violations == []


def test_unit_switcher_submits_on_change(page, demo, log_in, violations):
    log_in(page, "gv.haitruong")
    select = page.locator("#unit-switch")
    other = select.locator("option:not([selected])").first.get_attribute("value")
    with page.expect_navigation():  # the form is submitted by site.js, not by an inline handler
        select.select_option(other)
    expect(page.locator("#unit-switch")).to_have_value(other)
    expect(page.locator("#unit-switch option[selected]")).to_have_attribute("value", other)
    assert violations == []


def test_case_pages_chart_and_evidence_reveal(page, demo, log_in, violations, settings, tmp_path):
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mangxanh.files.storage import IMAGES
    from mangxanh.files.uploads import accept_upload
    from mangxanh.intake import services
    from tests.files import images
    from tests.intake.conftest import submit

    settings.MEDIA_ROOT = tmp_path / "files"
    case: Case = submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"],
                        description="Ảnh chụp tin nhắn gạ gẫm").report.case
    stored = accept_upload(SimpleUploadedFile("a.png", images.png_of_size(40, 30)), allowed=IMAGES, max_bytes=10_000)
    from django.contrib.auth import get_user_model

    officer = get_user_model().objects.get(username="thcs.xuly")
    services.capture_evidence(case, stored.file, stored.name, user=officer)
    log_in(page, "thcs.xuly")
    page.goto(f"/vu-viec/{case.pk}/")
    # The page shows a server-side blurred thumbnail: loading it is not a view of the original.
    image = page.locator("img.evidence-img").first
    expect(image).to_have_attribute("src", f"/vu-viec/{case.pk}/chung-cu/{case.evidence.get().pk}/anh-mo/")
    page.wait_for_function("() => document.querySelector('img.evidence-img').naturalWidth > 0")
    assert not case.evidence.get().custody.filter(action="viewed").exists()
    page.goto("/vu-viec/so-lieu/")
    page.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('by-cat'))")
    assert violations == []
