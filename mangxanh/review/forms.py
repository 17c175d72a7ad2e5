from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model

from mangxanh.org import permissions, rules
from mangxanh.org.models import Unit
from mangxanh.review.drafts import MAX_BODY, MAX_TITLE
from mangxanh.review.models import ChannelKind, DraftStatus, OfficialChannel, SourceKind, TaskDecision


class DraftForm(forms.Form):
    unit = forms.ModelChoiceField(Unit.objects.none(), label="Đơn vị", empty_label=None)
    title = forms.CharField(label="Tiêu đề", max_length=MAX_TITLE)
    body = forms.CharField(label="Nội dung", widget=forms.Textarea(attrs={"rows": 14}), max_length=MAX_BODY)
    target_channels = forms.ModelMultipleChoiceField(
        OfficialChannel.objects.none(), label="Kênh đăng", required=False, widget=forms.CheckboxSelectMultiple
    )
    planned_date = forms.DateField(label="Ngày dự kiến đăng", required=False,
                                   widget=forms.DateInput(attrs={"type": "date"}))
    names_students = forms.BooleanField(label="Bài nêu tên hoặc có hình ảnh học sinh", required=False)
    parental_consent = forms.BooleanField(label="Đã có đồng ý của cha mẹ/người giám hộ", required=False)
    consent_reference = forms.CharField(label="Số/ký hiệu văn bản đồng ý", max_length=200, required=False)

    def __init__(self, *args, user, draft=None, **kwargs):
        super().__init__(*args, **kwargs)
        if draft is not None:
            self.fields["unit"].queryset = Unit.objects.filter(pk=draft.unit_id)
            self.fields["unit"].disabled = True
            self.fields["target_channels"].queryset = OfficialChannel.objects.filter(unit=draft.unit, active=True)
        else:
            units = permissions.scoped(Unit.objects.filter(is_active=True), user, "review.edit", field=None)
            self.fields["unit"].queryset = units
            self.fields["target_channels"].queryset = permissions.scoped(
                OfficialChannel.objects.filter(active=True), user, "review.edit"
            )

    def clean(self):
        data = super().clean()
        channels = data.get("target_channels") or []
        unit = data.get("unit")
        if unit is not None and any(c.unit_id != unit.pk for c in channels):
            self.add_error("target_channels", "Chỉ chọn kênh của chính đơn vị đăng bài.")
        return data


class UploadForm(forms.Form):
    file = forms.FileField(label="Ảnh hoặc tệp đính kèm")


class PublishForm(forms.Form):
    url = forms.URLField(label="Đường dẫn bài đã đăng", max_length=500, assume_scheme="https")
    published_at = forms.DateTimeField(label="Thời điểm đăng", required=False,
                                       widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))


class QueueFilterForm(forms.Form):
    status = forms.ChoiceField(label="Trạng thái", required=False,
                               choices=[("", "Chờ duyệt"), ("all", "Tất cả")] + list(DraftStatus.choices))
    verdict = forms.ChoiceField(label="Kết luận quét", required=False,
                                choices=[("", "Tất cả"), ("block", "Chặn"), ("review", "Cần xem xét"),
                                         ("allow", "Cho phép")])
    mine = forms.BooleanField(label="Bài tôi đang giữ", required=False)
    q = forms.CharField(label="Tìm theo tiêu đề", required=False, max_length=200)


class ChannelForm(forms.ModelForm):
    class Meta:
        model = OfficialChannel
        fields = ["unit", "kind", "name", "address", "purpose", "responsible_person", "admin_users", "admin_names",
                  "two_factor_enabled", "last_security_review", "active"]
        widgets = {"last_security_review": forms.DateInput(attrs={"type": "date"}),
                   "admin_names": forms.Textarea(attrs={"rows": 3}),
                   "admin_users": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = permissions.scoped(Unit.objects.filter(is_active=True), user, "channel.manage",
                                                    field=None)
        self.fields["unit"].empty_label = None
        unit = self.instance.unit if self.instance.pk else None
        people = rules.people_in_scope(user) if unit is None else get_user_model().objects.filter(
            memberships__unit=unit).distinct()
        self.fields["admin_users"].queryset = people.order_by("full_name")
        self.fields["admin_users"].label_from_instance = lambda u: u.full_name or u.username
        self.fields["kind"].choices = ChannelKind.choices


class SourceForm(forms.Form):
    kind = forms.ChoiceField(label="Loại nguồn", choices=SourceKind.choices)
    url = forms.URLField(label="Địa chỉ RSS/Atom hoặc sitemap", max_length=500, assume_scheme="https")


class TaskDecisionForm(forms.Form):
    decision = forms.ChoiceField(label="Quyết định", choices=TaskDecision.choices)
    reason = forms.CharField(label="Lý do", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    correction_text = forms.CharField(label="Nội dung đính chính", required=False, max_length=5000,
                                      widget=forms.Textarea(attrs={"rows": 3}))
    due_at = forms.DateTimeField(label="Hạn hoàn thành", required=False,
                                 widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    done = forms.BooleanField(label="Đã thực hiện xong", required=False)

    def clean(self):
        data = super().clean()
        if data.get("decision") == TaskDecision.CORRECT and not (data.get("correction_text") or "").strip():
            self.add_error("correction_text", "Khi đính chính, hãy ghi nội dung đính chính.")
        return data


class ChannelCheckForm(forms.Form):
    q = forms.CharField(label="Đường dẫn hoặc tên trang", max_length=500)
