"""Carries who is acting, from where, to the audit log without passing it through every call."""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass

from mangxanh.core.client_ip import client_ip


@dataclass(frozen=True)
class AuditContext:
    user_id: int | None = None
    username: str = ""
    ip_address: str | None = None
    unit_id: int | None = None
    unit_path: str = ""


_EMPTY = AuditContext()
_current: contextvars.ContextVar[AuditContext | None] = contextvars.ContextVar("audit_context", default=None)


def current() -> AuditContext:
    return _current.get() or _EMPTY


def set_context(ctx: AuditContext) -> contextvars.Token:
    return _current.set(ctx)


def reset_context(token: contextvars.Token) -> None:
    _current.reset(token)


@contextmanager
def acting_as(user=None, *, ip_address: str | None = None, unit=None) -> Iterator[AuditContext]:
    """Set the actor for code that runs outside a request: management commands, tasks, imports."""
    authenticated = user is not None and getattr(user, "is_authenticated", False)
    ctx = AuditContext(
        user_id=user.pk if authenticated else None,
        username=user.get_username() if authenticated else "",
        ip_address=ip_address,
        unit_id=getattr(unit, "pk", None),
        unit_path=getattr(unit, "path", ""),
    )
    token = set_context(ctx)
    try:
        yield ctx
    finally:
        reset_context(token)


def context_from_request(request) -> AuditContext:
    user = getattr(request, "user", None)
    authenticated = user is not None and user.is_authenticated
    unit = getattr(request, "unit", None)
    return AuditContext(
        user_id=user.pk if authenticated else None,
        username=user.get_username() if authenticated else "",
        ip_address=client_ip(request),
        unit_id=getattr(unit, "pk", None),
        unit_path=getattr(unit, "path", "") or "",
    )


class AuditContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = set_context(context_from_request(request))
        try:
            return self.get_response(request)
        finally:
            reset_context(token)
