"""The public form /phan-anh/: store first, show code + PIN once, refuse bad input whole."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from mangxanh.files.models import StoredFile
from mangxanh.intake.models import Case, Report, ReportFile
from mangxanh.scanning.models import Scan
from tests.intake.conftest import open_cases, png_bytes

URL = "/phan-anh/"


def form_data(**extra):
    data = {
        "categories": ["child_abuse"],
        "description": "Một tài khoản lạ nhắn tin cho em gái tôi (lớp 7), hứa tặng thẻ game nếu gửi ảnh riêng tư.",
        "links": "https://www.facebook.com/messages/t/abc123",
        "affects_child": "yes",
        "anonymous": "yes",
    }
    data.update(extra)
    return data


def counts():
    return Report.objects.count(), Case.objects.count(), Scan.objects.count(), ReportFile.objects.count()


def test_page_is_public_vietnamese_with_emergency_numbers(client, demo):
    html = client.get(URL).content.decode()
    assert 'lang="vi"' in html and "111" in html and "113" in html and 'name="website"' in html


def test_submit_with_screenshot_gives_code_and_pin_once(client, demo):
    shot = SimpleUploadedFile("anh chup.png", png_bytes(), content_type="image/png")
    data = form_data(files=[shot], unit=str(demo["THCS-BENTHUY"].pk))
    response = client.post(URL, data)
    assert response.status_code == 302 and response["Location"] == reverse("intake:report_done")
    page = client.get(response["Location"]).content.decode()
    open_cases()
    report = Report.objects.get()
    assert report.code in page
    assert report.case.unit == demo["THCS-BENTHUY"] and report.files.count() == 1
    assert report.case.evidence.count() == 1
    # A reload in the same browser still shows the code and PIN; another browser never sees them.
    assert report.code in client.get(reverse("intake:report_done")).content.decode()
    assert Client().get(reverse("intake:report_done")).status_code == 302


def test_missing_description_follows_the_error_pattern(client, demo):
    """No category is fine now (see below); a missing description is refused the public-service way."""
    response = client.post(URL, form_data(categories=[], description=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert "<title>Lỗi: " in html
    # The summary comes first, links to the field and uses the field's own label.
    summary = html[html.index('id="error-summary"'):]
    assert summary.index('href="#id_description"') < summary.index('id="report-form"')
    assert "«Kể lại ngắn gọn»: không được để trống." in summary
    assert 'aria-describedby="id_description_hint id_description_error"' in html
    assert 'id="id_description_error"' in html and 'aria-invalid="true"' in html
    assert counts() == (0, 0, 0, 0)


def test_every_question_is_a_fieldset_with_a_legend(client, demo):
    html = client.get(URL).content.decode()
    form = html[html.index('id="report-form"'):html.index("</form>")]
    assert form.count("<fieldset") == form.count("<legend>") >= 9
    # The static emergency box is not an alert, and its numbers are tappable links.
    assert 'role="alert"' not in html
    assert 'class="tel" href="tel:111"' in html and 'class="tel" href="tel:113"' in html
    # The description comes first, then the short category picker with a hint for each.
    assert form.index('id="id_description"') < form.index('name="categories"')
    assert 'aria-describedby="cat-hint-child_abuse"' in form


def test_ten_thousand_links_refused(client, demo):
    links = "\n".join(f"https://vi.du/bai/{i}" for i in range(10_000))
    response = client.post(URL, form_data(links=links))
    assert "tối đa 50 đường link" in response.content.decode()
    assert counts() == (0, 0, 0, 0)


def test_disguised_file_refused_and_nothing_stored(client, demo):
    fake = SimpleUploadedFile("anh.png", b"MZ\x90\x00 this is really an executable" * 10, content_type="image/png")
    good = SimpleUploadedFile("that.png", png_bytes(), content_type="image/png")
    response = client.post(URL, form_data(files=[good, fake]))
    assert "Loại tệp không được chấp nhận" in response.content.decode()
    assert counts() == (0, 0, 0, 0)
    assert StoredFile.objects.count() == 0  # the good file's row rolled back too


def test_oversized_file_refused(client, demo, settings):
    big = SimpleUploadedFile("to.png", png_bytes() + b"\x00" * (10 * 1024 * 1024 + 1), content_type="image/png")
    response = client.post(URL, form_data(files=[big]))
    assert "Tệp quá lớn" in response.content.decode()
    assert counts() == (0, 0, 0, 0)


def test_broken_unicode_refused(client, demo):
    # Raw bytes that are not UTF-8, as a broken client would send them.
    body = "&".join(f"{k}={v}" for k, v in {"categories": "scam", "description": "%ff%fe%80",
                                            "affects_child": "no", "anonymous": "yes"}.items())
    response = client.post(URL, body, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200
    assert "lỗi mã hóa Unicode" in response.content.decode()
    assert counts() == (0, 0, 0, 0)


def test_anonymous_with_contact_is_refused_and_form_keeps_what_was_typed(client, demo):
    """Default «ẩn danh» + a phone number + consent was stored as anonymous with the contact thrown away."""
    response = client.post(URL, form_data(contact_name="Trần Văn B", contact="0987654321", may_contact="on"))
    html = response.content.decode()
    assert response.status_code == 200 and counts() == (0, 0, 0, 0)
    assert "Bạn đã chọn ẩn danh nhưng lại nhập thông tin liên hệ" in html
    # Re-shown with what was typed: the description, the contact and the consent.
    assert 'value="0987654321"' in html and 'value="Trần Văn B"' in html
    assert "hứa tặng thẻ game" in html
    assert 'name="may_contact" id="id_may_contact" checked' in html


def test_consent_alone_with_anonymous_is_refused(client, demo):
    html = client.post(URL, form_data(may_contact="on")).content.decode()
    assert "Bạn đã chọn ẩn danh" in html and counts() == (0, 0, 0, 0)


def test_contact_kept_when_reporter_chooses_to_leave_it(client, demo):
    assert client.post(URL, form_data(anonymous="no", contact="0987654321", may_contact="on")).status_code == 302
    report = Report.objects.get()
    assert not report.anonymous and report.contact == "0987654321" and report.may_contact


def test_contact_required_when_not_anonymous(client, demo):
    response = client.post(URL, form_data(anonymous="no"))
    assert "Hãy để lại số điện thoại" in response.content.decode()
    assert counts() == (0, 0, 0, 0)


def test_honeypot_stores_nothing(client, demo):
    response = client.post(URL, form_data(website="http://spam.example"))
    assert response.status_code == 400
    assert counts() == (0, 0, 0, 0)


def test_rate_limit_per_address(client, demo, settings):
    settings.INTAKE_RATE_LIMITS = {"report": (2, 600), "lookup": (20, 600)}
    assert client.post(URL, form_data()).status_code == 302
    assert client.post(URL, form_data(description="Lần hai, nội dung khác")).status_code == 302
    response = client.post(URL, form_data(description="Lần ba, bạn tôi vừa bị dọa tung ảnh"))
    html = response.content.decode()
    assert response.status_code == 429 and "quá nhiều" in html
    # Nothing typed is lost: the form comes back with the description and the choices.
    assert "Lần ba, bạn tôi vừa bị dọa tung ảnh" in html and "https://www.facebook.com/messages/t/abc123" in html
    assert 'value="child_abuse" id="id_categories_0" checked' in html and "<form" in html
    assert Report.objects.count() == 2
    other = client.post(URL, form_data(description="Từ máy khác"), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_unknown_unit_refused(client, demo):
    response = client.post(URL, form_data(unit="999999"))
    assert "Đơn vị đã chọn không tồn tại" in response.content.decode()
    assert counts() == (0, 0, 0, 0)


def test_unit_search(client, demo):
    html = client.get(reverse("intake:unit_search"), {"q": "Bến Thủy"}).content.decode()
    assert "Trường THCS Bến Thủy" in html
    assert "Không tìm thấy" in client.get(reverse("intake:unit_search"), {"q": "zzzz"}).content.decode()
    assert client.get(reverse("intake:unit_search") + "?q=%ff%fe").status_code == 200


def test_rate_limit_counts_accepted_reports_not_failed_attempts(client, demo, settings):
    settings.INTAKE_RATE_LIMITS = {"report": (2, 600), "lookup": (20, 600)}
    for _ in range(3):  # a parent fighting with the form: missing description, bad file, bad link
        assert client.post(URL, form_data(description="")).status_code == 200
    bad = SimpleUploadedFile("a.txt", b"not an image", content_type="image/png")
    assert client.post(URL, form_data(files=[bad])).status_code == 200
    assert client.post(URL, form_data()).status_code == 302
    assert client.post(URL, form_data(description="Lần hai")).status_code == 302
    assert client.post(URL, form_data(description="Lần ba")).status_code == 429


def test_file_error_keeps_what_was_typed_and_says_to_pick_files_again(client, demo):
    bad = SimpleUploadedFile("anh-chup.png", b"not an image at all", content_type="image/png")
    html = client.post(URL, form_data(files=[bad], reported_account="@ke_la_mat")).content.decode()
    assert "anh-chup.png" in html and "hãy chọn lại tệp" in html
    assert "hứa tặng thẻ game" in html and 'value="@ke_la_mat"' in html
    assert counts() == (0, 0, 0, 0)


def _confirmation(client, **extra) -> str:
    response = client.post(URL, form_data(**extra))
    assert response.status_code == 302, response.content.decode()[:2000]
    return client.get(response["Location"]).content.decode()


def test_confirmation_puts_emergency_guidance_first_when_someone_is_in_danger(client, demo):
    html = _confirmation(client, categories=["violence"], affects_child="no", links="",
                         description="Nhóm thanh niên hẹn đánh bạn tôi ở cổng trường chiều nay.", in_danger="on")
    content = html[html.index("<main") if "<main" in html else 0:]
    assert 'id="guidance-danger"' in content and 'href="tel:113"' in content
    assert content.index('id="guidance-danger"') < content.index('id="report-code"')
    assert 'id="guidance-sextortion"' not in content


def test_confirmation_gives_sextortion_guidance_from_the_scan(client, demo):
    html = _confirmation(client, categories=["scam"], affects_child="yes", links="",
                         description="Có người dọa tung ảnh nóng của em nếu không chuyển tiền, bắt em gửi thêm ảnh.")
    assert 'id="guidance-sextortion"' in html
    for advice in ("Đừng trả tiền", "Đừng gửi thêm", "Giữ lại tin nhắn", "Chặn và báo cáo"):
        assert advice in html
    assert html.index('id="guidance-sextortion"') < html.index('id="report-code"')


def test_sextortion_guidance_for_a_parent_writing_without_diacritics(client, demo):
    # A walk-through found only the grooming block for this wording (no "do not pay").
    html = _confirmation(client, categories=["child_abuse"], affects_child="yes", links="",
                         description="Co nguoi la doi con toi phai gui them anh va chuyen 2 trieu, neu khong "
                                     "han se dang anh cua chau len nhom lop.")
    assert 'id="guidance-sextortion"' in html and "Đừng trả tiền" in html


def test_confirmation_gives_self_harm_guidance_from_the_scan(client, demo):
    html = _confirmation(client, categories=["offensive"], affects_child="no", links="",
                         description="Bạn ấy nhắn: tao sẽ tự tử tối nay, không ai cứu được đâu.")
    assert 'id="guidance-self-harm"' in html and 'href="tel:111"' in html


def test_confirmation_without_risk_shows_no_urgent_guidance(client, demo):
    html = _confirmation(client, categories=["misinformation"], affects_child="no", links="",
                         description="Trang này đăng tin sai về lịch nghỉ học của trường.")
    assert 'id="guidance"' not in html and "Chúng tôi đã nhận phản ánh" in html


def test_report_without_a_category_is_accepted_as_unknown(client, demo):
    """Defect: a parent who does not know the category could not send at all."""
    response = client.post(URL, form_data(categories=[]))
    assert response.status_code == 302, response.content.decode()[:1500]
    open_cases()
    report = Report.objects.get()
    assert report.categories == ["other"] and report.case.categories == ["other"]


def test_chosen_school_is_shown_again_after_a_validation_error(client, demo):
    """Defect: after an error the hidden unit id was kept but its name was gone («Chưa chọn»)."""
    html = client.post(URL, form_data(description="", unit=str(demo["THCS-BENTHUY"].pk))).content.decode()
    assert "Đã chọn: Trường THCS Bến Thủy" in html
    assert counts() == (0, 0, 0, 0)


def test_receipt_survives_a_reload_and_can_be_saved_without_the_pin_in_a_url(client, demo):
    response = client.post(URL, form_data())
    report = Report.objects.get()
    page = client.get(response["Location"])
    html = page.content.decode()
    pin = html.split('id="report-pin">', 1)[1].split("<", 1)[0]
    assert report.check_pin(pin) and "no-store" in page["Cache-Control"]
    # Reload: the same code and PIN again; no link or form on the page carries the PIN.
    again = client.get(reverse("intake:report_done")).content.decode()
    assert pin in again and report.code in again
    assert f"={pin}" not in again and f"/{pin}" not in again
    receipt = client.get(reverse("intake:report_receipt"))
    text = receipt.content.decode()
    assert receipt.status_code == 200 and receipt["Content-Type"].startswith("text/plain")
    assert "attachment" in receipt["Content-Disposition"] and report.code in receipt["Content-Disposition"]
    assert f"Mã phản ánh: {report.code}" in text and f"Mã PIN: {pin}" in text and "111" in text
    assert "no-store" in receipt["Cache-Control"]
    # «I have saved them»: the PIN is gone from this browser.
    assert client.post(reverse("intake:report_done")).status_code == 302
    assert client.get(reverse("intake:report_done")).status_code == 302
    assert client.get(reverse("intake:report_receipt")).status_code == 302


def test_receipt_expires(client, demo, monkeypatch):
    response = client.post(URL, form_data())
    assert client.get(response["Location"]).status_code == 200
    import time

    from mangxanh.intake import views_public

    later = time.time() + views_public.RECEIPT_SECONDS + 1
    monkeypatch.setattr(views_public.time, "time", lambda: later)
    assert client.get(reverse("intake:report_done")).status_code == 302


def test_school_search_lists_schools_before_ward_offices(client, demo):
    html = client.get(reverse("intake:unit_search"), {"q": "ben thuy"}).content.decode()
    assert html.index("Trường THCS Bến Thủy") < html.index("UBND phường Bến Thủy")
    assert 'data-count="' in html


def test_status_lookup_errors_follow_the_error_pattern(client, demo):
    html = client.post(reverse("intake:report_status"), {"code": "", "pin": ""}).content.decode()
    assert "<title>Lỗi: " in html and 'id="error-summary"' in html
    assert 'href="#id_code"' in html and "Hãy nhập «Mã phản ánh»" in html
    assert 'aria-describedby="id_code_error"' in html and 'aria-invalid="true"' in html
    wrong = client.post(reverse("intake:report_status"), {"code": "PA-XXXX", "pin": "000000"}).content.decode()
    assert "<title>Lỗi: " in wrong and "Mã phản ánh hoặc mã PIN không đúng." in wrong


def test_school_search_without_javascript_keeps_what_was_typed(client, demo):
    """The «Tìm» button of the school picker works without JavaScript and is not a submission."""
    data = form_data(q="ben thuy", find_unit="1", reported_account="@ke_la_mat", in_danger="on")
    html = client.post(URL, data).content.decode()
    assert counts() == (0, 0, 0, 0) and 'id="error-summary"' not in html
    picks = html[html.index('id="unit-pick"'):]
    school = demo["THCS-BENTHUY"]
    assert f'name="unit" value="{school.pk}"' in picks
    assert picks.index("Trường THCS Bến Thủy") < picks.index("UBND phường Bến Thủy")
    assert "hứa tặng thẻ game" in html and 'value="@ke_la_mat"' in html and 'value="ben thuy"' in html
    assert 'value="child_abuse" id="id_categories_0" checked' in html
    assert 'id="id_in_danger" checked' in html
    # Then the report is sent with the school picked from the list.
    response = client.post(URL, form_data(unit=str(school.pk)))
    assert response.status_code == 302 and open_cases() == 1 and Report.objects.get().case.unit == school


def test_the_engine_categorises_a_report_sent_as_not_sure(client, demo):
    from tests.intake.conftest import run_scans

    description = "Co nguoi la doi con toi phai gui them anh va chuyen 2 trieu, neu khong han se dang anh len nhom lop."
    assert client.post(URL, form_data(categories=[], description=description, links="")).status_code == 302
    open_cases()
    run_scans()
    case = Report.objects.get().case
    assert "other" not in case.categories and case.categories


def test_every_error_message_names_its_field(client, demo):
    html = client.post(URL, form_data(links="javascript:alert(1)", unit="999999")).content.decode()
    summary = html[html.index('id="error-summary"'):html.index("</div>", html.index('id="error-summary"'))]
    assert "«Đường link (nếu có)»: Đường link không hợp lệ" in summary
    assert "«Trường hoặc đơn vị liên quan (nếu biết)»: Đơn vị đã chọn không tồn tại" in summary
    assert 'href="#id_links"' in summary and 'href="#unit-q"' in summary
    assert counts() == (0, 0, 0, 0)


EMAIL_UPDATES = "Chúng tôi sẽ gửi thư điện tử báo cho bạn mỗi khi phản ánh có cập nhật"


def test_done_page_says_updates_come_by_email_when_an_address_was_left(client, demo):
    data = form_data(anonymous="no", contact_name="Trần Thị C", contact="me.cua.be@example.vn", may_contact="on")
    assert client.post(URL, data).status_code == 302
    html = client.get(reverse("intake:report_done")).content.decode()
    assert EMAIL_UPDATES in html
    assert "me.cua.be@example.vn" not in html  # a shared phone shows the page: never the address


def test_done_page_promises_no_email_to_anonymous_or_phone_reporters(client, demo):
    assert client.post(URL, form_data()).status_code == 302
    assert EMAIL_UPDATES not in client.get(reverse("intake:report_done")).content.decode()
    other = Client()
    assert other.post(URL, form_data(anonymous="no", contact="0987654321", may_contact="on")).status_code == 302
    assert EMAIL_UPDATES not in other.get(reverse("intake:report_done")).content.decode()
