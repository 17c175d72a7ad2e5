"""The one permission table: which roles hold which capability, and the helpers that ask it.

Every view, service, API and template asks a *capability* ("review.decide"), never a set of
roles, so who may do what is written once, here, and shown to administrators on the
"Bảng phân quyền" page (org:permission_table).

Rules of the tree (DESIGN.md §2, §3, see mangxanh.org.rules):
- a role held at a unit applies to that unit and every unit below it, never sideways or above;
- a system administrator holds every capability everywhere, except those marked
  `system_admin=False` (a child victim's identity, originals of evidence): those need the role.

`can(user, capability, unit)` answers for one unit; `scoped()` / `get_in_scope_or_404()` /
`units_with()` filter querysets; `@requires(capability)` guards a view; `require()` guards a
service (raises PermissionDenied); `CapabilityBackend` makes `user.has_perm("review.decide", draft)`
work for any object with a `unit`. Django answers True to every has_perm of an active superuser
before asking backends, so services call `can()`/`require()`, never has_perm.

Adding a capability: add one line to TABLE (name "area.verb", roles, Vietnamese description), ask
it where the action happens (the service calls `require()`, the view `@requires()` or
`get_in_scope_or_404()`), and give any new URL its row in tests/authz/matrix.py.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet

from mangxanh.org import rules
from mangxanh.org.models import Role, Unit

DENIED = "Bạn không có quyền thực hiện thao tác này."


@dataclass(frozen=True)
class Capability:
    name: str
    roles: frozenset[str]
    description: str
    # False: a system administrator needs one of the roles like anyone else (no bypass).
    system_admin: bool = True


def _cap(name: str, roles: set[str], description: str, *, system_admin: bool = True) -> Capability:
    return Capability(name, frozenset(roles), description, system_admin)


_R = Role
_MANAGERS = {_R.UNIT_ADMIN, _R.SYSTEM_ADMIN}
_CASE_ACT = {_R.CASE_OFFICER, _R.CHILD_PROTECTION, _R.SYSTEM_ADMIN}
_PLAN_WORK = {_R.LEADER, _R.UNIT_ADMIN, _R.EDITOR, _R.REVIEWER, _R.SYSTEM_ADMIN}
_BULLETIN_DRAFT = {_R.CASE_OFFICER, _R.CHILD_PROTECTION, _R.LEADER}
_BULLETIN_PUBLISH = {_R.LEADER, _R.REVIEWER}

TABLE: tuple[Capability, ...] = (
    # Organisation: units, people, roles
    _cap("org.manage_units", _MANAGERS, "Thêm, sửa, chuyển, tạm dừng đơn vị trong phạm vi quản lý"),
    _cap("org.manage_members", _MANAGERS, "Thêm, sửa người dùng; giao và gỡ vai trò trong phạm vi quản lý"),
    _cap("org.manage_unit_types", {_R.SYSTEM_ADMIN}, "Thêm, sửa, xóa loại đơn vị (toàn hệ thống)"),
    _cap("org.approve_sensitive_role", {_R.LEADER}, "Phê duyệt (người thứ hai) vai trò bảo vệ trẻ em tại đơn vị"),
    _cap("org.overview", {_R.LEADER}, "Xem tổng quan đơn vị và người dùng cấp dưới"),
    _cap("org.units_below", {_R.LEADER, _R.UNIT_ADMIN, _R.SYSTEM_ADMIN, _R.CASE_OFFICER, _R.CHILD_PROTECTION},
         "Xem tình hình các đơn vị cấp dưới trên trang chủ"),
    _cap("org.view_permissions", _MANAGERS, "Xem bảng phân quyền này"),
    _cap("audit.view", _MANAGERS, "Xem nhật ký kiểm toán của đơn vị và cấp dưới"),
    _cap("account.two_factor", _MANAGERS, "Bắt buộc đăng nhập hai bước (khi cấu hình yêu cầu)"),
    # Publishing review
    _cap("review.view", {_R.EDITOR, _R.REVIEWER, _R.LEADER}, "Xem danh sách và nội dung bài viết"),
    _cap("review.edit", {_R.EDITOR}, "Soạn, sửa, kiểm tra rủi ro và gửi duyệt bài viết"),
    _cap("review.decide", {_R.REVIEWER, _R.LEADER}, "Nhận duyệt, phê duyệt hoặc trả lại bài viết"),
    _cap("review.override", {_R.LEADER}, "Phê duyệt bài dù còn cảnh báo rủi ro cao (ghi rõ lý do)"),
    _cap("review.stats", {_R.EDITOR, _R.REVIEWER, _R.LEADER, _R.UNIT_ADMIN}, "Xem thống kê kiểm duyệt"),
    _cap("channel.view", {_R.EDITOR, _R.REVIEWER, _R.LEADER, _R.UNIT_ADMIN}, "Xem kênh thông tin chính thức"),
    _cap("channel.manage", {_R.UNIT_ADMIN, _R.LEADER}, "Thêm, sửa, tạm dừng kênh thông tin chính thức"),
    _cap("monitor.handle", {_R.REVIEWER, _R.LEADER, _R.UNIT_ADMIN},
         "Xử lý nội dung bị gắn cờ khi giám sát kênh, quét lại"),
    # Reports (intake) and cases
    _cap("case.view", {_R.CASE_OFFICER, _R.CHILD_PROTECTION, _R.LEADER, _R.SYSTEM_ADMIN},
         "Xem tin báo, vụ việc (không gồm danh tính trẻ em)"),
    _cap("case.act", _CASE_ACT, "Tiếp nhận, phân công, chuyển trạng thái, chuyển cơ quan, đề nghị gỡ bỏ"),
    _cap("case.assignee", _CASE_ACT, "Được phân công xử lý vụ việc của đơn vị hoặc cấp dưới"),
    _cap("case.escalation", {_R.CASE_OFFICER, _R.CHILD_PROTECTION, _R.SYSTEM_ADMIN, _R.LEADER},
         "Nhận nhắc việc khi vụ việc quá hạn"),
    _cap("case.view_victim", {_R.CHILD_PROTECTION}, "Xem danh tính trẻ em là nạn nhân", system_admin=False),
    _cap("evidence.open_original", {_R.CASE_OFFICER, _R.CHILD_PROTECTION},
         "Mở bản gốc chứng cứ (lãnh đạo chỉ xem số lượng và ảnh đã làm mờ)", system_admin=False),
    _cap("intake.manage_keys", _MANAGERS, "Quản lý khóa API tiếp nhận tin báo"),
    # Plans and periodic reports
    _cap("plan.issue", {_R.LEADER, _R.SYSTEM_ADMIN}, "Ban hành kế hoạch, văn bản; ký, khóa, mở lại báo cáo"),
    _cap("plan.report", _PLAN_WORK, "Ghi nhận hoạt động, soạn báo cáo định kỳ của đơn vị"),
    _cap("plan.report_incident", _PLAN_WORK | {_R.CASE_OFFICER, _R.CHILD_PROTECTION},
         "Báo cáo sự cố lên cấp trên, kể cả từ một vụ việc"),
    _cap("plan.receive", {_R.LEADER, _R.UNIT_ADMIN}, "Nhận thông báo kế hoạch, văn bản gửi đơn vị"),
    # Security watch
    _cap("watch.view", {_R.UNIT_ADMIN, _R.LEADER}, "Theo dõi an ninh mạng: sự cố, trang web, bàn giao kênh"),
    # Learning
    _cap("learning.author", {_R.EDITOR, _R.REVIEWER, _R.LEADER, _R.UNIT_ADMIN}, "Soạn bài học"),
    _cap("learning.publish", {_R.REVIEWER, _R.LEADER}, "Xuất bản bài học"),
    _cap("learning.organise", {_R.LEADER, _R.UNIT_ADMIN, _R.TEACHER}, "Tổ chức bài kiểm tra, cuộc thi"),
    _cap("learning.staff", {_R.LEADER, _R.UNIT_ADMIN, _R.TEACHER, _R.EDITOR, _R.REVIEWER},
         "Lấy mã lớp, nhập kết quả làm bài trên giấy"),
    _cap("learning.roster", {_R.LEADER, _R.UNIT_ADMIN}, "Quản lý danh sách lớp, học sinh"),
    _cap("learning.pledge", {_R.LEADER, _R.UNIT_ADMIN}, "Phát động cam kết, nhắc ký cam kết"),
    _cap("learning.pledge_staff", {_R.LEADER, _R.UNIT_ADMIN, _R.TEACHER}, "Ghi nhận số người ký cam kết"),
    _cap("learning.training", {_R.LEADER, _R.UNIT_ADMIN}, "Tổ chức tập huấn, điểm danh"),
    _cap("learning.bulletin_draft", _BULLETIN_DRAFT, "Soạn bản tin cảnh báo lừa đảo từ vụ việc đã đóng (tự ẩn danh)"),
    _cap("learning.bulletin_publish", _BULLETIN_PUBLISH, "Duyệt, đăng, gỡ, gửi bản tin cảnh báo lừa đảo"),
    # Whoever drafts or publishes bulletins sees and corrects them: one capability, so no view unions two.
    _cap("learning.bulletin_edit", _BULLETIN_DRAFT | _BULLETIN_PUBLISH,
         "Xem danh sách và sửa bản tin cảnh báo lừa đảo (người soạn và người duyệt)"),
)

CAPABILITIES: dict[str, Capability] = {c.name: c for c in TABLE}


def capability(name: str) -> Capability:
    try:
        return CAPABILITIES[name]
    except KeyError:  # a typo must fail loudly, never silently deny or allow
        raise ValueError(f"unknown capability: {name!r}") from None


def roles_for(name: str) -> frozenset[str]:
    return capability(name).roles


def _bypass(user, cap: Capability) -> bool:
    return cap.system_admin and rules.is_system_admin(user)


def root_units(user, name: str) -> list[Unit]:
    """Top-most units where the user holds one of the capability's roles (no system-admin bypass)."""
    return rules.root_units(user, capability(name).roles)


