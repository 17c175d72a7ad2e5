"""The reporter's status page: code + PIN, only what is meant for them, adding information."""

from __future__ import annotations

from mangxanh.accounts.models import User
from mangxanh.intake import services
from mangxanh.intake.models import CaseState, ReportMessage
from tests.intake.conftest import submit

URL = "/phan-anh/tra-cuu/"


def test_wrong_pin_reveals_nothing(client, demo):
    result = submit()
    wrong = "123456" if result.pin != "123456" else "654321"
    html = client.post(URL, {"code": result.report.code, "pin": wrong}).content.decode()
    assert "không đúng" in html and "Tình trạng" not in html
    html = client.post(URL, {"code": "PA-ZZZZ-ZZZZ", "pin": "000000"}).content.decode()
    assert "không đúng" in html
    # Without a successful look-up, ?ma= shows nothing.
    assert "Tình trạng" not in client.get(URL, {"ma": result.report.code}).content.decode()


def test_status_follows_the_case_and_hides_internals(client, demo):
    result = submit(unit=demo["THCS-BENTHUY"], anonymous=False, contact="0911222333")
    report = result.report
    officer = User.objects.get(username="thcs.xuly")
    from mangxanh.intake.models import CaseNote

    CaseNote.objects.create(case=report.case, author=officer, text="Ghi chú nội bộ bí mật")
    response = client.post(URL, {"code": report.code.lower(), "pin": result.pin})
    page = client.get(response["Location"]).content.decode()
    assert "Đã tiếp nhận" in page
    services.change_state(report.case, CaseState.VERIFYING, user=officer)
    ReportMessage.objects.create(report=report, from_reporter=False, author=officer, text="Cảm ơn bạn, chúng tôi đang xác minh.")
    page = client.get(URL, {"ma": report.code}).content.decode()
    assert "đang xác minh phản ánh" in page and "Cảm ơn bạn" in page
    for secret in ("Ghi chú nội bộ bí mật", "Lý Thị Thảo", "THCS Bến Thủy", "0911222333"):
        assert secret not in page


def test_reporter_adds_information(client, demo):
    result = submit()
    client.post(URL, {"code": result.report.code, "pin": result.pin})
    client.post(URL, {"action": "add", "code": result.report.code, "text": "Tài khoản đó vừa đổi tên thành abc."})
    assert result.report.messages.get().text.startswith("Tài khoản đó")
    # Someone without the PIN cannot add.
    other = client.__class__()
    other.post(URL, {"action": "add", "code": result.report.code, "text": "Giả mạo"})
    assert result.report.messages.count() == 1


def test_lookup_rate_limited(client, demo, settings):
    settings.INTAKE_RATE_LIMITS = {"report": (10, 600), "lookup": (3, 600)}
    result = submit()
    for _ in range(3):
        client.post(URL, {"code": result.report.code, "pin": "000001"})
    html = client.post(URL, {"code": result.report.code, "pin": result.pin}).content.decode()
    assert "quá nhiều lần" in html


def _status_page(client, result) -> str:
    client.post(URL, {"code": result.report.code, "pin": result.pin})
    return client.get(URL, {"ma": result.report.code}).content.decode()


def test_closure_reason_gives_its_own_truthful_status(client, demo):
    """Only "resolved" says done; a handed-over or unfounded case says what really happened and what next."""
    from mangxanh.intake.models import PUBLIC_CLOSED, ClosureReason

    assert set(PUBLIC_CLOSED) == set(ClosureReason.values)
    officer = User.objects.get(username="thcs.xuly")
    seen = {}
    for reason in ClosureReason.values:
        result = submit(unit=demo["THCS-BENTHUY"], description=f"Phản ánh thử {reason}")
        services.change_state(result.report.case, CaseState.CLOSED, user=officer, reason=reason)
        page = _status_page(client.__class__(), result)
        seen[reason] = page
        assert "Tiếp theo:" in page
    assert "đã được xử lý xong" in seen["resolved"]
    for reason in ("handed_over", "unfounded", "duplicate", "out_of_scope", "spam"):
        assert "đã được xử lý xong" not in seen[reason], reason
    assert "đang tiếp tục xử lý" in seen["handed_over"] and "113" in seen["handed_over"]
    assert "chưa tìm thấy căn cứ" in seen["unfounded"] and "phản ánh mới" in seen["unfounded"]


def test_api_status_message_is_truthful_too(demo):
    officer = User.objects.get(username="thcs.xuly")
    result = submit(unit=demo["THCS-BENTHUY"])
    services.change_state(result.report.case, CaseState.CLOSED, user=officer, reason="handed_over")
    result.report.case.refresh_from_db()
    assert "đang tiếp tục xử lý" in result.report.case.public_state


def test_emergency_numbers_in_the_next_step_are_tel_links(client, demo):
    result = submit()
    report = result.report
    type(report.case).objects.filter(pk=report.case.pk).update(state=CaseState.HANDED_OVER)
    client.post(URL, {"code": report.code, "pin": result.pin})
    page = client.get(URL, {"ma": report.code}).content.decode()
    next_step = page.split('id="public-next"', 1)[1].split("</p>", 1)[0]
    assert '<a class="tel" href="tel:113">113</a>' in next_step
    assert '<a class="tel" href="tel:111">111</a>' in next_step
