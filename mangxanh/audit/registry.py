"""Automatic audit entries for every create, change and delete of registered models.

Apps call `audit.register(Model, exclude=[...], unit_field="unit")` in their
AppConfig.ready(). Receivers are connected per model with fixed dispatch ids, so
registering twice only replaces the settings. Models or fields registered as sensitive
(victims, reporters' contacts, pasted texts) are recorded as *having changed*, never with
their values: the log is read by administrators who must not see them. Changes made with queryset
update()/delete() or raw SQL send no signals and are not recorded: code that
does this for domain data records its own entry with `audit.record`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from mangxanh.audit import chain

ALL_ACTIONS = frozenset({"create", "update", "delete"})
# Field names whose values never enter the log, whatever the model.
SENSITIVE_NAMES = frozenset({"password", "key", "secret", "token", "otp_secret", "bin_key", "session_data"})
SENSITIVE_SUFFIXES = ("_password", "_secret", "_token", "_key", "_hash")
_OLD_ATTR = "_audit_old_values"

UnitSpec = str | Callable[[Any], Any] | None


@dataclass(frozen=True)
class Registration:
    model: type[models.Model]
    fields: tuple[models.Field, ...]  # concrete, non-excluded fields
    masked: Mapping[str, str]  # field name -> message when it changes ("" for none)
    unit_field: UnitSpec
    actions: frozenset[str]
    snapshot: bool
    m2m: tuple[str, ...]
    sensitive: frozenset[str]  # fields whose values never enter the log
    whole_sensitive: bool  # the whole record is sensitive: even its name in the log is neutral
    label: Callable[[Any], str] | None  # how the log names a record whose str() shows sensitive values


_registry: dict[type[models.Model], Registration] = {}


def is_sensitive(name: str) -> bool:
    return name in SENSITIVE_NAMES or name.endswith(SENSITIVE_SUFFIXES)


def register(
    model: type[models.Model],
    *,
    exclude: Iterable[str] = (),
    mask: Iterable[str] | Mapping[str, str] = (),
    unit_field: UnitSpec = "unit",
    actions: Iterable[str] = ALL_ACTIONS,
    snapshot: bool = True,
    m2m: Iterable[str] = (),
    sensitive: bool | Iterable[str] = False,
    label: Callable[[Any], str] | None = None,
) -> None:
    """Record creates, changes and deletes of model.

    exclude: fields never looked at (timestamps, counters). mask: fields whose change is
    recorded as "***" (a dict gives the message to add, e.g. {"password": "Mật khẩu đã đổi"});
    fields with sensitive names (password, key, secret, token, ...) are always masked.
    unit_field: the FK to the unit the object belongs to, or a callable obj -> Unit | id | None.
    snapshot: store field values of created/deleted objects (turn off for bulky personal data).
    m2m: many-to-many fields whose additions and removals are recorded.
    sensitive: True for a record about a person that administrators must not read (every field
    is then recorded as "***" and the entry names the record only by its kind and number), or
    the names of the fields that are. label: obj -> the name the log gives the record, for a
    model whose str() shows a sensitive field (without it such a record is named by kind and number).
    """
    model = model._meta.concrete_model
    excluded = set(exclude)
    masks = dict(mask) if isinstance(mask, Mapping) else dict.fromkeys(mask, "")
    fields = tuple(f for f in model._meta.concrete_fields if f.name not in excluded and not f.primary_key)
    names = {f.name for f in model._meta.concrete_fields}
    secret = names if sensitive is True else set(sensitive or ())
    if secret - names:
        raise ValueError(f"Unknown sensitive fields of {model._meta.label}: {sorted(secret - names)}")
    for f in fields:
        if is_sensitive(f.name) or f.name in secret:
            masks.setdefault(f.name, "")
    unknown = set(actions) - ALL_ACTIONS
    if unknown:
        raise ValueError(f"Unknown audit actions: {sorted(unknown)}")
    _registry[model] = Registration(
        model=model,
        fields=fields,
        masked=masks,
        unit_field=unit_field,
        actions=frozenset(actions),
        snapshot=snapshot,
        m2m=tuple(m2m),
        sensitive=frozenset(secret),
        whole_sensitive=sensitive is True,
        label=label,
    )
    for name in m2m:
        through = model._meta.get_field(name).remote_field.through
        m2m_changed.connect(_m2m_changed, sender=through, dispatch_uid=f"audit-m2m-{through._meta.label}")
    # Per model, never for all senders: a delete receiver on every model would turn Django's
    # fast bulk deletes (sessions, task rows) into fetch-then-delete everywhere.
    for signal, receiver in _RECEIVERS:
        signal.connect(receiver, sender=model, dispatch_uid=f"audit-{receiver.__name__}-{model._meta.label}")


def unregister(model: type[models.Model]) -> None:
    """Stop recording model (for tests and benchmarks)."""
    model = model._meta.concrete_model
    _registry.pop(model, None)
    for signal, receiver in _RECEIVERS:
        signal.disconnect(sender=model, dispatch_uid=f"audit-{receiver.__name__}-{model._meta.label}")


def registration(model: type[models.Model]) -> Registration | None:
    return _registry.get(model._meta.concrete_model)


def is_registered(model: type[models.Model]) -> bool:
    return registration(model) is not None


def sensitive_registrations() -> list[Registration]:
    """Every registered model with sensitive fields (what the leak tests walk)."""
    return [reg for reg in _registry.values() if reg.sensitive]


def safe_repr(obj: Any) -> str | None:
    """The name the log gives a record with sensitive fields ("hỗ trợ nạn nhân #12"); None: use str()."""
    reg = registration(obj.__class__)
    if reg is None or not reg.sensitive:
        return None
    neutral = f"{obj._meta.verbose_name} #{obj.pk}"
    if reg.whole_sensitive:
        return neutral
    if reg.label is not None:
        return reg.label(obj)
    text = str(obj)
    values = (getattr(obj, name, None) for name in reg.sensitive)
    # A str() that quotes a sensitive value (even in part) must not name the record.
    if any(isinstance(v, str) and len(v) > 2 and (v in text or v[:20] in text) for v in values):
        return neutral
    return None


def unit_of(obj: Any) -> Any:
    """The unit obj belongs to: a Unit, a unit id, None, or chain.DEFAULT (use the acting unit)."""
    # obj.__class__, not type(obj): request.user is a SimpleLazyObject.
    reg = registration(obj.__class__)
    spec = reg.unit_field if reg else "unit"
    if spec is None:
        return None
    if callable(spec):
        return spec(obj)
    try:
        field = obj._meta.get_field(spec)
    except FieldDoesNotExist:
        # An unregistered model without a unit: the acting person's unit, so that
        # their administrators see e.g. a view of it; a registered one said where it belongs.
        return chain.DEFAULT if reg is None else None
    if field.many_to_one:
        if field.is_cached(obj):
            return field.get_cached_value(obj)
        return getattr(obj, field.attname)
    return getattr(obj, spec, None)


def _value(reg: Registration, field: models.Field, value: Any) -> Any:
    if field.name in reg.masked:
        return chain.MASK
    return chain.jsonable(value)


def _snapshot(reg: Registration, instance: models.Model, old: bool) -> dict:
    if not reg.snapshot:
        return {}
    changes = {}
    for f in reg.fields:
        value = getattr(instance, f.attname, None)
        if value in (None, ""):
            continue
        shown = _value(reg, f, value)
        changes[f.name] = [shown, None] if old else [None, shown]
    return changes


def _comparable(field: models.Field, value: Any) -> Any:
    try:
        return field.to_python(value)
    except (ValidationError, TypeError, ValueError):
        return value


def _pre_save(sender, instance, raw=False, using=None, update_fields=None, **kwargs) -> None:
    reg = _registry.get(sender._meta.concrete_model) if not raw else None
    if reg is None or "update" not in reg.actions:
        return
    instance.__dict__.pop(_OLD_ATTR, None)
    if instance._state.adding or instance.pk is None:
        return
    fields = reg.fields
    if update_fields is not None:
        wanted = set(update_fields)
        fields = tuple(f for f in fields if f.name in wanted or f.attname in wanted)
    if not fields:
        return
    old = sender._base_manager.using(using).filter(pk=instance.pk).values(*(f.attname for f in fields)).first()
    if old is not None:
        instance.__dict__[_OLD_ATTR] = (fields, old)


def _post_save(sender, instance, created, raw=False, using=None, **kwargs) -> None:
    reg = _registry.get(sender._meta.concrete_model) if not raw else None
    if reg is None:
        return
    saved = instance.__dict__.pop(_OLD_ATTR, None)
    if created:
        if "create" in reg.actions:
            chain.append("create", obj=instance, changes=_snapshot(reg, instance, old=False))
        return
    if saved is None or "update" not in reg.actions:
        return
    fields, old = saved
    changes: dict[str, list] = {}
    messages: list[str] = []
    for f in fields:
        before, after = old[f.attname], getattr(instance, f.attname, None)
        if _comparable(f, before) == _comparable(f, after):
            continue
        changes[f.name] = [_value(reg, f, before), _value(reg, f, after)]
        if reg.masked.get(f.name):
            messages.append(reg.masked[f.name])
    if changes:
        chain.append("update", obj=instance, changes=changes, message="; ".join(messages))


def _post_delete(sender, instance, using=None, **kwargs) -> None:
    reg = _registry.get(sender._meta.concrete_model)
    if reg is None or "delete" not in reg.actions:
        return
    chain.append("delete", obj=instance, changes=_snapshot(reg, instance, old=True))


def _m2m_changed(sender, instance, action, reverse, model, pk_set, **kwargs) -> None:
    if reverse or action not in {"post_add", "post_remove", "post_clear"}:
        return
    reg = registration(instance.__class__)
    if reg is None or "update" not in reg.actions:
        return
    name = next(
        (n for n in reg.m2m if instance._meta.get_field(n).remote_field.through is sender),
        None,
    )
    if name is None:
        return
    if action == "post_clear":
        change: Any = {"cleared": True}
    else:
        if not pk_set:
            return
        change = {"added" if action == "post_add" else "removed": sorted(pk_set)}
    chain.append("update", obj=instance, changes={name: change})


_RECEIVERS = ((pre_save, _pre_save), (post_save, _post_save), (post_delete, _post_delete))


def _user_unit(user) -> Any:
    from mangxanh.audit.logins import user_unit

    return user_unit(user)


def register_core_models() -> None:
    """The foundation's own models; other apps register theirs in their ready()."""
    from django.apps import apps
    from django.contrib.auth import get_user_model

    from mangxanh.org.models import Membership, RoleRequest, Unit, UnitMove, UnitType

    register(
        get_user_model(),
        exclude=["last_login"],
        mask={"password": "Mật khẩu đã đổi"},
        unit_field=_user_unit,
        m2m=["groups", "user_permissions"],
    )
    register(Unit, exclude=["numchild", "depth", "created_at", "updated_at"], unit_field=lambda unit: unit)
    register(UnitType, unit_field=None)
    register(UnitMove, unit_field="unit")
    register(Membership, exclude=["created_at"], unit_field="unit")
    register(RoleRequest, exclude=["requested_at"], unit_field="unit")
    # Devices change on every verification (counters, drift): only their creation and removal matter.
    device_noise = ["last_t", "drift", "throttling_failure_timestamp", "throttling_failure_count",
                    "last_used_at", "created_at", "last_generated_timestamp", "valid_until"]
    for label in ("otp_totp.TOTPDevice", "otp_static.StaticDevice"):
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        register(model, exclude=device_noise, actions=["create", "delete"],
                 unit_field=lambda device: _user_unit(device.user))
