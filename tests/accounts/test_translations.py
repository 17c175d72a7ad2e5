"""Vietnamese everywhere: the project catalogue compiles, is complete, and covers third-party strings."""

import ast
import pathlib
import re
import unicodedata

import axes
import django
import django_otp
import polib
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.utils import translation
from django.utils.translation import trans_real

PO = pathlib.Path(settings.BASE_DIR) / "locale" / "vi" / "LC_MESSAGES" / "django.po"
PLACEHOLDER = re.compile(r"%\(\w+\)[sd]|%[sd]|\{\w*\}")


def test_settings_are_vietnamese():
    assert settings.LANGUAGE_CODE == "vi"
    assert settings.TIME_ZONE == "Asia/Ho_Chi_Minh"
    assert settings.USE_TZ


def test_catalogue_is_complete_nfc_and_keeps_placeholders():
    po = polib.pofile(str(PO))
    assert po.percent_translated() == 100
    for entry in po:
        translations = [entry.msgstr] if not entry.msgid_plural else list(entry.msgstr_plural.values())
        for text in translations:
            assert text, entry.msgid
            assert unicodedata.is_normalized("NFC", text), entry.msgid
            assert sorted(PLACEHOLDER.findall(text)) == sorted(PLACEHOLDER.findall(entry.msgid)), entry.msgid


def test_compiletranslations_writes_the_mo(tmp_path, settings):
    locale = tmp_path / "vi" / "LC_MESSAGES"
    locale.mkdir(parents=True)
    (locale / "django.po").write_bytes(PO.read_bytes())
    settings.LOCALE_PATHS = [tmp_path]
    call_command("compiletranslations")
    mo = polib.mofile(str(locale / "django.mo"))
    assert len(mo) == len(polib.pofile(str(PO)))


def _gettext_calls(paths):
    names = {"_", "gettext", "gettext_lazy", "ngettext", "ngettext_lazy"}
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and node.args:
                name = getattr(node.func, "id", None) or getattr(node.func, "attr", None)
                arg = node.args[0]
                if name in names and isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                    yield path.name, arg.value


def test_every_log_in_related_third_party_string_has_vietnamese():
    django_dir = pathlib.Path(django.__file__).parent
    sources = [
        django_dir / "contrib/auth/forms.py",
        django_dir / "contrib/auth/password_validation.py",
        django_dir / "contrib/auth/validators.py",
        django_dir / "core/validators.py",
        django_dir / "forms/fields.py",
        django_dir / "forms/forms.py",
        *pathlib.Path(axes.__file__).parent.glob("*.py"),
        pathlib.Path(django_otp.__file__).parent / "forms.py",
    ]
    catalog = trans_real.translation("vi")._catalog
    known = {key[0] if isinstance(key, tuple) else key for cat in catalog._catalogs for key in cat}
    missing = sorted({call for call in _gettext_calls(sources) if call[1] not in known})
    assert missing == []


def test_password_validator_messages_are_vietnamese():
    with translation.override("vi"):
        try:
            validate_password("1234567")
        except ValidationError as exc:
            messages = exc.messages
    assert "Mật khẩu quá ngắn: cần ít nhất 10 ký tự." in messages
    assert "Mật khẩu này hoàn toàn là số." in messages
    assert "Mật khẩu này quá phổ biến." in messages


def test_axes_and_otp_messages_are_vietnamese():
    from axes.helpers import get_lockout_message
    from django_otp.forms import OTPAuthenticationFormMixin

    with translation.override("vi"):
        assert get_lockout_message().startswith("Tài khoản tạm bị khóa")
        message = str(OTPAuthenticationFormMixin.otp_error_messages["invalid_token"])
        assert message == "Mã xác thực không đúng. Hãy kiểm tra và nhập lại."
