import unicodedata

from django import forms

from mangxanh.scanning.models import QuickCheck


class QuickCheckForm(forms.Form):
    text = forms.CharField(
        label="Văn bản cần kiểm tra",
        max_length=QuickCheck.MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 10}),
        error_messages={
            "required": "Hãy dán văn bản cần kiểm tra.",
            "max_length": "Văn bản dài quá %(limit_value)d ký tự (hiện có %(show_value)d).",
        },
    )

    def clean_text(self) -> str:
        text = unicodedata.normalize("NFC", self.cleaned_data["text"])
        if not text.strip():
            raise forms.ValidationError("Hãy dán văn bản cần kiểm tra.")
        return text
