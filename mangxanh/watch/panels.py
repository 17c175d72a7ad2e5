"""Menu entry for the security watch."""

from __future__ import annotations

from mangxanh.core.navigation import NavEntry
from mangxanh.org import permissions


def can_watch(request) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return permissions.can_anywhere(user, "watch.view")


NAV_ENTRIES = [NavEntry("An ninh mạng", "watch:incident_list", can_watch, order=40)]


def watch_panel(request):
    """Home-page panel: open incidents and channels waiting for a hand-over."""
    from django.urls import reverse

    from mangxanh.core.home import Panel, PanelItem
    from mangxanh.watch.models import HandoverTask, IncidentStatus, SecurityIncident

    if not can_watch(request):
        return None
    user = request.user
    open_incidents = permissions.scoped(SecurityIncident.objects.exclude(status=IncidentStatus.CLOSED), user,
                                  "watch.view").count()
    handovers = permissions.scoped(HandoverTask.objects.filter(done_at__isnull=True), user, "watch.view").count()
    items = [PanelItem("Sự cố an ninh mạng đang mở", reverse("watch:incident_list"), count=open_incidents,
                       urgent=open_incidents > 0)]
    if handovers:
        items.append(PanelItem("Kênh cần bàn giao quyền quản trị", reverse("watch:hygiene"), count=handovers,
                               urgent=True))
    items.append(PanelItem("An toàn tài khoản kênh", reverse("watch:hygiene")))
    return Panel(title="An ninh mạng", items=items, order=40)


def register_formula_functions() -> None:
    """channel_hygiene(check=all|admins|two_factor|recovery_email|reviewed) — compliance percent of the
    unit's subtree; count_security_incidents(period=…, severity=any|high|medium|low) — detected in the period."""
    from mangxanh.plans import formula
    from mangxanh.watch import hygiene
    from mangxanh.watch.models import Severity

    def channel_hygiene(call, unit, start, end) -> float:
        check = call.arg("check", "all")
        value = hygiene.rollup(unit)[0] if check == "all" else hygiene.check_share(unit, check)
        return float(value or 0)

    def count_security_incidents(call, unit, start, end) -> int:
        from mangxanh.watch.models import SecurityIncident

        qs = SecurityIncident.objects.filter(unit__path__startswith=unit.path)
        if start:
            qs = qs.filter(detected_at__date__gte=start)
        if end:
            qs = qs.filter(detected_at__date__lte=end)
        severity = call.arg("severity", "any")
        return (qs if severity == "any" else qs.filter(severity=severity)).count()

    formula.register_function("channel_hygiene", {"check": ("all", *hygiene.CHECKS)}, channel_hygiene)
    formula.register_function("count_security_incidents",
                              {"period": formula.PERIODS, "severity": ("any", *Severity.values)},
                              count_security_incidents)