def holds_role(user, name: str) -> bool:
    """The user holds one of the capability's roles somewhere (no system-admin bypass)."""
    return bool(rules.roles_of(user) & capability(name).roles)


def can_anywhere(user, name: str) -> bool:
    """The user holds the capability on at least one unit (a system administrator: everywhere)."""
    cap = capability(name)
    return _bypass(user, cap) or bool(rules.roles_of(user) & cap.roles)


def can(user, name: str, unit: Unit | None) -> bool:
    """May user use capability on unit? A role at a unit covers every unit below it."""
    cap = capability(name)
    if unit is None:
        return False
    if _bypass(user, cap):
        return True
    return any(unit.is_within(root) for root in rules.root_units(user, cap.roles))


def require(user, name: str, unit: Unit | None, message: str = DENIED) -> None:
    """Services call this before changing data: PermissionDenied unless can()."""
    if not can(user, name, unit):
        raise PermissionDenied(message)


def require_person(user, name: str, unit: Unit | None, message: str = DENIED) -> None:
    """Services that the system also calls (seeding, scheduled tasks) pass user=None: checked only for a person."""
    if user is not None:
        require(user, name, unit, message)


def require_anywhere(user, name: str, message: str = DENIED) -> None:
    if not can_anywhere(user, name):
        raise PermissionDenied(message)


