"""Telling a reporter who left an e-mail that their report's status changed or that an officer wrote.

The e-mail says only the truthful public status (the same words as the status page) and links to the
status page; never the PIN, names, units or the officer's text (someone else may read the reporter's
mail). Anonymous reporters keep using code + PIN. Sending happens after the decision is committed, in
a task queued by the one notification service's after_commit() (mangxanh.core.notify), so a failing mail
server never undoes an officer's decision; every attempt is recorded on a ReporterNotice that the case
page shows. Reporters have no account, hence no in-app notification: the status page is theirs.
"""

from __future__ import annotations

import re
from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.urls import reverse
from django.utils import timezone

from mangxanh.core.notify import absolute, after_commit
from mangxanh.intake.models import Case, Channel, NoticeKind, NoticeOutcome, Report, ReporterNotice

MAX_ATTEMPTS = 3
_PHONE = re.compile(r"^\+?[0-9]{8,15}$")


def contact_kind(contact: str) -> str:
    """"email", "phone" or "" for what a reporter typed in the contact field."""
    value = (contact or "").strip()
    if not value:
        return ""
    try:
        validate_email(value)
    except ValidationError:
        pass
    else:
        return "email"
    return "phone" if _PHONE.match(re.sub(r"[\s.\-()]", "", value)) else ""


def gets_email(report: Report) -> bool:
    """Whether status changes and officers' messages reach this reporter by e-mail (the confirmation
    page says so only then: the same rule as the notices themselves)."""
    return not report.anonymous and contact_kind(report.contact) == "email"


def _outcome(report: Report) -> str:
    if report.anonymous:
        return NoticeOutcome.ANONYMOUS
    if gets_email(report):
        return NoticeOutcome.PENDING
    kind = contact_kind(report.contact)
    return NoticeOutcome.NO_SMS if kind == "phone" else NoticeOutcome.NO_CONTACT


def notify_report(report: Report, kind: str) -> ReporterNotice:
    """Record the notice now; the e-mail (when there is an address) goes out after commit."""
    notice = ReporterNotice.objects.create(report=report, kind=kind, outcome=_outcome(report),
                                           public_state=report.public_state)
    if notice.outcome == NoticeOutcome.PENDING:
        from mangxanh.intake.tasks import send_reporter_notice

        after_commit(send_reporter_notice, notice.pk)
    return notice


def notify_status(case: Case) -> list[ReporterNotice]:
    """The public status of this case changed: one notice per report that is not erased."""
    # A partner's reports are answered by webhook (intake.webhooks), not here.
    reports = case.reports.filter(purged_at__isnull=True).exclude(channel=Channel.API).select_related("case")
    return [notify_report(report, NoticeKind.STATUS) for report in reports]


def status_url(report: Report) -> str:
    return absolute(f"{reverse('intake:report_status')}?{urlencode({'ma': report.code})}")


def compose(notice: ReporterNotice) -> tuple[str, str]:
    report = notice.report
    subject = f"[Mạng Xanh] Phản ánh {report.code}: "
    if notice.kind == NoticeKind.MESSAGE:
        subject += "có tin nhắn mới"
        lead = "Cán bộ xử lý vừa gửi cho bạn một tin nhắn về phản ánh này."
    else:
        subject += "tình trạng đã thay đổi"
        lead = f"Tình trạng phản ánh của bạn: {notice.public_state}"
    body = (
        "Xin chào,\n\n"
        f"{lead}\n\n"
        f"Xem chi tiết tại: {status_url(report)}\n"
        "Trang này hỏi mã phản ánh và mã PIN bạn nhận được khi gửi. Vì lý do an toàn, thư này không ghi mã PIN "
        "và không kèm nội dung vụ việc.\n\n"
        "Nếu có người đang gặp nguy hiểm, hãy gọi ngay 113 (Công an) hoặc 111 (Tổng đài bảo vệ trẻ em).\n\n"
        "Mạng Xanh — thư tự động, vui lòng không trả lời thư này."
    )
    return subject, body


def send(notice_id: int) -> str:
    """One attempt to send; returns the outcome ("sent", "retry", "failed" or "skip")."""
    notice = ReporterNotice.objects.select_related("report__case").filter(pk=notice_id).first()
    if notice is None or notice.outcome not in {NoticeOutcome.PENDING, NoticeOutcome.FAILED}:
        return "skip"
    if notice.report.anonymous or contact_kind(notice.report.contact) != "email":
        return "skip"  # erased or changed since: nothing to send to
    subject, body = compose(notice)
    notice.attempts += 1
    try:
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [notice.report.contact.strip()])
    except Exception as exc:  # the mail server's failures of every kind are recorded and retried
        notice.outcome = NoticeOutcome.FAILED
        notice.error = f"{type(exc).__name__}: {exc}"[:300]
        notice.save(update_fields=["outcome", "error", "attempts"])
        return "retry" if notice.attempts < MAX_ATTEMPTS else "failed"
    notice.outcome, notice.error, notice.sent_at = NoticeOutcome.SENT, "", timezone.now()
    notice.save(update_fields=["outcome", "error", "attempts", "sent_at"])
    return "sent"


def retry_delay(attempts: int) -> timedelta:
    return timedelta(minutes=5 * attempts)
