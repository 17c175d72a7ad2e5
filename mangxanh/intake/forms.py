from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError

from mangxanh.core.text import clean_text
from mangxanh.intake import categories as cats
from mangxanh.intake import services
from mangxanh.intake.models import Agency, AgencyKind, ClosureReason, SupportKind
from mangxanh.org.models import Unit

MAX_FILES = 5
MAX_FILE_BYTES = 10 * 1024 * 1024


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    widget = MultipleFileInput

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else ([data] if data else [])
        if len(items) > MAX_FILES:
            raise ValidationError(f"Tối đa {MAX_FILES} tệp cho một phản ánh.")
        return [super(MultipleFileField, self).clean(item, initial) for item in items]


YES_NO = [("no", "Không / không rõ"), ("yes", "Có")]
ANON = [("yes", "Tôi muốn ẩn danh (không để lại thông tin liên hệ)"), ("no", "Tôi để lại cách liên hệ")]
ANON_CONFLICT = (
    "Bạn đã chọn ẩn danh nhưng lại nhập thông tin liên hệ hoặc đánh dấu đồng ý được liên hệ. "
    "Nếu muốn cán bộ liên hệ lại, hãy chọn «Tôi để lại cách liên hệ». Nếu muốn ẩn danh, hãy xóa tên, "
    "số điện thoại/thư điện tử và bỏ đánh dấu ô đồng ý."
)


