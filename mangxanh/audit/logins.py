"""Log-in, log-out and failed log-in entries. The attempted password is never looked at."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.db.models import Q

from mangxanh.audit import chain
from mangxanh.audit.models import Action
from mangxanh.core.client_ip import client_ip


def user_unit(user) -> Any:
    """The top-most unit where user holds a role; DEFAULT (the acting unit) when none."""
    from mangxanh.org.models import Membership

    if user is None or user.pk is None:
        return chain.DEFAULT
    membership = Membership.objects.filter(user_id=user.pk).select_related("unit").order_by("unit__path").first()
    return membership.unit if membership else chain.DEFAULT


def _ip(request) -> Any:
    return client_ip(request) if request is not None else chain.DEFAULT


def on_logged_in(sender, request, user, **kwargs) -> None:
    chain.append(Action.LOGIN, obj=user, actor=user, ip=_ip(request), unit=user_unit(user))


def on_logged_out(sender, request, user, **kwargs) -> None:
    if user is None:
        return
    chain.append(Action.LOGOUT, obj=user, actor=user, ip=_ip(request), unit=user_unit(user))


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    # Only the name typed; credentials also hold the (already masked) password: ignore it.
    typed = chain.clean_text((credentials or {}).get("username") or "", 150)
    User = get_user_model()
    known = None
    if typed:
        known = User.objects.filter(Q(username=typed) | Q(email=typed.strip().lower())).first()
    chain.append(
        Action.LOGIN_FAILED,
        obj=known,
        object_type="" if known else User._meta.label_lower,
        object_repr="" if known else typed,
        actor=None,
        ip=_ip(request),
        unit=user_unit(known) if known else None,
        message=f"Tên đăng nhập đã nhập: {typed}" if typed else "Không nhập tên đăng nhập",
    )


def connect() -> None:
    user_logged_in.connect(on_logged_in, dispatch_uid="audit-logged-in")
    user_logged_out.connect(on_logged_out, dispatch_uid="audit-logged-out")
    user_login_failed.connect(on_login_failed, dispatch_uid="audit-login-failed")
