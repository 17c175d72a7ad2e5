"""Menu entry for the security watch."""

from __future__ import annotations

from mangxanh.core.navigation import NavEntry
from mangxanh.org import rules
from mangxanh.org.models import Role

WATCH_ROLES = frozenset({Role.UNIT_ADMIN, Role.LEADER})


def can_watch(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return rules.is_system_admin(user) or bool(rules.roles_of(user) & WATCH_ROLES)


NAV_ENTRIES = [NavEntry("An ninh mạng", "watch:incident_list", can_watch, order=40)]
