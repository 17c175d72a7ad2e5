"""The reporter hears back: an e-mail on every public status change and officer message, recorded for officers."""

from __future__ import annotations

import pytest
from django.core import mail

from mangxanh.accounts.models import User
from mangxanh.intake import services
from mangxanh.intake.models import CaseState, NoticeKind, NoticeOutcome, ReporterNotice
from mangxanh.intake.tasks import send_reporter_notice
from tests.intake.conftest import submit


@pytest.fixture
def officer(demo):
    return User.objects.get(username="thcs.xuly")


def _send_all() -> list[str]:
    return [send_reporter_notice.call(n.pk) for n in ReporterNotice.objects.filter(outcome=NoticeOutcome.PENDING)]


def test_status_change_and_message_are_mailed_after_commit(demo, officer, django_capture_on_commit_callbacks):
    result = submit(unit=demo["THCS-BENTHUY"], anonymous=False, contact="me.hoa@example.org", may_contact=True)
    report = result.report
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.change_state(report.case, CaseState.VERIFYING, user=officer)
    assert len(callbacks) >= 1  # the e-mail is queued only once the decision is committed
    assert _send_all() == ["sent"]
    message = mail.outbox[-1]
    assert message.to == ["me.hoa@example.org"]
    assert "đang xác minh phản ánh" in message.body and f"?ma={report.code}" in message.body
    assert result.pin not in message.body and result.pin not in message.subject
    assert "Bến Thủy" not in message.body and "bêu xấu" not in message.body
    services.message_reporter(report, "Em hãy giữ lại ảnh chụp màn hình.", user=officer)
    assert _send_all() == ["sent"]
    assert "tin nhắn" in mail.outbox[-1].subject and "ảnh chụp màn hình" not in mail.outbox[-1].body
    notices = list(report.notices.order_by("pk"))
    assert [(n.kind, n.outcome) for n in notices] == [(NoticeKind.STATUS, NoticeOutcome.SENT),
                                                      (NoticeKind.MESSAGE, NoticeOutcome.SENT)]
    assert all(n.sent_at for n in notices)


def test_officer_sees_what_was_sent_or_why_not(client, demo, officer):
    mailed = submit(unit=demo["THCS-BENTHUY"], anonymous=False, contact="bo.nam@example.org").report
    phoned = submit(unit=demo["THCS-BENTHUY"], anonymous=False, contact="0911 222 333",
                    description="Một phản ánh khác về nhóm chat.").report
    anonymous = submit(unit=demo["THCS-BENTHUY"], description="Phản ánh ẩn danh về nhóm chat.").report
    for report in (mailed, phoned, anonymous):
        services.change_state(report.case, CaseState.VERIFYING, user=officer)
    _send_all()
    assert phoned.notices.get().outcome == NoticeOutcome.NO_SMS
    assert anonymous.notices.get().outcome == NoticeOutcome.ANONYMOUS
    client.force_login(officer)
    page = client.get(f"/vu-viec/{mailed.case.pk}/").content.decode()
    assert "đã gửi thư điện tử lúc" in page
    page = client.get(f"/vu-viec/{phoned.case.pk}/").content.decode()
    assert "chưa gửi được tin nhắn SMS" in page
    page = client.get(f"/vu-viec/{anonymous.case.pk}/").content.decode()
    assert "ẩn danh: chỉ tra cứu bằng mã phản ánh và mã PIN" in page


def test_failing_mail_server_keeps_the_decision(demo, officer, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 2
    report = submit(unit=demo["THCS-BENTHUY"], anonymous=False, contact="me.hoa@example.org").report
    with django_capture_on_commit_callbacks(execute=True):
        services.change_state(report.case, CaseState.VERIFYING, user=officer)
    report.case.refresh_from_db()
    assert report.case.state == CaseState.VERIFYING
    assert _send_all() == ["retry"]
    notice = report.notices.get()
    assert notice.outcome == NoticeOutcome.FAILED and notice.error and notice.sent_at is None


def test_status_link_prefills_the_code_only(client, demo):
    result = submit()
    page = client.get("/phan-anh/tra-cuu/", {"ma": result.report.code}).content.decode()
    assert f'value="{result.report.code}"' in page and "Tình trạng" not in page


def test_partner_reports_are_answered_by_webhook_not_by_notice(demo, officer, partner):
    from mangxanh.intake.models import Channel

    key, _ = partner
    report = submit(unit=demo["THCS-BENTHUY"], channel=Channel.API, api_key=key, external_ref="NT-9").report
    services.change_state(report.case, CaseState.VERIFYING, user=officer)
    assert not report.notices.exists()
