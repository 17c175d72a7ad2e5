from __future__ import annotations

import re
import unicodedata

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms
from django.contrib.auth import get_user_model

from mangxanh.accounts import throttle, twofactor
from mangxanh.accounts.backends import MAX_LOGIN_LENGTH
from mangxanh.core.text import is_broken, nfc


class LoginForm(auth_forms.AuthenticationForm):
    username = forms.CharField(
        label="Tên đăng nhập hoặc e-mail",
        max_length=MAX_LOGIN_LENGTH,
        widget=forms.TextInput(attrs={"autofocus": True, "autocomplete": "username", "autocapitalize": "none"}),
    )
    error_messages = {
        "invalid_login": "Tên đăng nhập/e-mail hoặc mật khẩu không đúng.",
        "inactive": "Tài khoản này đã bị khóa.",
    }

    def clean(self):
        # Spraying from one address, or many addresses on one account, is refused before the password is checked.
        refusal = throttle.login_refusal(self.request, self.cleaned_data.get("username") or "")
        if refusal:
            raise forms.ValidationError(refusal, code="throttled")
        return super().clean()


class PasswordResetForm(auth_forms.PasswordResetForm):
    email = forms.EmailField(label="E-mail", max_length=254, widget=forms.EmailInput(attrs={"autocomplete": "email"}))

    def get_users(self, email):
        users = super().get_users(email)
        if settings.PRODUCTION:
            # Demo accounts cannot log in on a real installation, so they get no reset link either.
            users = (u for u in users if not u.is_demo)
        # A few mails an hour per account, silently: the page must not tell whether the address exists.
        return (u for u in users if throttle.reset_allowed_for_account(u))


class TokenForm(forms.Form):
    """A 6-digit code from the authenticator app or, where allowed, an 8-character backup code."""

    token = forms.CharField(
        label="Mã xác thực",
        max_length=20,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "autofocus": True, "size": 10}
        ),
        error_messages={"required": "Vui lòng nhập mã xác thực.", "max_length": "Mã xác thực quá dài."},
    )

    def __init__(self, *args, allow_backup: bool = True, **kwargs):
        super().__init__(*args, **kwargs)
        self.allow_backup = allow_backup

    def clean_token(self) -> str:
        # People copy codes as "123 456" or "abcd-efgh"; phone keyboards may send full-width digits.
        token = unicodedata.normalize("NFKC", self.cleaned_data["token"])
        token = re.sub(r"[\s-]", "", token).lower()
        if twofactor.TOTP_RE.fullmatch(token):
            return token
        if self.allow_backup and twofactor.BACKUP_RE.fullmatch(token):
            return token
        if self.allow_backup:
            raise forms.ValidationError(
                "Hãy nhập mã 6 chữ số trong ứng dụng xác thực, hoặc một mã dự phòng 8 ký tự."
            )
        raise forms.ValidationError("Hãy nhập mã 6 chữ số trong ứng dụng xác thực.")


PHONE_RE = re.compile(r"\+?[0-9][0-9 .()-]{5,28}")


class ProfileForm(forms.ModelForm):
    class Meta:
        model = get_user_model()
        fields = ["full_name", "email", "phone", "email_notifications"]
        labels = {
            "full_name": "Họ và tên",
            "email": "E-mail",
            "phone": "Điện thoại",
            "email_notifications": "Nhận thông báo qua e-mail",
        }
        help_texts = {
            "email": "Dùng để đăng nhập, nhận thông báo và đặt lại mật khẩu.",
            "email_notifications": "Bỏ chọn nếu bạn chỉ muốn xem thông báo trên hệ thống.",
        }

    def clean_full_name(self) -> str:
        name = self.cleaned_data["full_name"]
        if is_broken(name):
            # What the browser sent was not valid UTF-8; storing U+FFFD would garble the name.
            raise forms.ValidationError("Họ và tên có ký tự bị lỗi mã hóa. Vui lòng nhập lại.")
        # Keyboards on some systems send decomposed diacritics (NFD); store one spelling.
        return nfc(name, collapse=True)

    def clean_email(self) -> str:
        email = self.cleaned_data["email"].strip().lower()
        if email:
            taken = get_user_model().objects.filter(email__iexact=email).exclude(pk=self.instance.pk)
            if taken.exists():
                raise forms.ValidationError("E-mail này đã được dùng cho một tài khoản khác.")
        return email

    def clean_phone(self) -> str:
        phone = " ".join(self.cleaned_data["phone"].split())
        if phone and not PHONE_RE.fullmatch(phone):
            raise forms.ValidationError("Số điện thoại chỉ gồm chữ số, dấu cách, dấu chấm, dấu gạch ngang và dấu + ở đầu.")
        return phone
