"""Home-page panel and menu entries for case handling."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from mangxanh.core.home import Panel, PanelItem
from mangxanh.core.navigation import NavEntry
from mangxanh.intake.access import cases_for, may_view_cases
from mangxanh.intake.models import Deadline, Priority


def _may(request) -> bool:
    user = getattr(request, "user", None)
    return bool(user and user.is_authenticated and may_view_cases(user))


def cases_panel(request) -> Panel | None:
    if not _may(request):
        return None
    cases = cases_for(request.user).open()
    urgent = cases.filter(priority=Priority.URGENT).count()
    overdue = Deadline.objects.filter(case__in=cases, met_at__isnull=True, due_at__lt=timezone.now()).count()
    items = [PanelItem("Vụ việc đang mở", reverse("intake:case_list"), count=cases.count())]
    if urgent:
        items.append(PanelItem("Vụ việc khẩn cấp", reverse("intake:case_list") + "?priority=1", count=urgent,
                               urgent=True))
    if overdue:
        items.append(PanelItem("Thời hạn đã quá", reverse("intake:case_list") + "?overdue=1", count=overdue,
                               urgent=True))
    mine = cases.filter(assignee=request.user).count()
    if mine:
        items.append(PanelItem("Giao cho tôi", reverse("intake:case_list") + "?mine=1", count=mine))
    return Panel(title="Tin báo và vụ việc", items=items, order=10)


def _manages_partner_keys(request) -> bool:
    """Administrators whose units hold partner keys (most schools hold none: no menu entry for them)."""
    from mangxanh.intake.models import ApiKey
    from mangxanh.org import permissions

    user = getattr(request, "user", None)
    if not (user and user.is_authenticated and permissions.can_anywhere(user, "intake.manage_keys")):
        return False
    return permissions.scoped(ApiKey.objects.all(), user, "intake.manage_keys").exists()


NAV_ENTRIES = [
    NavEntry("Vụ việc", "intake:case_board", _may, order=30),
    NavEntry("Số liệu tin báo", "intake:stats", _may, order=31, more=True),
    NavEntry("Webhook đối tác", "intake:webhook_log", _manages_partner_keys, order=80),
]
