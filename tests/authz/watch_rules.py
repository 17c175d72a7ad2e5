"""Authorisation-matrix entries for mangxanh.watch (security incidents, channel hygiene)."""

from __future__ import annotations

from mangxanh.org.models import Role, Unit

WATCH = frozenset({Role.UNIT_ADMIN, Role.LEADER})


def _incident(unit: Unit):
    from mangxanh.watch.models import SecurityIncident

    return SecurityIncident.objects.filter(unit=unit).first() or SecurityIncident.objects.create(
        unit=unit, kind="hidden_content", title="Sự cố thử", fingerprint=f"thu-{unit.pk}")


def incident_kwargs(unit: Unit):
    return {"pk": _incident(unit).pk}, {}


def incident_action(unit: Unit):
    return {"pk": _incident(unit).pk}, {"action": "notes", "notes": "Thử quyền"}


def channel_kwargs(unit: Unit):
    from tests.authz.review_rules import _channel

    return {"pk": _channel(unit).pk}, {}


def handover_kwargs(unit: Unit):
    from mangxanh.watch.models import HandoverTask
    from tests.authz.matrix import _membership_of
    from tests.authz.review_rules import _channel

    channel = _channel(unit)
    task = HandoverTask.objects.filter(channel=channel).first() or HandoverTask.objects.create(
        unit=unit, channel=channel, former_admin=_membership_of(unit).user, former_admin_name="Người thử")
    return {"pk": task.pk}, {}


def watch_rules() -> dict:
    from tests.authz.matrix import ROLE, SCOPED, Rule

    return {
        "watch:incident_list": Rule(ROLE, roles=WATCH),
        "watch:incident_detail": Rule(SCOPED, roles=WATCH, target=incident_kwargs),
        "watch:incident_action": Rule(SCOPED, method="POST", roles=WATCH, target=incident_action,
                                      allowed_status=frozenset({302})),
        "watch:incident_report": Rule(SCOPED, roles=WATCH, target=incident_kwargs),
        "watch:hygiene": Rule(ROLE, roles=WATCH),
        "watch:hygiene_edit": Rule(SCOPED, roles=WATCH, target=channel_kwargs),
        "watch:handover_done": Rule(SCOPED, method="POST", roles=WATCH, target=handover_kwargs,
                                    allowed_status=frozenset({302})),
    }
