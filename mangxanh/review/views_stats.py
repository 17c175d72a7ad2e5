"""Numbers of drafts, findings and channels for a unit and the units below it."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render

from mangxanh.org import permissions
from mangxanh.org.models import Unit
from mangxanh.review.views_common import (
    _can_write,
    _int,
    _require_role,
)


@login_required
def stats(request):
    from mangxanh.review.stats import numbers_for

    _require_role(request.user, "review.stats")
    units = permissions.scoped(Unit.objects.filter(is_active=True), request.user, "review.stats", field=None)
    unit = units.filter(pk=_int(request.GET.get("unit")) or 0).first() or units.order_by("path").first()
    if unit is None:
        raise PermissionDenied("Bạn không có đơn vị nào để xem số liệu.")
    totals = numbers_for(unit)
    children = [numbers_for(child, with_findings=False) for child in unit.child_units().filter(is_active=True)]
    from mangxanh.scanning.templatetags.scanning import category_label

    chart = {"labels": [category_label(c) for c in totals.findings], "values": list(totals.findings.values())}
    return render(request, "review/stats.html", {"totals": totals, "children": children, "chart": chart,
                                                 "unit": unit, "units": units[:300],
                                                 "can_write": _can_write(request.user)})
