from mangxanh.core import navigation as nav
from mangxanh.org import rules
from mangxanh.org.models import Role


def navigation(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    units = {}
    for m in rules.memberships(user):
        units.setdefault(m.unit.pk, m.unit)
    unit = getattr(request, "unit", None)
    role_labels = dict(Role.choices)
    return {
        "nav_entries": nav.entries_for(request),
        "my_units": sorted(units.values(), key=lambda u: u.path),
        "current_unit": unit,
        "current_roles": [role_labels[r] for r in sorted(rules.roles_of(user, unit))] if unit else [],
    }
