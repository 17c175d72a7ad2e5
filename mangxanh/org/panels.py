"""Home-page panels and menu entries for unit management."""

from __future__ import annotations

from django.db.models import Count
from django.urls import reverse

from mangxanh.core.home import Panel, PanelItem
from mangxanh.core.navigation import NavEntry
from mangxanh.org import permissions, rules
from mangxanh.org.models import Membership, Role, Unit, UnitKind


def _user(request):
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


def admin_panel(request) -> Panel | None:
    """For unit and system administrators: where the unit tree and people need attention."""
    user = _user(request)
    if user is None or not rules.is_manager(user):
        return None
    units = rules.manageable_units(user).filter(is_active=True)
    without_admin = units.without_active(Role.UNIT_ADMIN).count()
    people = rules.people_in_scope(user).filter(is_active=True)
    never_logged_in = people.filter(last_login__isnull=True, memberships__isnull=False).distinct().count()
    items = [
        PanelItem("Quản lý đơn vị", reverse("org:unit_list"), count=units.count()),
        PanelItem("Quản lý người dùng", reverse("org:person_list"), count=people.count()),
        PanelItem("Nhập người dùng từ tệp Excel/CSV", reverse("org:import_people")),
        PanelItem("Bảng phân quyền (ai được làm gì)", reverse("org:permission_table")),
    ]
    if without_admin:
        items.append(
            PanelItem(
                "Đơn vị chưa có quản trị đơn vị",
                reverse("org:unit_list") + "?no_admin=on",
                count=without_admin,
                urgent=True,
            )
        )
    if never_logged_in:
        items.append(
            PanelItem(
                "Người dùng chưa đăng nhập lần nào",
                reverse("org:person_list") + "?active=1",
                count=never_logged_in,
            )
        )
    if rules.is_system_admin(user):
        no_role = people.filter(memberships__isnull=True).count()
        if no_role:
            items.append(
                PanelItem(
                    "Người dùng chưa có vai trò nào", reverse("org:person_list"), count=no_role, urgent=True
                )
            )
        items.append(PanelItem("Loại đơn vị", reverse("org:unit_type_list")))
    return Panel(title="Quản trị đơn vị và người dùng", items=items, order=20)


def overview_panel(request) -> Panel | None:
    """For leaders (department, commune/ward, school): the shape of their subtree."""
    user = _user(request)
    if user is None:
        return None
    roots = permissions.root_units(user, "org.overview")
    if not roots:
        return None
    units = permissions.scoped(Unit.objects.filter(is_active=True), user, "org.overview", field=None)
    by_kind = dict(units.values_list("unit_type__kind").annotate(n=Count("pk")).order_by())
    people = (
        permissions.scoped(Membership.objects.filter(user__is_active=True), user, "org.overview")
        .values("user_id")
        .distinct()
        .count()
    )
    url = reverse("org:unit_list")
    items = [
        PanelItem(
            f"Đơn vị: {', '.join(r.short_name or r.name for r in roots)}",
            reverse("org:unit_detail", args=[roots[0].pk]),
        )
    ]
    for kind, label in (
        (UnitKind.COMMUNE, "UBND xã/phường"),
        (UnitKind.DISTRICT_LEGACY, "Phòng GDĐT cấp huyện (cũ)"),
        (UnitKind.SCHOOL, "Trường học, trung tâm"),
        (UnitKind.OTHER, "Đơn vị khác"),
    ):
        if by_kind.get(kind):
            items.append(PanelItem(label, f"{url}", count=by_kind[kind]))
    items.append(PanelItem("Người dùng đang hoạt động", count=people))
    return Panel(title="Tổng quan đơn vị", items=items, order=30)


def _has_membership(request) -> bool:
    user = _user(request)
    return user is not None and bool(rules.memberships(user))


def _is_manager(request) -> bool:
    user = _user(request)
    return user is not None and rules.is_manager(user)


NAV_ENTRIES = [
    NavEntry("Đơn vị", "org:unit_list", _has_membership, order=80),
    NavEntry("Người dùng", "org:person_list", _is_manager, order=81),
]


def role_requests_panel(request) -> Panel | None:
    """For administrators and leaders: sensitive roles that wait for their (second) approval."""
    user = _user(request)
    if user is None or not (rules.is_manager(user) or permissions.root_units(user, "org.approve_sensitive_role")):
        return None
    from mangxanh.org.grants import decidable

    waiting = len(decidable(user))
    if not waiting:
        return None
    item = PanelItem("Vai trò bảo vệ trẻ em chờ phê duyệt", reverse("org:role_requests"), count=waiting, urgent=True)
    return Panel(title="Phê duyệt giao vai trò", items=[item], order=15)
