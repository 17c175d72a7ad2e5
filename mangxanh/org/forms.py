"""Forms for units, unit types and people. Choices are always limited to the acting user's scope."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator

from mangxanh.org import rules
from mangxanh.org.models import Role, RoleRequestStatus, Unit, UnitKind, UnitType

User = get_user_model()


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Unit) -> str:
        indent = "\u00a0\u00a0" * (obj.depth - 1)
        return f"{indent}{obj.name} ({obj.code})"


class UnitFilterForm(forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False, max_length=100)
    unit_type = forms.ModelChoiceField(
        label="Loại đơn vị",
        queryset=UnitType.objects.all(),
        required=False,
        empty_label="Tất cả",
        to_field_name="code",
    )
    active = forms.ChoiceField(
        label="Trạng thái",
        required=False,
        choices=[("", "Tất cả"), ("1", "Đang hoạt động"), ("0", "Ngừng hoạt động")],
    )
    no_admin = forms.BooleanField(label="Chỉ đơn vị chưa có quản trị đơn vị", required=False)


class UnitForm(forms.ModelForm):
    class Meta:
        model = Unit
        fields = ["unit_type", "name", "short_name", "code", "address", "phone", "email", "contact_person"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        types = UnitType.objects.filter(is_active=True)
        if self.instance.pk:
            types = types | UnitType.objects.filter(pk=self.instance.unit_type_id)
        self.fields["unit_type"].queryset = types.distinct()
        self.fields["code"].help_text = "Mã duy nhất, dùng khi nhập danh sách người dùng, ví dụ THCS-BENTHUY."

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip().upper()
        clash = Unit.objects.filter(code__iexact=code).exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("Mã đơn vị này đã được dùng.")
        return code


class UnitMoveForm(forms.Form):
    new_parent = UnitChoiceField(label="Chuyển về trực thuộc", queryset=Unit.objects.none())
    reason = forms.CharField(
        label="Lý do", max_length=500, required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, unit: Unit, user, **kwargs):
        super().__init__(*args, **kwargs)
        parent = unit.parent_unit()
        targets = rules.manageable_units(user).filter(is_active=True).exclude(path__startswith=unit.path)
        if parent is not None:
            targets = targets.exclude(pk=parent.pk)
        self.fields["new_parent"].queryset = targets.order_by("path")


class UnitTypeForm(forms.ModelForm):
    class Meta:
        model = UnitType
        fields = ["code", "name", "kind", "school_level", "is_active", "sort_order"]
        help_texts = {"code": "Chữ thường không dấu, số và gạch nối, ví dụ truong-thcs."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = UnitKind.choices


class PersonFilterForm(forms.Form):
    q = forms.CharField(label="Tìm kiếm", required=False, max_length=100)
    unit = UnitChoiceField(label="Đơn vị", queryset=Unit.objects.none(), required=False, empty_label="Tất cả")
    role = forms.ChoiceField(label="Vai trò", required=False, choices=[("", "Tất cả"), *Role.choices])
    active = forms.ChoiceField(
        label="Trạng thái",
        required=False,
        choices=[("", "Tất cả"), ("1", "Đang hoạt động"), ("0", "Đã khóa")],
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = rules.manageable_units(user).order_by("path")


def _clean_email(form: forms.Form, instance=None) -> str:
    email = form.cleaned_data["email"].strip().lower()
    clash = User.objects.filter(email__iexact=email)
    if instance is not None:
        clash = clash.exclude(pk=instance.pk)
    if clash.exists():
        raise forms.ValidationError("E-mail này đã được dùng cho một tài khoản khác.")
    return email


class PersonCreateForm(forms.Form):
    full_name = forms.CharField(label="Họ và tên", max_length=200)
    username = forms.CharField(
        label="Tên đăng nhập",
        max_length=150,
        validators=[UnicodeUsernameValidator(message="Chỉ dùng chữ, số và @ . + - _, không có dấu cách.")],
    )
    email = forms.EmailField(label="E-mail", help_text="Thư mời tự đặt mật khẩu sẽ được gửi tới địa chỉ này.")
    phone = forms.CharField(label="Điện thoại", max_length=30, required=False)
    unit = UnitChoiceField(label="Đơn vị", queryset=Unit.objects.none())
    roles = forms.MultipleChoiceField(label="Vai trò", widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.fields["unit"].queryset = rules.manageable_units(user).filter(is_active=True).order_by("path")
        self.fields["roles"].choices = rules.grantable_roles(user)

    def clean_username(self) -> str:
        username = self.cleaned_data["username"].strip()
        if User.objects.filter(username__iexact=username).exists():
            raise forms.ValidationError("Tên đăng nhập này đã có người dùng.")
        return username

    def clean_email(self) -> str:
        return _clean_email(self)

    def clean(self):
        data = super().clean()
        unit = data.get("unit")
        for role in data.get("roles", []):
            if unit is not None and not rules.can_grant_role(self.user, unit, role):
                self.add_error("roles", f"Bạn không có quyền giao vai trò '{Role(role).label}'.")
        return data


class PersonEditForm(forms.ModelForm):
    class Meta:
        model = User
        fields = ["full_name", "email", "phone"]
        labels = {"full_name": "Họ và tên", "email": "E-mail", "phone": "Điện thoại"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["full_name"].required = True
        self.fields["email"].required = True

    def clean_email(self) -> str:
        return _clean_email(self, self.instance)


class RoleGrantForm(forms.Form):
    unit = UnitChoiceField(label="Đơn vị", queryset=Unit.objects.none())
    role = forms.ChoiceField(label="Vai trò")

    def __init__(self, *args, user, person, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        self.person = person
        self.fields["unit"].queryset = rules.manageable_units(user).filter(is_active=True).order_by("path")
        self.fields["role"].choices = rules.grantable_roles(user)

    def clean(self):
        data = super().clean()
        unit, role = data.get("unit"), data.get("role")
        if unit is None or not role:
            return data
        if not rules.can_grant_role(self.user, unit, role):
            raise forms.ValidationError(
                f"Bạn không có quyền giao vai trò '{Role(role).label}' tại đơn vị này."
            )
        if self.person.memberships.filter(unit=unit, role=role).exists():
            raise forms.ValidationError("Người này đã có vai trò này tại đơn vị này.")
        if self.person.role_requests.filter(unit=unit, role=role, status=RoleRequestStatus.PENDING).exists():
            raise forms.ValidationError("Đã có đề nghị giao vai trò này đang chờ người thứ hai phê duyệt.")
        return data


class ImportForm(forms.Form):
    file = forms.FileField(
        label="Tệp danh sách (.xlsx hoặc .csv)",
        error_messages={"required": "Hãy chọn tệp để nhập.", "empty": "Tệp rỗng: không có dữ liệu để nhập."},
    )
    send_invitations = forms.BooleanField(
        label="Gửi thư mời đặt mật khẩu cho từng người", required=False, initial=True
    )