def scope_q(user, name: str, field: str | None = "unit") -> Q:
    """Rows whose unit (via `field`; None: the rows are units) lies where the user holds the capability."""
    cap = capability(name)
    if _bypass(user, cap):
        return Q()
    roots = rules.root_units(user, cap.roles)
    if not roots:
        return Q(pk__in=[])
    prefix = f"{field}__path" if field else "path"
    q = Q()
    for root in roots:
        q |= Q(**{f"{prefix}__startswith": root.path})
    return q


def scoped(queryset: QuerySet, user, name: str, field: str | None = "unit") -> QuerySet:
    return queryset.filter(scope_q(user, name, field))


def units_with(user, name: str) -> QuerySet:
    """The units where the user holds the capability (the subtrees below their roles)."""
    return scoped(Unit.objects.all(), user, name, field=None)


def get_in_scope_or_404(queryset: QuerySet, user, name: str, field: str | None = "unit", **lookup):
    """One object where the user holds the capability; anything else is a 404, never a hint it exists."""
    from django.http import Http404

    try:
        return scoped(queryset, user, name, field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("Không tìm thấy.") from exc


def requires(name: str, message: str = "Bạn không có vai trò phù hợp để dùng chức năng này.") -> Callable:
    """View decorator: log-in required, and the capability held on some unit (the view scopes objects)."""
    capability(name)  # fail at import time on a typo

    def decorator(view):
        from django.contrib.auth.decorators import login_required

        @login_required
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            require_anywhere(request.user, name, message)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def unit_of(obj) -> Unit | None:
    """The unit an object belongs to: itself for a unit, else its `unit` attribute."""
    if isinstance(obj, Unit):
        return obj
    return getattr(obj, "unit", None)


class CapabilityBackend:
    """Django auth backend: `user.has_perm("case.view", case)` asks this table.

    Without an object it answers "held on some unit"; with an object, can() on the object's unit.
    Unknown permission names are left to the other backends (the Django admin's model perms).
    """

    def authenticate(self, request, **credentials):
        return None

    def has_perm(self, user_obj, perm: str, obj=None) -> bool:
        if perm not in CAPABILITIES or not getattr(user_obj, "is_active", False):
            return False
        if obj is None:
            return can_anywhere(user_obj, perm)
        return can(user_obj, perm, unit_of(obj))

    def has_module_perms(self, user_obj, app_label: str) -> bool:
        return False


def table_rows() -> list[tuple[Capability, list[str]]]:
    """For the admin page: each capability and one mark per role (Role order): "role" when the role
    grants it, "global" for a system administrator's everywhere-bypass, "" when not held."""
    def mark(cap: Capability, role: str) -> str:
        if role in cap.roles:
            return "role"
        return "global" if role == Role.SYSTEM_ADMIN and cap.system_admin else ""

    return [(cap, [mark(cap, value) for value in Role.values]) for cap in TABLE]
