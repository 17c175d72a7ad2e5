"""Who may act on what: the one place every view, API and task asks.

Rules (DESIGN.md §2, §3):
- a person acts on the units where they hold a role and everything below them,
  never sideways or above;
- a system administrator acts everywhere;
- only a child-protection officer (of the responsible unit or above) sees a
  child victim's identity, system administrators included;
- a unit administrator manages people only inside their subtree.

This module holds the tree mechanics over role sets. Which roles hold which capability is
written once, in mangxanh.org.permissions (the table); views and services ask it
(`permissions.can(user, "case.view", unit)`, `permissions.scoped(...)`), and the helpers
below that name a capability delegate to it. Views fetch single objects with
`get_in_scope_or_404`, so an object of another unit looks exactly like one that does not exist.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.http import Http404

from mangxanh.org.models import Membership, Role, Unit

_CACHE_ATTR = "_mangxanh_memberships"


def memberships(user) -> list[Membership]:
    """The user's memberships in active units, cached on the user object for the request."""
    if user is None or not getattr(user, "is_authenticated", False) or not user.is_active:
        return []
    cached = getattr(user, _CACHE_ATTR, None)
    if cached is None:
        cached = list(Membership.objects.for_user(user).select_related("unit", "unit__unit_type"))
        setattr(user, _CACHE_ATTR, cached)
    return cached


def forget(user) -> None:
    """Drop the per-request cache after memberships change."""
    if hasattr(user, _CACHE_ATTR):
        delattr(user, _CACHE_ATTR)


def _normalise_roles(roles: Iterable[str] | str | None) -> set[str] | None:
    if roles is None:
        return None
    if isinstance(roles, str):
        return {roles}
    return set(roles)


def is_system_admin(user) -> bool:
    return any(m.role == Role.SYSTEM_ADMIN for m in memberships(user))


def roles_of(user, unit: Unit | None = None) -> set[str]:
    """Roles the user holds on unit through it or any ancestor (all roles if unit is None)."""
    return {m.role for m in memberships(user) if unit is None or unit.path.startswith(m.unit.path)}


def root_units(user, roles: Iterable[str] | str | None = None) -> list[Unit]:
    """Top-most units where the user holds one of roles (any role if None)."""
    wanted = _normalise_roles(roles)
    units = {m.unit.path: m.unit for m in memberships(user) if wanted is None or m.role in wanted}
    paths = sorted(units)
    roots: list[Unit] = []
    for path in paths:
        if not any(path.startswith(r.path) for r in roots):
            roots.append(units[path])
    return roots


def _global(user, wanted: set[str] | None) -> bool:
    # A system administrator acts everywhere, but never gains the child-protection view.
    if wanted is not None and wanted <= {Role.CHILD_PROTECTION}:
        return False
    return is_system_admin(user)


def unit_scope_q(user, roles: Iterable[str] | str | None = None, field: str | None = "unit") -> Q:
    """A Q object selecting rows whose unit lies in the user's scope for roles."""
    wanted = _normalise_roles(roles)
    if _global(user, wanted):
        return Q()
    prefix = f"{field}__path" if field else "path"
    roots = root_units(user, wanted)
    if not roots:
        return Q(pk__in=[])
    q = Q()
    for root in roots:
        q |= Q(**{f"{prefix}__startswith": root.path})
    return q


def scoped(queryset: QuerySet, user, roles: Iterable[str] | str | None = None, field: str | None = "unit") -> QuerySet:
    return queryset.filter(unit_scope_q(user, roles, field))


def can_act_on(user, unit: Unit | None, roles: Iterable[str] | str | None = None) -> bool:
    if unit is None:
        return False
    wanted = _normalise_roles(roles)
    if _global(user, wanted):
        return True
    return any(unit.path.startswith(root.path) for root in root_units(user, wanted))


def _can(user, capability: str, unit: Unit | None) -> bool:
    from mangxanh.org import permissions  # the table imports this module

    return permissions.can(user, capability, unit)


def can_manage_people(user, unit: Unit) -> bool:
    return _can(user, "org.manage_members", unit)


def can_manage_units(user, unit: Unit) -> bool:
    return _can(user, "org.manage_units", unit)


def can_see_child_identity(user, unit: Unit) -> bool:
    return _can(user, "case.view_victim", unit)


def can_open_evidence_originals(user, unit: Unit) -> bool:
    # Originals of evidence (images of abused children among them): the case's own officers, never
    # leaders or system administrators by virtue of their rank (leaders see counts and blurred thumbnails).
    return _can(user, "evidence.open_original", unit)


def can_view_audit(user, unit: Unit) -> bool:
    return _can(user, "audit.view", unit)


def get_in_scope_or_404(
    queryset: QuerySet, user, roles: Iterable[str] | str | None = None, field: str | None = "unit", **lookup
):
    """Fetch one object in the user's scope; anything else is a 404, never a hint that it exists."""
    try:
        return scoped(queryset, user, roles, field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("Không tìm thấy.") from exc


# --- Managing units and people -------------------------------------------------------------------


def is_manager(user) -> bool:
    """True when the user administers at least one unit (or everything)."""
    from mangxanh.org import permissions

    return permissions.holds_role(user, "org.manage_members")


def visible_units(user) -> QuerySet:
    """Units the user may look at: the subtrees of every unit where they hold any role."""
    return scoped(Unit.objects.all(), user, roles=None, field=None)


def manageable_units(user) -> QuerySet:
    """Units the user may edit and whose people they may manage."""
    from mangxanh.org import permissions

    return permissions.units_with(user, "org.manage_units")


def people_in_scope(user) -> QuerySet:
    """People a manager may see: everyone for a system administrator, otherwise anyone
    with at least one role inside the manager's subtree(s) (inactive units included)."""
    from django.contrib.auth import get_user_model

    User = get_user_model()
    if is_system_admin(user):
        return User.objects.all()
    if not is_manager(user):
        return User.objects.none()
    from mangxanh.org import permissions

    in_scope = permissions.scoped(Membership.objects.all(), user, "org.manage_members")
    return User.objects.filter(pk__in=in_scope.values("user_id"))


def can_edit_person(user, person) -> bool:
    """May user change person's account (name, e-mail, active flag)?

    A unit administrator may only when every role of the person lies inside their
    subtree: an account shared with another unit, or a system administrator's, is
    not theirs to change. They may still manage the roles inside their subtree.
    """
    if is_system_admin(user):
        return True
    person_memberships = list(Membership.objects.filter(user=person).select_related("unit"))
    if not person_memberships:
        return False
    return all(
        m.role != Role.SYSTEM_ADMIN and can_manage_people(user, m.unit) for m in person_memberships
    )


def can_grant_role(user, unit: Unit, role: str) -> bool:
    """Only inside the granter's subtree; only a system administrator grants system administration."""
    if role == Role.SYSTEM_ADMIN:
        return is_system_admin(user)
    return can_manage_people(user, unit)


def can_remove_membership(user, membership: Membership) -> bool:
    return can_grant_role(user, membership.unit, membership.role)


def grantable_roles(user) -> list[tuple[str, str]]:
    """Role choices this user may hand out."""
    return [(value, label) for value, label in Role.choices if value != Role.SYSTEM_ADMIN or is_system_admin(user)]
