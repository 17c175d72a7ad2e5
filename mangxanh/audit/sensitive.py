"""Recording views of records marked sensitive (DESIGN.md §2.4: every view of sensitive data is audited)."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from mangxanh.audit import chain
from mangxanh.audit.models import Action, AuditEntry
from mangxanh.core.client_ip import client_ip

_NOTED_ATTR = "_audit_viewed"


def log_view(request, obj: Any, reason: str = "", *, unit: Any = chain.DEFAULT) -> AuditEntry:
    """Record that the requesting person (or the current actor when request is None) viewed obj."""
    return _append(Action.VIEW, request, obj, reason, unit)


def log_download(request, obj: Any, reason: str = "", *, unit: Any = chain.DEFAULT) -> AuditEntry:
    """Record that the requesting person opened or downloaded the file behind obj (evidence, attachments)."""
    return _append(Action.DOWNLOAD, request, obj, reason, unit)


def _append(action: str, request, obj: Any, reason: str, unit: Any) -> AuditEntry:
    actor: Any = chain.DEFAULT
    ip: Any = chain.DEFAULT
    if request is not None:
        user = getattr(request, "user", None)
        actor = user if user is not None and user.is_authenticated else None
        ip = client_ip(request)
    return chain.append(action, obj=obj, message=reason, unit=unit, actor=actor, ip=ip)


def note_view(request, obj: Any, reason: str = "") -> None:
    """Inside an @audited_view: record a view of obj once the response succeeds."""
    request.__dict__.setdefault(_NOTED_ATTR, []).append((obj, reason))


def audited_view(view: Callable | None = None, *, reason: str = "") -> Callable:
    """Decorator for function views that show sensitive records.

    After a successful response (status below 400) it records a view of every object
    the view passed to note_view(), or else of context "object" of a TemplateResponse.
    A refused or failed request records nothing: nobody saw anything.
    """

    def decorate(func: Callable) -> Callable:
        @functools.wraps(func)
        def wrapper(request, *args, **kwargs):
            response = func(request, *args, **kwargs)
            if response.status_code >= 400:
                return response
            noted = request.__dict__.pop(_NOTED_ATTR, None)
            if noted is None:
                obj = (getattr(response, "context_data", None) or {}).get("object")
                noted = [(obj, "")] if obj is not None else []
            for obj, why in noted:
                log_view(request, obj, why or reason)
            return response

        return wrapper

    return decorate(view) if view is not None else decorate


class AuditedViewMixin:
    """For DetailView-like class views of sensitive records: every object fetched is a recorded view."""

    audit_reason = ""

    def get_object(self, queryset=None):
        obj = super().get_object(queryset)
        log_view(self.request, obj, self.audit_reason)
        return obj
