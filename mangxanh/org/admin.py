"""Django admin (/quan-tri/) for the organisation models, open to system administrators only."""

from __future__ import annotations

from django import forms
from django.contrib import admin
from treebeard.admin import TreeAdmin
from treebeard.forms import movenodeform_factory

from mangxanh.org import rules
from mangxanh.org.models import SENSITIVE_ROLES, Membership, Unit, UnitMove, UnitType


def _system_admin_site_permission(request) -> bool:
    # The whole admin site is for system administrators (a role in org.Membership), not
    # for whoever happens to have is_staff.
    user = request.user
    return user.is_active and user.is_authenticated and rules.is_system_admin(user)


admin.site.has_permission = _system_admin_site_permission
admin.site.site_header = "Mạng Xanh – Quản trị hệ thống"
admin.site.site_title = "Quản trị Mạng Xanh"
admin.site.index_title = "Quản trị hệ thống"


class SystemAdminOnly:
    """Model permissions come from the system-administrator role."""

    def has_module_permission(self, request) -> bool:
        return rules.is_system_admin(request.user)

    def has_view_permission(self, request, obj=None) -> bool:
        return rules.is_system_admin(request.user)

    def has_add_permission(self, request, *args) -> bool:
        return rules.is_system_admin(request.user)

    def has_change_permission(self, request, obj=None) -> bool:
        return rules.is_system_admin(request.user)

    def has_delete_permission(self, request, obj=None) -> bool:
        return rules.is_system_admin(request.user)


@admin.register(UnitType)
class UnitTypeAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ["name", "code", "kind", "school_level", "is_active", "sort_order"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]

    def has_delete_permission(self, request, obj=None) -> bool:
        # A type in use cannot be deleted (the foreign key is PROTECT as well).
        if obj is not None and obj.units.exists():
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Unit)
class UnitAdmin(SystemAdminOnly, TreeAdmin):
    form = movenodeform_factory(Unit)
    list_display = ["name", "code", "unit_type", "is_active"]
    list_filter = ["unit_type", "is_active"]
    search_fields = ["name", "short_name", "code"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # units are deactivated, never deleted: their history must stay


@admin.register(UnitMove)
class UnitMoveAdmin(SystemAdminOnly, admin.ModelAdmin):
    list_display = ["unit", "from_parent", "to_parent", "moved_at", "moved_by"]
    readonly_fields = ["unit", "from_parent", "to_parent", "moved_at", "moved_by", "reason"]

    def has_add_permission(self, request, *args) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


class MembershipAdminForm(forms.ModelForm):
    class Meta:
        model = Membership
        fields = ["user", "unit", "role"]

    def clean_role(self):
        role = self.cleaned_data["role"]
        if role in SENSITIVE_ROLES and (self.instance.pk is None or self.instance.role != role):
            # Four eyes: the admin site must not be a way round the second person's approval.
            raise forms.ValidationError(
                "Vai trò này cần một người thứ hai phê duyệt: hãy giao tại trang Người dùng của Mạng Xanh."
            )
        return role


@admin.register(Membership)
class MembershipAdmin(SystemAdminOnly, admin.ModelAdmin):
    form = MembershipAdminForm
    list_display = ["user", "role", "unit", "created_at"]
    list_filter = ["role"]
    search_fields = ["user__username", "user__full_name", "unit__code", "unit__name"]
    autocomplete_fields = ["unit"]
    raw_id_fields = ["user"]
