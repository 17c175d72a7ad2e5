"""Screens for the unit tree, unit types, people and their roles, and bulk import.

Objects outside the user's scope are 404 (they look like they do not exist); objects the
user may see but not change are 403. Every decision goes through mangxanh.org.rules.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, Prefetch, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from mangxanh.files.limits import upload_limit
from mangxanh.org import grants, importing, permissions, rules
from mangxanh.org.forms import (
    ImportForm,
    PersonCreateForm,
    PersonEditForm,
    PersonFilterForm,
    RoleGrantForm,
    UnitFilterForm,
    UnitForm,
    UnitMoveForm,
    UnitTypeForm,
)
from mangxanh.org.invitations import send_invitations
from mangxanh.org.models import Membership, Role, RoleRequest, RoleRequestStatus, Unit, UnitType

User = get_user_model()


def _visible_unit_or_404(request, pk: int) -> Unit:
    return rules.get_in_scope_or_404(
        Unit.objects.select_related("unit_type"), request.user, field=None, pk=pk
    )


def _managed_unit(request, pk: int) -> Unit:
    unit = _visible_unit_or_404(request, pk)
    if not rules.can_manage_units(request.user, unit):
        raise PermissionDenied("Bạn không có quyền quản lý đơn vị này.")
    return unit


def _require_manager(request) -> None:
    permissions.require_anywhere(request.user, "org.manage_members", "Chỉ quản trị đơn vị mới dùng được chức năng này.")


def _require_system_admin(request) -> None:
    permissions.require_anywhere(request.user, "org.manage_unit_types",
                                 "Chỉ quản trị hệ thống mới dùng được chức năng này.")


# --- The permission table ------------------------------------------------------------------------


@permissions.requires("org.view_permissions", "Chỉ quản trị hệ thống và quản trị đơn vị xem được bảng phân quyền.")
def permission_table(request):
    """Capabilities × roles, read from mangxanh.org.permissions, so a Sở sees who may do what."""
    return render(request, "org/permission_table.html", {
        "roles": Role.choices, "rows": permissions.table_rows(), "system_admin_label": Role.SYSTEM_ADMIN.label,
    })


# --- Units ---------------------------------------------------------------------------------------


@login_required
def unit_list(request):
    form = UnitFilterForm(request.GET or None)
    units = (
        rules.visible_units(request.user)
        .select_related("unit_type")
        .annotate(
            people_count=Count(
                "memberships__user", filter=Q(memberships__user__is_active=True), distinct=True
            )
        )
        .order_by("path")
    )
    filtered = False
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            units = units.filter(Q(name__icontains=q) | Q(short_name__icontains=q) | Q(code__icontains=q))
        if data["unit_type"]:
            units = units.filter(unit_type=data["unit_type"])
        if data["active"]:
            units = units.filter(is_active=data["active"] == "1")
        if data["no_admin"]:
            units = units.filter(is_active=True).without_active(Role.UNIT_ADMIN)
        filtered = any(data.values())
    units = list(units)
    top = min((u.depth for u in units), default=1)
    for unit in units:
        unit.indent = unit.depth - top
        unit.manageable = rules.can_manage_units(request.user, unit)
    return render(
        request,
        "org/unit_list.html",
        {
            "units": units,
            "form": form,
            "filtered": filtered,
            "is_system_admin": rules.is_system_admin(request.user),
        },
    )


@login_required
def unit_detail(request, pk: int):
    unit = _visible_unit_or_404(request, pk)
    parent = unit.parent_unit()
    memberships = (
        Membership.objects.filter(unit=unit).select_related("user").order_by("user__full_name", "role")
    )
    people: dict[int, dict] = {}
    for m in memberships:
        entry = people.setdefault(m.user_id, {"user": m.user, "roles": []})
        entry["roles"].append(m.get_role_display())
    can_manage = rules.can_manage_units(request.user, unit)
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "parent": parent,
            "parent_visible": parent is not None and rules.can_act_on(request.user, parent),
            "children": unit.child_units().select_related("unit_type"),
            "people": list(people.values()),
            "moves": unit.moves.select_related("from_parent", "to_parent", "moved_by"),
            "can_manage": can_manage,
            "can_manage_people": rules.can_manage_people(request.user, unit),
            # A unit administrator must not switch off the unit their own rights come from.
            "can_toggle": can_manage and _may_toggle(request.user, unit),
        },
    )


def _may_toggle(user, unit: Unit) -> bool:
    parent = unit.parent_unit()
    return rules.is_system_admin(user) or (parent is not None and rules.can_manage_units(user, parent))


@login_required
def unit_create(request, pk: int):
    parent = _managed_unit(request, pk)
    if not parent.is_active:
        messages.error(request, "Không thể thêm đơn vị con vào đơn vị đã ngừng hoạt động.")
        return redirect("org:unit_detail", pk=parent.pk)
    form = UnitForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        unit = Unit.objects.add_child(parent, instance=form.save(commit=False))
        messages.success(request, f"Đã thêm đơn vị {unit.name}.")
        return redirect("org:unit_detail", pk=unit.pk)
    return render(
        request, "org/unit_form.html", {"form": form, "parent": parent, "title": "Thêm đơn vị trực thuộc"}
    )


@login_required
def unit_edit(request, pk: int):
    unit = _managed_unit(request, pk)
    form = UnitForm(request.POST or None, instance=unit)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Đã lưu thông tin đơn vị.")
        return redirect("org:unit_detail", pk=unit.pk)
    return render(
        request, "org/unit_form.html", {"form": form, "unit": unit, "title": f"Sửa đơn vị: {unit.name}"}
    )


@login_required
def unit_move(request, pk: int):
    unit = _managed_unit(request, pk)
    if unit.is_root():
        raise PermissionDenied("Không thể chuyển đơn vị gốc.")
    form = UnitMoveForm(request.POST or None, unit=unit, user=request.user)
    if request.method == "POST" and form.is_valid():
        new_parent = form.cleaned_data["new_parent"]
        # The form only offers units the mover manages; check again here, the rules are the authority.
        if not (
            rules.can_manage_units(request.user, unit) and rules.can_manage_units(request.user, new_parent)
        ):
            raise PermissionDenied("Bạn không có quyền chuyển đơn vị tới đó.")
        try:
            unit.move_under(new_parent, by=request.user, reason=form.cleaned_data["reason"])
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã chuyển {unit.name} về trực thuộc {new_parent.name}.")
            return redirect("org:unit_detail", pk=unit.pk)
    return render(request, "org/unit_move.html", {"form": form, "unit": unit, "parent": unit.parent_unit()})


@login_required
@require_POST
def unit_toggle_active(request, pk: int):
    unit = _managed_unit(request, pk)
    if not _may_toggle(request.user, unit):
        raise PermissionDenied("Chỉ đơn vị cấp trên mới được ngừng hoạt động đơn vị này.")
    if unit.is_active:
        if unit.child_units().filter(is_active=True).exists():
            messages.error(
                request,
                "Không thể ngừng hoạt động: còn đơn vị trực thuộc đang hoạt động. Hãy chuyển hoặc ngừng chúng trước.",
            )
            return redirect("org:unit_detail", pk=unit.pk)
        unit.is_active = False
        messages.success(request, f"Đã ngừng hoạt động {unit.name}. Dữ liệu của đơn vị được giữ nguyên.")
    else:
        parent = unit.parent_unit()
        if parent is not None and not parent.is_active:
            messages.error(request, "Không thể kích hoạt lại: đơn vị cấp trên đang ngừng hoạt động.")
            return redirect("org:unit_detail", pk=unit.pk)
        unit.is_active = True
        messages.success(request, f"Đã kích hoạt lại {unit.name}.")
    unit.save(update_fields=["is_active", "updated_at"])
    return redirect("org:unit_detail", pk=unit.pk)


# --- Unit types (system administrators) ----------------------------------------------------------


@login_required
def unit_type_list(request):
    _require_system_admin(request)
    types = UnitType.objects.annotate(unit_count=Count("units"))
    return render(request, "org/unit_type_list.html", {"types": types})


@login_required
def unit_type_edit(request, pk: int | None = None):
    _require_system_admin(request)
    unit_type = get_object_or_404(UnitType, pk=pk) if pk else None
    form = UnitTypeForm(request.POST or None, instance=unit_type)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Đã lưu loại đơn vị.")
        return redirect("org:unit_type_list")
    title = f"Sửa loại đơn vị: {unit_type.name}" if unit_type else "Thêm loại đơn vị"
    return render(request, "org/unit_type_form.html", {"form": form, "unit_type": unit_type, "title": title})


@login_required
@require_POST
def unit_type_delete(request, pk: int):
    _require_system_admin(request)
    unit_type = get_object_or_404(UnitType, pk=pk)
    if unit_type.units.exists():
        messages.error(
            request, "Không thể xóa loại đơn vị đang được dùng; hãy chuyển sang «không dùng» thay vì xóa."
        )
    else:
        unit_type.delete()
        messages.success(request, f"Đã xóa loại đơn vị {unit_type.name}.")
    return redirect("org:unit_type_list")


# --- People --------------------------------------------------------------------------------------


def _person_in_scope_or_404(request, pk: int):
    _require_manager(request)
    return get_object_or_404(rules.people_in_scope(request.user), pk=pk)


def _memberships_in_scope(user):
    return permissions.scoped(
        Membership.objects.select_related("unit"), user, "org.manage_members"
    ).order_by("unit__path", "role")


@login_required
def person_list(request):
    _require_manager(request)
    form = PersonFilterForm(request.GET or None, user=request.user)
    people = rules.people_in_scope(request.user)
    if form.is_valid():
        data = form.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            people = people.filter(
                Q(full_name__icontains=q) | Q(username__icontains=q) | Q(email__icontains=q)
            )
        in_scope = _memberships_in_scope(request.user)
        if data["unit"]:
            in_scope = in_scope.filter(unit__path__startswith=data["unit"].path)
        if data["role"]:
            in_scope = in_scope.filter(role=data["role"])
        if data["unit"] or data["role"]:
            people = people.filter(pk__in=in_scope.values("user_id"))
        if data["active"]:
            people = people.filter(is_active=data["active"] == "1")
    people = people.prefetch_related(
        Prefetch("memberships", queryset=_memberships_in_scope(request.user), to_attr="scoped_memberships")
    ).order_by("full_name", "username")
    page = Paginator(people, 50).get_page(request.GET.get("trang"))
    query = request.GET.copy()
    query.pop("trang", None)
    return render(request, "org/person_list.html", {"form": form, "page": page, "query": query.urlencode()})


@login_required
def person_create(request):
    _require_manager(request)
    form = PersonCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            person = User(
                username=data["username"],
                full_name=data["full_name"],
                email=data["email"],
                phone=data["phone"],
            )
            person.set_unusable_password()
            person.save()
            for role in data["roles"]:  # one save each, so the audit log records every role granted
                if isinstance(grants.grant(request.user, person, data["unit"], role), RoleRequest):
                    messages.info(request, _asked(role))
        sent = send_invitations([person], request.build_absolute_uri("/"), invited_by=request.user)
        if sent:
            messages.success(
                request, f"Đã tạo tài khoản {person.username} và gửi thư mời tới {person.email}."
            )
        else:
            messages.warning(request, f"Đã tạo tài khoản {person.username} nhưng chưa gửi được thư mời.")
        return redirect("org:person_detail", pk=person.pk)
    return render(request, "org/person_form.html", {"form": form, "title": "Thêm người dùng"})


@login_required
def person_detail(request, pk: int):
    person = _person_in_scope_or_404(request, pk)
    memberships = list(_memberships_in_scope(request.user).filter(user=person))
    for m in memberships:
        m.removable = rules.can_remove_membership(request.user, m)
    hidden = Membership.objects.filter(user=person).count() - len(memberships)
    return render(
        request,
        "org/person_detail.html",
        {
            "person": person,
            "memberships": memberships,
            "hidden_count": hidden,
            "can_edit": rules.can_edit_person(request.user, person),
            "is_self": person.pk == request.user.pk,
            "grant_form": RoleGrantForm(user=request.user, person=person),
            "pending": permissions.scoped(
                person.role_requests.filter(status=RoleRequestStatus.PENDING).select_related("unit", "requested_by"),
                request.user, "org.manage_members",
            ),
        },
    )


def _editable_person(request, pk: int):
    person = _person_in_scope_or_404(request, pk)
    if not rules.can_edit_person(request.user, person):
        raise PermissionDenied("Người này còn vai trò ở đơn vị ngoài phạm vi quản lý của bạn.")
    return person


@login_required
def person_edit(request, pk: int):
    person = _editable_person(request, pk)
    form = PersonEditForm(request.POST or None, instance=person)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Đã lưu thông tin người dùng.")
        return redirect("org:person_detail", pk=person.pk)
    return render(
        request, "org/person_form.html", {"form": form, "person": person, "title": f"Sửa: {person}"}
    )


@login_required
@require_POST
def person_toggle_active(request, pk: int):
    person = _editable_person(request, pk)
    if person.pk == request.user.pk:
        raise PermissionDenied("Bạn không thể tự khóa tài khoản của mình.")
    person.is_active = not person.is_active
    person.save(update_fields=["is_active"])
    if person.is_active:
        messages.success(request, f"Đã mở khóa tài khoản {person.username}.")
    else:
        messages.success(
            request, f"Đã khóa tài khoản {person.username}; vai trò được giữ lại để có thể mở khóa."
        )
    return redirect("org:person_detail", pk=person.pk)


@login_required
@require_POST
def person_invite(request, pk: int):
    person = _editable_person(request, pk)
    if send_invitations([person], request.build_absolute_uri("/"), invited_by=request.user):
        messages.success(request, f"Đã gửi lại thư mời tới {person.email}.")
    else:
        messages.error(request, "Không gửi được thư mời: tài khoản chưa có e-mail hoặc máy chủ thư lỗi.")
    return redirect("org:person_detail", pk=person.pk)


@login_required
@require_POST
def role_grant(request, pk: int):
    person = _person_in_scope_or_404(request, pk)
    form = RoleGrantForm(request.POST, user=request.user, person=person)
    if form.is_valid():
        unit, role = form.cleaned_data["unit"], form.cleaned_data["role"]
        if isinstance(grants.grant(request.user, person, unit, role), RoleRequest):
            messages.info(request, _asked(role))
        else:
            messages.success(request, f"Đã giao vai trò {Role(role).label} tại {unit.name}.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("org:person_detail", pk=person.pk)


def _asked(role: str) -> str:
    return (f"Đã gửi đề nghị giao vai trò {Role(role).label}. Vai trò này cho xem danh tính nạn nhân nên chỉ có "
            "hiệu lực khi một người thứ hai (quản trị hoặc lãnh đạo đơn vị) phê duyệt; lãnh đạo đơn vị đã được báo.")


@login_required
def role_requests(request):
    """Sensitive roles waiting for a second person: those this user may decide, and their own."""
    mine = RoleRequest.objects.filter(requested_by=request.user, status=RoleRequestStatus.PENDING).select_related(
        "user", "unit")
    return render(request, "org/role_requests.html", {"decidable": grants.decidable(request.user), "mine": mine})


@login_required
@require_POST
def role_request_decide(request, pk: int):
    role_request = get_object_or_404(RoleRequest, pk=pk, status=RoleRequestStatus.PENDING)
    if not grants.can_decide(request.user, role_request):
        raise Http404("Không tìm thấy.")  # nothing to decide here: not a hint that it exists
    label = f"{role_request.get_role_display()} tại {role_request.unit.name} cho {role_request.user}"
    if request.POST.get("decision") == "approve":
        grants.approve(role_request, request.user)
        messages.success(request, f"Đã phê duyệt: {label}. Vai trò có hiệu lực từ bây giờ.")
    elif request.POST.get("decision") == "reject":
        grants.reject(role_request, request.user)
        messages.success(request, f"Đã từ chối đề nghị: {label}.")
    else:
        messages.error(request, "Hãy chọn phê duyệt hoặc từ chối.")
    return redirect("org:role_requests")


@login_required
@require_POST
def role_remove(request, pk: int, membership_pk: int):
    person = _person_in_scope_or_404(request, pk)
    membership = get_object_or_404(_memberships_in_scope(request.user).filter(user=person), pk=membership_pk)
    if not rules.can_remove_membership(request.user, membership):
        raise PermissionDenied("Bạn không có quyền gỡ vai trò này.")
    if not rules.is_system_admin(request.user) and person.memberships.count() == 1:
        messages.error(
            request, "Không thể gỡ vai trò cuối cùng. Nếu người này không còn làm việc, hãy khóa tài khoản."
        )
        return redirect("org:person_detail", pk=person.pk)
    membership.delete()
    messages.success(request, f"Đã gỡ vai trò {membership.get_role_display()} tại {membership.unit.name}.")
    return redirect("org:person_detail", pk=person.pk)


# --- Bulk import ---------------------------------------------------------------------------------


@upload_limit(importing.max_bytes)
@login_required
def import_people(request):
    _require_manager(request)
    form = ImportForm(request.POST or None, request.FILES or None)
    result = None
    if request.method == "POST":
        if request.upload_too_large:
            result = importing.ImportResult(errors=[importing.too_large_message()])
        elif form.is_valid():
            upload = form.cleaned_data["file"]
            result = importing.import_people(upload, request.user)
            if result.ok:
                sent = 0
                if form.cleaned_data["send_invitations"]:
                    sent = send_invitations(
                        result.created, request.build_absolute_uri("/"), invited_by=request.user
                    )
                messages.success(request, f"Đã nhập {len(result.created)} người dùng; đã gửi {sent} thư mời.")
                return redirect(reverse("org:person_list"))
    return render(request, "org/import.html", {"form": form, "result": result, "columns": importing.COLUMNS})


@login_required
def import_template(request):
    _require_manager(request)
    first = rules.manageable_units(request.user).filter(is_active=True).order_by("-depth", "path").first()
    data = importing.template_workbook(first.code if first else "MA-DON-VI")
    response = HttpResponse(
        data, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-nguoi-dung.xlsx"'
    return response
