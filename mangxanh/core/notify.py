"""The one way to tell staff something: an in-app notification now, an e-mail after the decision commits.

    from mangxanh.core.notify import notify
    notify(people, kind="waiting", subject="Bài viết chờ duyệt", body="Bài “…” đang chờ duyệt.", url=path)

The in-app row (the header bell, mangxanh.review.models.Notification) is written in the caller's
transaction, so it exists exactly when the decision does. The e-mail is queued as a task only once that
transaction commits (transaction.on_commit), one message per person so no one sees the others' addresses:
a slow or failing mail server can neither roll back a decision nor hold the audit-chain lock while it
times out. Reporters, who have no account, are told through mangxanh.intake.notify, which queues its
e-mail with the same after_commit().
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction

log = logging.getLogger(__name__)

SUBJECT_PREFIX = "[Mạng Xanh] "


@dataclass(frozen=True)
class Notified:
    in_app: int = 0  # notifications written
    emails: int = 0  # e-mails queued (people who have an address and want e-mail)


def base_url() -> str:
    return getattr(settings, "MANGXANH_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def absolute(url: str) -> str:
    return base_url() + url if url.startswith("/") else url


def after_commit(task, *args) -> None:
    """Enqueue task(*args) once the current transaction commits (at once outside one).

    robust: a broken queue is logged, never raised into the code that already committed its decision.
    """
    transaction.on_commit(lambda: task.enqueue(*args), robust=True)


def notify(recipients: Iterable, *, kind: str, subject: str, body: str, url: str = "", text: str = "",
           in_app: bool = True, email: bool = True) -> Notified:
    """Tell each active person in recipients (users; None and repeats are skipped).

    text: the in-app line (default: body). email=False for mass mailings that the in-app list and the
    reminders cover (a plan sent to 300 schools); in_app=False for mail-only messages.
    """
    from mangxanh.review.models import Notification

    people = list({u.pk: u for u in recipients if u is not None and u.is_active}.values())
    if in_app:
        line = (text or body)[:500]
        Notification.objects.bulk_create(Notification(user=u, kind=kind, text=line, url=url[:300]) for u in people)
    addresses = sorted({u.email for u in people if email and u.email and getattr(u, "email_notifications", True)})
    if addresses:
        from mangxanh.core.tasks import send_email

        full = f"{body}\n\n{absolute(url)}" if url and absolute(url) not in body else body
        prefixed = subject if subject.startswith(SUBJECT_PREFIX) else SUBJECT_PREFIX + subject
        after_commit(send_email, prefixed, full, addresses)
    return Notified(in_app=len(people) if in_app else 0, emails=len(addresses))


def send_now(subject: str, body: str, addresses: list[str]) -> int:
    """One message per address (the task's body); a failed address is logged and the others still go."""
    from django.core.mail import send_mail

    sent = 0
    failed = []
    for address in addresses:
        try:
            sent += send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [address])
        except Exception:  # every kind of mail-server failure: the decision is committed already
            log.warning("notification e-mail to %s failed", address, exc_info=True)
            failed.append(address)
    if failed and not sent:
        raise RuntimeError(f"no notification e-mail could be sent ({len(failed)} addresses)")
    return sent
