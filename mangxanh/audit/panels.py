"""The menu entry and the home-page panel of the audit log, for unit and system administrators."""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone

from mangxanh.audit.access import can_view_log, visible_entries
from mangxanh.audit.models import Action, AuditEntry
from mangxanh.core import home, navigation

PANEL_DAYS = 7


def _visible(request) -> bool:
    user = getattr(request, "user", None)
    return user is not None and user.is_authenticated and can_view_log(user)


def audit_panel(request) -> home.Panel | None:
    if not _visible(request):
        return None
    since = timezone.now() - timedelta(days=PANEL_DAYS)
    entries = visible_entries(AuditEntry.objects.all(), request.user).filter(timestamp__gte=since)
    start = timezone.localtime(since).strftime("%d/%m/%Y")
    base = reverse("audit:list")
    items = []
    for action, text in (
        (Action.LOGIN_FAILED, f"Đăng nhập thất bại trong {PANEL_DAYS} ngày qua"),
        (Action.VIEW, f"Lượt xem dữ liệu nhạy cảm trong {PANEL_DAYS} ngày qua"),
    ):
        count = entries.filter(action=action).count()
        url = f"{base}?{urlencode({'action': action, 'date_from': start})}"
        items.append(home.PanelItem(text=text, url=url, count=count, urgent=action == Action.LOGIN_FAILED and count >= 10))
    items.append(home.PanelItem(text="Tra cứu nhật ký kiểm toán", url=base))
    return home.Panel(title="Nhật ký kiểm toán", items=items, order=90)


def connect() -> None:
    navigation.register(navigation.NavEntry(label="Nhật ký", url_name="audit:list", visible=_visible, order=90))
    home.register(audit_panel)