class PublicForm(forms.Form):
    """A form of the public pages, following the public-service error pattern (see _error_summary.html)."""

    # Where the error summary's link for a field goes when it is not the field's own input.
    ANCHORS: dict[str, str] = {}
    # Fields shown with a hint paragraph `id_<name>_hint` in the template.
    HINTED: tuple[str, ...] = ()
    # Grouped controls carry hints and errors on their fieldset instead.
    GROUPED = (forms.RadioSelect, forms.CheckboxSelectMultiple, forms.CheckboxInput, forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Hints and errors are read out with the field (aria-describedby), not only shown near it.
        for name, field in self.fields.items():
            if isinstance(field.widget, self.GROUPED):
                continue
            ids = [f"id_{name}_hint"] if name in self.HINTED else []
            if self.is_bound and name in self.errors:
                ids.append(f"id_{name}_error")
                field.widget.attrs["aria-invalid"] = "true"
            if ids:
                field.widget.attrs["aria-describedby"] = " ".join(ids)

    def full_clean(self):
        super().full_clean()
        # Every message names its field by the label the reporter sees, in the summary as at the field.
        for name in [n for n in (self._errors or {}) if n in self.fields]:
            label = str(self.fields[name].label)
            self._errors[name] = self.error_class(
                [m if label.lower() in m.lower() else f"«{label}»: {m}" for m in self._errors[name]],
                renderer=self.renderer)

    def error_links(self) -> list[tuple[str, str]]:
        """(anchor, message) for the error summary at the top, in the order of the form."""
        links = [("", str(message)) for message in self.non_field_errors()]
        for name in self.fields:
            for message in self.errors.get(name, []):
                links.append((self.ANCHORS.get(name, f"id_{name}"), str(message)))
        return links


class ReportForm(PublicForm):
    # Labels and hints are written so that a child can follow them as well as a frightened parent.
    description = forms.CharField(
        label="Kể lại ngắn gọn", widget=forms.Textarea(attrs={"rows": 5}), required=False,
        help_text="Viết bằng lời của bạn: ai, trên mạng nào, họ đã nói hay làm gì. Viết ngắn cũng được. "
                  "Đừng gửi lại ảnh nhạy cảm của trẻ em, chỉ cần kể và dán đường link.",
    )
    categories = forms.MultipleChoiceField(
        label="Đó là chuyện gì?", choices=cats.SHORT_CHOICES, widget=forms.CheckboxSelectMultiple, required=False,
        help_text="Chọn một hoặc nhiều mục. Không chắc thì bỏ qua: cán bộ sẽ phân loại giúp bạn.",
    )
    links = forms.CharField(
        label="Đường link (nếu có)", widget=forms.Textarea(attrs={"rows": 3, "inputmode": "url"}), required=False,
        help_text="Mỗi dòng một đường link tới bài đăng, tin nhắn hoặc trang đó.",
    )
    reported_account = forms.CharField(label="Tài khoản đăng nội dung (nếu biết)", required=False, max_length=300,
                                       help_text="Tên hoặc đường link của tài khoản, ví dụ @ten.tai.khoan.")
    files = MultipleFileField(label="Ảnh chụp màn hình hoặc tệp", required=False,
                              help_text=f"Không bắt buộc. Tối đa {MAX_FILES} tệp, mỗi tệp tối đa 10 MB "
                                        "(ảnh, PDF, video).")
    incident_at = forms.DateTimeField(
        label="Xảy ra khi nào? (nếu nhớ)", required=False, help_text="Không nhớ chính xác thì bỏ qua.",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%d/%m/%Y %H:%M", "%d/%m/%Y"],
    )
    in_danger = forms.BooleanField(label="Có người đang gặp nguy hiểm ngay lúc này", required=False)
    affects_child = forms.ChoiceField(label="Người bị ảnh hưởng có phải trẻ em, học sinh không?", choices=YES_NO,
                                      widget=forms.RadioSelect, initial="no")
    unit = forms.ModelChoiceField(
        label="Trường hoặc đơn vị liên quan (nếu biết)", queryset=Unit.objects.filter(is_active=True),
        required=False, widget=forms.HiddenInput,
        error_messages={"invalid_choice": "Đơn vị đã chọn không tồn tại; hãy tìm và chọn lại."},
    )
    anonymous = forms.ChoiceField(label="Thông tin của bạn", choices=ANON, widget=forms.RadioSelect, initial="yes")
    contact_name = forms.CharField(label="Tên của bạn", required=False, max_length=200)
    contact = forms.CharField(label="Số điện thoại hoặc thư điện tử", required=False, max_length=200)
    may_contact = forms.BooleanField(label="Tôi đồng ý để cán bộ liên hệ lại", required=False)
    # Honeypot: hidden from people by CSS; bots fill every field.
    website = forms.CharField(label="Để trống ô này", required=False)

    # Where the error summary's link for each field goes (the first control a person can reach).
    ANCHORS = {"categories": "id_categories_0", "affects_child": "id_affects_child_0",
               "anonymous": "id_anonymous_0", "unit": "unit-q", "in_danger": "id_in_danger"}
    HINTED = ("description", "links", "reported_account", "files", "incident_at")

    def category_items(self) -> list[dict]:
        """The category picker: short name, a hint in everyday words, and whether it is ticked."""
        chosen = set(self["categories"].value() or [])
        return [{"code": code, "name": name, "hint": hint, "checked": code in chosen, "index": i}
                for i, (code, (name, hint)) in enumerate(cats.CATEGORIES.items())]

    def chosen_unit(self) -> Unit | None:
        """The school picked before an error or a search, so its name is shown again, not silently kept."""
        if self.is_bound and "unit" in self.errors:
            return None
        pk = str(self["unit"].value() or "")
        return Unit.objects.filter(is_active=True, pk=pk).first() if pk.isdigit() else None

    @classmethod
    def carried_over(cls, data) -> ReportForm:
        """An unbound form showing what was typed, for a round trip that is not a submission (no errors)."""
        initial = {name: data.getlist(name) if name == "categories" else data.get(name)
                   for name in cls.base_fields if name in data and name != "files"}
        return cls(initial=initial)

    def _text(self, name: str, max_length: int, required: bool = False) -> str:
        # Messages name the field by its own label, as the reporter sees it.
        return clean_text(self.cleaned_data.get(name), field_label=f"«{self.fields[name].label}»",
                                   max_length=max_length, required=required)

    def clean_categories(self):
        chosen = self.cleaned_data.get("categories")
        return services.clean_categories(chosen) if chosen else [cats.UNKNOWN]

    def clean_description(self):
        return self._text("description", services.MAX_DESCRIPTION, required=True)

    def clean_links(self):
        return services.clean_links(self.cleaned_data.get("links"))

    def clean_reported_account(self):
        return self._text("reported_account", 300)

    def clean_contact_name(self):
        return self._text("contact_name", 200)

    def clean_contact(self):
        return self._text("contact", 200)

    def clean(self):
        data = super().clean()
        if data.get("anonymous") == "no" and not data.get("contact"):
            self.add_error("contact", "Hãy để lại số điện thoại hoặc thư điện tử, hoặc chọn ẩn danh.")
        elif data.get("anonymous") == "yes" and (
            data.get("contact") or data.get("contact_name") or data.get("may_contact")
        ):
            # Never keep a silent choice for them: an anonymous report would throw the contact away.
            self.add_error("anonymous", ANON_CONFLICT)
        return data

    def to_input(self, files: list) -> services.ReportInput:
        d = self.cleaned_data
        anonymous = d["anonymous"] != "no"
        return services.ReportInput(
            categories=d["categories"], description=d["description"], links=d["links"], files=files,
            reported_account=d.get("reported_account", ""), incident_at=d.get("incident_at"),
            in_danger=d.get("in_danger", False), affects_child=d.get("affects_child") == "yes", unit=d.get("unit"),
            anonymous=anonymous,
            # Contact fields count only when the reporter chose to leave contact details.
            contact_name="" if anonymous else d.get("contact_name", ""),
            contact="" if anonymous else d.get("contact", ""),
            may_contact=False if anonymous else d.get("may_contact", False),
        )


class LookupForm(PublicForm):
    code = forms.CharField(label="Mã phản ánh", max_length=20,
                           error_messages={"required": "Hãy nhập «Mã phản ánh», ví dụ PA-…"})
    pin = forms.CharField(label="Mã PIN", max_length=10, widget=forms.PasswordInput(attrs={"inputmode": "numeric"}),
                          error_messages={"required": "Hãy nhập «Mã PIN» (6 chữ số)."})

    def clean_code(self):
        return clean_text(self.cleaned_data["code"], field_label="Mã phản ánh", max_length=20).upper()


class AddInfoForm(PublicForm):
    text = forms.CharField(label="Bổ sung thông tin", widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Hãy nhập «Bổ sung thông tin»."})

    def clean_text(self):
        return clean_text(self.cleaned_data["text"], field_label="Nội dung", max_length=5000, required=True)


class StateForm(forms.Form):
    state = forms.CharField()
    reason = forms.ChoiceField(label="Lý do đóng", choices=[("", "—"), *ClosureReason.choices], required=False)
    note = forms.CharField(label="Ghi chú", required=False, max_length=300)


class NoteForm(forms.Form):
    text = forms.CharField(label="Ghi chú nội bộ", widget=forms.Textarea(attrs={"rows": 3}))

    def clean_text(self):
        return clean_text(self.cleaned_data["text"], field_label="Ghi chú", max_length=5000, required=True)


class MessageForm(AddInfoForm):
    text = forms.CharField(label="Tin nhắn cho người báo", widget=forms.Textarea(attrs={"rows": 4}),
                           error_messages={"required": "Hãy nhập «Tin nhắn cho người báo»."})


class TaskForm(forms.Form):
    title = forms.CharField(label="Việc cần làm", max_length=300)
    due_at = forms.DateTimeField(label="Hạn", required=False,
                                 widget=forms.DateTimeInput(attrs={"type": "datetime-local"}),
                                 input_formats=["%Y-%m-%dT%H:%M"])


class ReferralForm(forms.Form):
    agency = forms.ModelChoiceField(label="Chuyển cho", queryset=Agency.objects.filter(is_active=True).exclude(
        kind=AgencyKind.PLATFORM))
    their_reference = forms.CharField(label="Số tiếp nhận của cơ quan (nếu có)", required=False, max_length=100)
    note = forms.CharField(label="Ghi chú", required=False, max_length=500)
    with_package = forms.BooleanField(label="Kèm gói chứng cứ mới nhất", required=False, initial=True)


class TakedownForm(forms.Form):
    agency = forms.ModelChoiceField(label="Nền tảng", queryset=Agency.objects.filter(
        is_active=True, kind=AgencyKind.PLATFORM))
    url = forms.URLField(label="Đường link cần gỡ", max_length=2000, assume_scheme="https")


class VictimForm(forms.Form):
    victim_name = forms.CharField(label="Họ tên nạn nhân", required=False, max_length=200)
    victim_class = forms.CharField(label="Lớp", required=False, max_length=50)
    guardian_contact = forms.CharField(label="Liên hệ cha mẹ/người giám hộ", required=False, max_length=300)
    notes = forms.CharField(label="Ghi chú", required=False, widget=forms.Textarea(attrs={"rows": 3}))
    outcome = forms.CharField(label="Kết quả hỗ trợ", required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SupportActionForm(forms.Form):
    kind = forms.ChoiceField(label="Hình thức", choices=SupportKind.choices)
    note = forms.CharField(label="Nội dung", required=False, max_length=500)
    follow_up_on = forms.DateField(label="Hẹn theo dõi", required=False, widget=forms.DateInput(attrs={"type": "date"}))
