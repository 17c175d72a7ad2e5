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
