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
    entries = nav.entries_for(request)
    top, more = nav.split_entries(entries)
    return {
        "nav_entries": entries, "nav_top": top, "nav_more": more,
        "my_units": sorted(units.values(), key=lambda u: u.path),
        "current_unit": unit,
        "current_roles": [role_labels[r] for r in sorted(rules.roles_of(user, unit))] if unit else [],
        "unread_notifications": unread_notifications(user),
    }


def unread_notifications(user) -> int:
    """The count on the header bell: the person's unread in-app notifications."""
    from django.apps import apps

    if not apps.is_installed("mangxanh.review"):
        return 0
    from mangxanh.review.models import Notification

    return Notification.objects.filter(user=user, read_at__isnull=True).count()
