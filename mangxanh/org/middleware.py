from mangxanh.org import rules

SESSION_KEY = "current_unit_id"


class CurrentUnitMiddleware:
    """Sets request.unit: the unit the person is working as (chosen with the unit switcher)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.unit = None
        user = getattr(request, "user", None)
        units = {m.unit.pk: m.unit for m in rules.memberships(user)}
        if units:
            chosen = request.session.get(SESSION_KEY)
            request.unit = units.get(chosen) or units[min(units, key=lambda pk: units[pk].path)]
        return self.get_response(request)
