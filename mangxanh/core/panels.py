"""The platform's own home-page panels: next steps per role, units below, system state.

Feature apps (drafts, reports, plans) add panels with real work items; these
give every role a useful home page from day one.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

from mangxanh.core import health
from mangxanh.core.home import Panel, PanelItem, register
from mangxanh.org import permissions, rules
from mangxanh.org.models import Role, Unit

# What each role does next, in the order a person in several roles should read them.
NEXT_STEPS: list[tuple[str, str]] = [
    (Role.CHILD_PROTECTION, "Theo dõi các vụ việc liên quan đến trẻ em: can thiệp trong vòng 12 giờ"),
    (Role.CASE_OFFICER, "Tiếp nhận, xác minh và phân loại tin báo mới"),
    (Role.REVIEWER, "Duyệt hoặc trả lại các tin bài đang chờ duyệt"),
    (Role.EDITOR, "Soạn tin bài cho trang tin và fanpage của đơn vị, kiểm tra rủi ro rồi gửi duyệt"),
    (Role.LEADER, "Xem tình hình các đơn vị, ký và gửi báo cáo định kỳ"),
    (Role.UNIT_ADMIN, "Quản lý người dùng và vai trò trong đơn vị"),
    (Role.SYSTEM_ADMIN, "Quản lý cây đơn vị, loại đơn vị và tài khoản toàn hệ thống"),
    (Role.TEACHER, "Báo cáo nội dung độc hại, lừa đảo hoặc bắt nạt trên mạng mà bạn phát hiện"),
]

MAX_CHILD_ROWS = 12


def _url(name: str, *args) -> str:
    try:
        return reverse(name, args=args)
    except NoReverseMatch:
        return ""


@register
def next_steps(request) -> Panel | None:
    unit = getattr(request, "unit", None)
    if unit is None:
        return None
    roles = rules.roles_of(request.user, unit)
    items = [PanelItem(text) for role, text in NEXT_STEPS if role in roles]
    return Panel("Việc cần làm", items, order=10)


@register
def units_below(request) -> Panel | None:
    """Leaders and administrators of a Sở or commune see the units they oversee."""
    unit: Unit | None = getattr(request, "unit", None)
    if unit is None:
        return None
    if not permissions.can(request.user, "org.units_below", unit):
        return None
    items = []
    children = unit.child_units().filter(is_active=True)
    if not children.exists():
        return None
    for child in children.select_related("unit_type").order_by("path")[:MAX_CHILD_ROWS]:
        child_schools = Unit.objects.subtree(child).active().schools().count()
        text = child.name if child.unit_type.is_school else f"{child.name} ({child_schools} trường)"
        items.append(PanelItem(text, url=_url("org:unit_detail", child.pk)))
    return Panel("Đơn vị trực thuộc", items, order=20)


@register
def system_state(request) -> Panel | None:
    if not rules.is_system_admin(request.user):
        return None
    state = health.check()
    items = [
        PanelItem("Tác vụ đang chờ", count=state.queue_depth, url=reverse("core:health"), urgent=state.queue_stalled),
        PanelItem("Tác vụ lỗi trong 24 giờ", count=state.failed_last_day, urgent=state.failed_last_day > 0),
    ]
    return Panel("Tình trạng hệ thống", items, order=90)
