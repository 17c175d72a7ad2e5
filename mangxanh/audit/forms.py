"""The search form of the audit log screen; every bad input becomes a Vietnamese message."""

from __future__ import annotations

import datetime as dt
import re

from django import forms
from django.db.models import Q, QuerySet
from django.utils import timezone

from mangxanh.audit.models import action_choices

DATE_FORMAT_ERROR = "Ngày không hợp lệ, hãy nhập theo dạng dd/mm/yyyy (ví dụ 05/09/2025)."
MIN_YEAR, MAX_YEAR = 2000, 2100
ACTION_RE = re.compile(r"^[a-z0-9_.:-]{1,40}$")


class SearchText(forms.CharField):
    """Free text: NUL characters (which PostgreSQL refuses) are dropped, not an error."""

    def to_python(self, value):
        return super().to_python(value).replace("\x00", "")


def _date_field(label: str) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=["%d/%m/%Y"],
        error_messages={"invalid": DATE_FORMAT_ERROR},
        widget=forms.TextInput(attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric", "size": 10}),
    )


def _text(label: str, max_length: int, **attrs) -> SearchText:
    return SearchText(
        label=label,
        required=False,
        max_length=max_length,
        error_messages={"max_length": f"Tối đa {max_length} ký tự."},
        widget=forms.TextInput(attrs=attrs),
    )


class AuditFilterForm(forms.Form):
    date_from = _date_field("Từ ngày")
    date_to = _date_field("Đến ngày")
    actor = _text("Người thực hiện", 150, placeholder="tên đăng nhập")
    action = _text("Hành động", 40, list="audit-actions")
    object_type = _text("Loại đối tượng", 100, placeholder="vd. org.unit")
    q = _text("Tìm trong nội dung", 200, type="search")

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.action_choices = action_choices()

    def _clean_year(self, name: str) -> dt.date | None:
        value = self.cleaned_data.get(name)
        if value and not MIN_YEAR <= value.year <= MAX_YEAR:
            raise forms.ValidationError(f"Năm phải nằm trong khoảng {MIN_YEAR}–{MAX_YEAR}.")
        return value

    def clean_date_from(self):
        return self._clean_year("date_from")

    def clean_date_to(self):
        return self._clean_year("date_to")

    def clean_action(self) -> str:
        value = self.cleaned_data["action"].strip()
        if value and not ACTION_RE.match(value):
            raise forms.ValidationError("Mã hành động không hợp lệ (chỉ gồm chữ thường không dấu, số, dấu _).")
        return value

    def clean(self):
        data = super().clean()
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("“Từ ngày” phải trước hoặc trùng “Đến ngày”.")
        return data

    def filter(self, entries: QuerySet) -> QuerySet:
        """Apply the valid filters (call after is_valid())."""
        data = self.cleaned_data
        if data.get("date_from"):
            entries = entries.filter(timestamp__gte=_start_of(data["date_from"]))
        if data.get("date_to"):
            entries = entries.filter(timestamp__lt=_start_of(data["date_to"] + dt.timedelta(days=1)))
        if data.get("actor"):
            entries = entries.filter(actor_username__icontains=data["actor"].strip())
        if data.get("action"):
            entries = entries.filter(action=data["action"])
        if data.get("object_type"):
            entries = entries.filter(object_type__iexact=data["object_type"].strip())
        text = (data.get("q") or "").strip()
        if text:
            entries = entries.filter(
                Q(object_repr__icontains=text) | Q(message__icontains=text) | Q(object_id=text)
            )
        return entries

    def describe(self) -> str:
        """The filters in words, for the export's own audit entry."""
        if not self.is_bound or not self.is_valid():
            return "không lọc"
        parts = []
        for name, field in self.fields.items():
            value = self.cleaned_data.get(name)
            if value:
                shown = value.strftime("%d/%m/%Y") if isinstance(value, dt.date) else value
                parts.append(f"{field.label}: {shown}")
        return "; ".join(parts) or "không lọc"


def _start_of(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))
