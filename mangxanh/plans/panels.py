"""Home-page items for plans: documents to acknowledge, reports due or overdue, incidents below."""

from __future__ import annotations

import datetime as dt

from django.db.models import Q
from django.urls import reverse
from django.utils import timezone

from mangxanh.core.home import Panel, PanelItem
from mangxanh.core.navigation import NavEntry
from mangxanh.org import permissions, rules
from mangxanh.plans.models import (
    Distribution,
    DistributionStatus,
    IncidentReport,
    Report,
    ReportPeriod,
    ReportStatus,
)

UPCOMING_DAYS = 14


def _unit(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return None
    return getattr(request, "unit", None)


def plans_panel(request) -> Panel | None:
    unit = _unit(request)
    if unit is None or not permissions.can(request.user, "plan.report", unit):
        return None
    today = timezone.localdate()
    items: list[PanelItem] = []
    pending = Distribution.objects.filter(unit=unit).exclude(status=DistributionStatus.ACKNOWLEDGED)
    for dist in pending.select_related("document")[:5]:
        reminded = " (đã được nhắc)" if dist.reminder_count else ""
        items.append(PanelItem(f"Cần quán triệt: {dist.document.title[:90]}{reminded}",
                               reverse("plans:distribution_detail", args=[dist.pk]), urgent=bool(dist.reminder_count)))
    soon = today + dt.timedelta(days=UPCOMING_DAYS)
    periods = ReportPeriod.objects.filter(
        Q(document__distributions__unit=unit) | Q(document__unit=unit), deadline__lte=soon
    ).distinct()
    submitted = set(Report.objects.filter(unit=unit, status=ReportStatus.SUBMITTED).values_list("period_id", flat=True))
    for period in periods.order_by("deadline")[:5]:
        if period.pk in submitted:
            continue
        overdue = period.deadline < today
        label = "Quá hạn" if overdue else "Sắp đến hạn"
        items.append(PanelItem(f"{label} báo cáo: {period.name} (hạn {period.deadline:%d/%m/%Y})",
                               reverse("plans:report_open", args=[period.pk]), urgent=overdue))
    fresh = IncidentReport.objects.filter(unit__path__startswith=unit.path, seen_at__isnull=True).exclude(unit=unit)
    count = fresh.count()
    if count:
        items.append(PanelItem("Báo cáo đột xuất chưa xem", reverse("plans:incident_list"), count=count, urgent=True))
    if not items:
        return None
    return Panel("Kế hoạch và báo cáo", items, order=25)


def _member(request) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and bool(rules.memberships(user))


NAV_ENTRIES = [
    NavEntry("Kế hoạch", "plans:document_list", _member, order=40),
    NavEntry("Hoạt động", "plans:activity_list", _member, order=41),
    NavEntry("Báo cáo", "plans:report_list", _member, order=42),
    NavEntry("Tiến độ", "plans:dashboard", _member, order=43, more=True),
]
