"""The audit log's public API, for every other app:

    from mangxanh import audit
    audit.register(Case, exclude=["updated_at"], unit_field="unit")   # in AppConfig.ready()
    audit.record("approve", obj=post, message="Duyệt đăng")            # an action of your own
    audit.log_view(request, case, reason="Xem hồ sơ nạn nhân")          # a view of a sensitive record
    audit.log_download(request, evidence, reason="Mở chứng cứ")         # a file opened or downloaded
    @audit.audited_view                                                 # or decorate the view

Thin wrappers so that importing this package never loads models before apps are ready.
"""

from __future__ import annotations

from typing import Any


def record(action: str, **kwargs: Any):
    """Append one entry; see mangxanh.audit.chain.append for the arguments."""
    from mangxanh.audit.chain import append

    return append(action, **kwargs)


def register(model, **kwargs: Any) -> None:
    """Record creates, changes and deletes of model; see mangxanh.audit.registry.register."""
    from mangxanh.audit.registry import register as _register

    _register(model, **kwargs)


def register_action(code: str, label: str) -> None:
    """Give an action code of your own (e.g. "approve") its Vietnamese label."""
    from mangxanh.audit.models import register_action as _register_action

    _register_action(code, label)


def log_view(request, obj, reason: str = "", **kwargs: Any):
    from mangxanh.audit.sensitive import log_view as _log_view

    return _log_view(request, obj, reason, **kwargs)


def log_download(request, obj, reason: str = "", **kwargs: Any):
    """An opened or downloaded file (evidence, a package, an attachment): into the chained log."""
    from mangxanh.audit.sensitive import log_download as _log_download

    return _log_download(request, obj, reason, **kwargs)


def note_view(request, obj, reason: str = "") -> None:
    from mangxanh.audit.sensitive import note_view as _note_view

    _note_view(request, obj, reason)


def audited_view(view=None, *, reason: str = ""):
    from mangxanh.audit.sensitive import audited_view as _audited_view

    return _audited_view(view, reason=reason)


def acting_as(user=None, *, ip_address: str | None = None, unit=None):
    """Context manager: who acts in a management command or task."""
    from mangxanh.audit.middleware import acting_as as _acting_as

    return _acting_as(user, ip_address=ip_address, unit=unit)
