"""One way to make a decision on anything that has states: cases, takedowns, drafts, flagged posts, reports.

A model takes part by declaring, as class attributes:

    STATE_FIELD = "status"                     # the field holding the state (default "state")
    TRANSITIONS = {"sent": {"removed", ...}}   # from-state -> the states it may move to
    TRANSITION_ERROR = MyError                 # optional: what a refused step raises (a TransitionNotAllowed)
    AUDIT_ACTION = "case_state"                # optional: the audit action code (default "<model>_state")
    TRANSITION_CAPABILITY = "case.act"         # optional: what a person needs on the row's unit to take a step
    TRANSITION_DENIED = "Bạn không có quyền …"  # optional: the PermissionDenied message

and, optionally, two methods:

    def transition_guard(self, to, *, user, reason, **extra) -> str | None:
        '''A Vietnamese reason to refuse this step now, or None.'''

    def record_transition(self, before, to, *, user, reason, scan, **extra) -> None:
        '''Write the step into the model's own history (CaseEvent, ReviewEvent, ...).'''

transition() locks the row, checks the declared capability (mangxanh.org.permissions; a step the system
takes passes user=None), the declared step and the guard, sets the state (and any fields
passed in `fields`), saves, records the decision and writes one audit entry naming the actor, the
reason and the scan relied on. Everything happens in the caller's transaction, so a refused step or a
failing audit write leaves nothing stored. Side effects that must not hold the audit-chain lock
(e-mail, webhooks) are queued after commit by their own services.
"""

from __future__ import annotations

from typing import Any

from django.db import models, transaction

from mangxanh import audit


class TransitionNotAllowed(Exception):
    """A step the model's declared transitions (or its guard) do not allow now; the message is Vietnamese."""


def state_field(model: type[models.Model]) -> str:
    return getattr(model, "STATE_FIELD", "state")


def label_of(model: type[models.Model], state: str) -> str:
    """The state's Vietnamese label from the field's choices (the code itself when there is none)."""
    field = model._meta.get_field(state_field(model))
    return dict(field.flatchoices).get(state, state) if field.choices else state


def allowed_targets(obj: models.Model) -> tuple[str, ...]:
    """The states obj may move to from its current state, in declared order."""
    current = getattr(obj, state_field(type(obj)))
    return tuple(type(obj).TRANSITIONS.get(current, ()))


def can_transition(obj: models.Model, to: str) -> bool:
    return to in allowed_targets(obj)


def refusal(obj: models.Model, to: str, *, user=None, reason: str = "", **extra: Any) -> str | None:
    """Why obj may not move to `to` now (a Vietnamese sentence), or None when it may."""
    model = type(obj)
    if not can_transition(obj, to):
        before = getattr(obj, state_field(model))
        return getattr(model, "TRANSITION_REFUSED", None) or (
            f"Không thể chuyển {model._meta.verbose_name} từ «{label_of(model, before)}» "
            f"sang «{label_of(model, to)}»."
        )
    guard = getattr(obj, "transition_guard", None)
    return guard(to, user=user, reason=reason, **extra) if guard else None


def transition(obj: models.Model, to: str, *, user, reason: str = "", scan=None,
               fields: dict[str, Any] | None = None, message: str = "", audit_action: str = "",
               **extra: Any) -> models.Model:
    """Move obj to state `to` as one locked, checked, recorded and audited decision; returns the saved row.

    `fields` are set on the row together with the state (timestamps, the decider); `extra` goes to the
    model's guard and history hooks unchanged; `message` and `audit_action` override the audit entry's
    text and code. The object passed in is refreshed with what was saved.
    """
    model = type(obj)
    error = getattr(model, "TRANSITION_ERROR", TransitionNotAllowed)
    field = state_field(model)
    with transaction.atomic():
        row = model._default_manager.select_for_update().get(pk=obj.pk)
        before = getattr(row, field)
        _require_capability(row, user)
        why = refusal(row, to, user=user, reason=reason, **extra)
        if why:
            raise error(why)
        setattr(row, field, to)
        for name, value in (fields or {}).items():
            setattr(row, name, value)
        row.save()
        hook = getattr(row, "record_transition", None)
        if hook is not None:
            hook(before, to, user=user, reason=reason, scan=scan, **extra)
        audit.record(audit_action or getattr(model, "AUDIT_ACTION", f"{model._meta.model_name}_state"), obj=row,
                     message=message or describe(model, before, to, reason=reason, scan=scan))
    for f in model._meta.concrete_fields:  # the caller's object now shows the decision too
        setattr(obj, f.attname, getattr(row, f.attname))
    return row


def _require_capability(row: models.Model, user) -> None:
    """PermissionDenied unless the person holds the model's TRANSITION_CAPABILITY on the row's unit."""
    name = getattr(type(row), "TRANSITION_CAPABILITY", None)
    if name and user is not None:
        from mangxanh.org import permissions

        permissions.require(user, name, permissions.unit_of(row),
                            getattr(type(row), "TRANSITION_DENIED", permissions.DENIED))


def describe(model: type[models.Model], before: str, to: str, *, reason: str = "", scan=None) -> str:
    """"Mới tiếp nhận → Đang xác minh — lý do (dựa trên lần quét #12: block)" for the audit log."""
    text = f"{label_of(model, before)} → {label_of(model, to)}"
    if reason:
        text += f" — {reason}"
    if scan is not None:
        text += f" (dựa trên lần quét #{scan.pk}: {getattr(scan, 'verdict', '') or 'chưa có kết luận'})"
    return text
