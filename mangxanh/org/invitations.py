"""Invitation e-mails: a new person sets their own password through a one-time link.

The link is Django's password-reset token, so it stops working once the password is
set and expires after PASSWORD_RESET_TIMEOUT.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage, get_connection
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

log = logging.getLogger(__name__)


def default_base_url() -> str:
    return getattr(settings, "MANGXANH_BASE_URL", "http://127.0.0.1:8000").rstrip("/")


def set_password_url(user, base_url: str) -> str:
    path = reverse(
        "accounts:password_reset_confirm",
        kwargs={
            "uidb64": urlsafe_base64_encode(force_bytes(user.pk)),
            "token": default_token_generator.make_token(user),
        },
    )
    return f"{base_url.rstrip('/')}{path}"


def _message(user, base_url: str, invited_by, connection) -> EmailMessage:
    context = {
        "user": user,
        "url": set_password_url(user, base_url),
        "invited_by": invited_by,
        "roles": [f"{m.get_role_display()} – {m.unit.name}" for m in user.memberships.select_related("unit")],
    }
    subject = render_to_string("org/invitation_subject.txt", context).strip()
    body = render_to_string("org/invitation_email.txt", context)
    return EmailMessage(subject, body, to=[user.email], connection=connection)


def send_invitations(users: Iterable, base_url: str | None = None, invited_by=None) -> int:
    """Send one invitation per user with an e-mail address over one connection; returns how many went out."""
    base_url = base_url or default_base_url()
    sent = 0
    with get_connection() as connection:
        for user in users:
            if not user.email:
                continue
            try:
                sent += _message(user, base_url, invited_by, connection).send()
            except Exception:  # one bad address must not stop the others
                log.exception("invitation e-mail to user %s failed", user.pk)
    return sent
