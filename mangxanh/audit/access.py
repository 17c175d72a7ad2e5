"""Who may read the audit log, and which entries: unit and system administrators, each in their subtree."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from mangxanh.org import permissions, rules


def can_view_log(user) -> bool:
    return bool(permissions.root_units(user, "audit.view"))


def visible_entries(queryset: QuerySet, user) -> QuerySet:
    """Entries whose unit lies in the user's admin subtree; entries without a unit only for system admins.

    A unit is matched by where it is now (the join) and by where it was when the entry was
    written (the unit_path copy): after a move both the old and the new parent's
    administrators keep seeing what happened while the unit was theirs.
    """
    if not can_view_log(user):
        return queryset.none()
    if rules.is_system_admin(user):
        return queryset
    now = permissions.scope_q(user, "audit.view", field="unit")
    then = Q()
    for root in permissions.root_units(user, "audit.view"):
        then |= Q(unit_path__startswith=root.path)
    return queryset.filter(now | then)
