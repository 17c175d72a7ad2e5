"""Glue between our log-in flow and django-axes (lock-out after repeated failures).

Axes counts failures per (username, IP address). The name typed in the log-in form may be a
username in any case or an e-mail address; `axes_username` maps all of them to one key so an
attacker cannot multiply the allowed attempts by varying how the account is named, and so an
administrator unlocks with `mangxanh axes_reset_username <username>`.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.contrib.auth.signals import user_login_failed
from django.http import HttpRequest

from mangxanh.accounts.backends import MAX_LOGIN_LENGTH, find_user


def axes_username(request: HttpRequest | None, credentials: dict | None) -> str:
    """AXES_USERNAME_CALLABLE: the canonical lower-case username for whatever was typed."""
    if credentials:
        raw = credentials.get("username")
    else:
        raw = request.POST.get("username") if request is not None else None
    typed = str(raw or "").strip()
    user = find_user(typed)
    if user is not None:
        return user.username.lower()
    # Unknown names are still counted (an attacker guessing accounts), within axes' column size.
    return typed.lower()[:MAX_LOGIN_LENGTH]


def credentials_for(user) -> dict:
    return {"username": user.username}


def is_locked(request: HttpRequest, user) -> bool:
    return AxesProxyHandler.is_locked(request, credentials_for(user))


def record_failure(request: HttpRequest, user) -> bool:
    """Count a failed second factor like a failed password; True when that locks the account."""
    user_login_failed.send(sender=__name__, credentials=credentials_for(user), request=request)
    return bool(getattr(request, "axes_locked_out", False))


def reset(request: HttpRequest, user) -> None:
    AxesProxyHandler.reset_attempts(username=axes_username(request, credentials_for(user)))
