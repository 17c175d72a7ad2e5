from __future__ import annotations

from django import forms

from mangxanh.org.models import Unit, UnitType
from mangxanh.plans.models import Activity, Document, IncidentReport, Indicator, PlanTask, ReportPeriod

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class DocumentForm(forms.ModelForm):
    class Meta:
        model = Document
        fields = ["number", "symbol", "place", "issued_on", "title", "addressees", "basis", "purposes", "scope",
                  "contents", "funding", "organisation", "reporting", "report_day", "report_month", "recipients",
                  "signer_title", "signer_name"]
        widgets = {"issued_on": DATE}


class SendForm(forms.Form):
    root = forms.ModelChoiceField(Unit.objects.none(), label="Gửi tới đơn vị và toàn bộ đơn vị trực thuộc",
                                  required=False, empty_label="Tất cả đơn vị trực thuộc")
    unit_types = forms.ModelMultipleChoiceField(UnitType.objects.filter(is_active=True), required=False,
                                                label="Chỉ các loại đơn vị", widget=forms.CheckboxSelectMultiple)

    def __init__(self, *args, issuer: Unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["root"].queryset = Unit.objects.subtree(issuer).exclude(pk=issuer.pk)


class AcknowledgeForm(forms.Form):
    staff = forms.IntegerField(label="Số cán bộ, giáo viên, nhân viên được quán triệt", min_value=0,
                               max_value=1_000_000, initial=0)
    students = forms.IntegerField(label="Số học sinh được quán triệt", min_value=0, max_value=1_000_000, initial=0)
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)


class TaskChoiceField(forms.ModelMultipleChoiceField):
    """Each task in full, with the document it belongs to (never cut at 80 characters)."""

    def label_from_instance(self, task) -> str:
        from mangxanh.plans import letterhead

        target = f" Chỉ tiêu: {task.target}." if task.target else ""
        return f"{task.text}{target} ({letterhead.citation(task.document, about=False)})"


class ActivityForm(forms.ModelForm):
    evidence = forms.FileField(label="Tệp minh chứng (ảnh, PDF, Word, Excel, video; tối đa 50 MB)", required=False)

    class Meta:
        model = Activity
        fields = ["kind", "title", "held_on", "audience", "staff_count", "student_count", "parent_count", "link",
                  "description", "tasks"]
        widgets = {"held_on": DATE, "tasks": forms.CheckboxSelectMultiple}
        field_classes = {"tasks": TaskChoiceField}

    def __init__(self, *args, tasks=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["tasks"]
        if tasks is None:
            field.queryset = field.queryset.none()
        else:
            # The queryset validates the choice; the list keeps the order and the loaded documents.
            field.queryset = PlanTask.objects.filter(pk__in=[t.pk for t in tasks]).select_related("document__unit")
            field.choices = [(t.pk, field.label_from_instance(t)) for t in tasks]
        field.required = False


class IndicatorForm(forms.ModelForm):
    class Meta:
        model = Indicator
        fields = ["name", "formula", "target", "period", "is_percent"]
        help_texts = {"formula": "Ví dụ: share_units_with_activity(type=any, period=term)"}


class PeriodForm(forms.ModelForm):
    class Meta:
        model = ReportPeriod
        fields = ["name", "starts_on", "ends_on", "deadline"]
        widgets = {"starts_on": DATE, "ends_on": DATE, "deadline": DATE}


class NarrativeForm(forms.Form):
    results = forms.CharField(label="Kết quả đạt được", widget=forms.Textarea, required=False, max_length=20_000)
    limits = forms.CharField(label="Hạn chế", widget=forms.Textarea, required=False, max_length=20_000)
    causes = forms.CharField(label="Nguyên nhân", widget=forms.Textarea, required=False, max_length=20_000)
    proposals = forms.CharField(label="Đề xuất, kiến nghị", widget=forms.Textarea, required=False, max_length=20_000)


class IncidentForm(forms.ModelForm):
    class Meta:
        model = IncidentReport
        fields = ["title", "occurred_on", "description", "measures"]
        widgets = {"occurred_on": DATE}
