"""Admin screens for editable intake data: legal clocks, agencies, partner API keys."""

from __future__ import annotations

import secrets

from django import forms
from django.contrib import admin, messages

from mangxanh.intake.models import SCOPES, Agency, ApiKey, LegalClock, key_digest


@admin.register(LegalClock)
class LegalClockAdmin(admin.ModelAdmin):
    list_display = ["name", "minutes", "trigger", "child_only", "source", "is_active"]
    list_filter = ["trigger", "is_active"]


@admin.register(Agency)
class AgencyAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "phone", "url", "meets_clocks", "is_active"]
    list_filter = ["kind", "is_active"]
    search_fields = ["name", "code"]


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(label="Quyền", choices=list(SCOPES.items()),
                                       widget=forms.CheckboxSelectMultiple)

    class Meta:
        model = ApiKey
        fields = ["unit", "name", "scopes", "webhook_url", "platform", "expires_at", "revoked_at"]

    def clean_expires_at(self):
        from django.utils import timezone

        value = self.cleaned_data.get("expires_at")
        if value is not None and not self.instance.pk and value <= timezone.now():
            raise forms.ValidationError("Ngày hết hạn phải ở tương lai.")
        return value


@admin.register(ApiKey)
class ApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ["name", "prefix", "unit", "expires_at", "revoked_at", "last_used_at"]
    readonly_fields = ["prefix", "last_used_at", "created_at"]
    list_select_related = ["unit"]

    def save_model(self, request, obj: ApiKey, form, change: bool) -> None:
        if not change:
            # The key is shown once, here; only its hash is stored.
            raw = "mx_" + secrets.token_urlsafe(32)
            obj.prefix, obj.key_hash = raw[:10], key_digest(raw)
            obj.webhook_secret = secrets.token_hex(32)
            messages.warning(request, f"Khóa API (chỉ hiện một lần, hãy lưu lại ngay): {raw} — "
                                      f"bí mật ký webhook: {obj.webhook_secret}")
        super().save_model(request, obj, form, change)
