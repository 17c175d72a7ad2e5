"""Cleaning what people type, the one place: NFC spelling, broken-encoding checks, whitespace.

Every app that stores user text (intake, review drafts, accounts, org importing, quick check) uses these,
so a decomposed diacritic, a NUL or a lone surrogate is handled the same way everywhere.
"""

from __future__ import annotations

import re
import unicodedata

from django.core.exceptions import ValidationError

# C0 controls other than tab, newline and carriage return, and DEL: never part of a name or a cell.
CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
BROKEN_MESSAGE = "{label}: có ký tự không hợp lệ (lỗi mã hóa Unicode)."


def is_broken(value: str, *, controls: bool = False) -> bool:
    """Whether the text shows a wrong encoding: NUL, U+FFFD (what undecodable bytes become) or a lone
    surrogate (no database can store one); with controls, any other control character too."""
    if "\x00" in value or "\ufffd" in value or any("\ud800" <= ch <= "\udfff" for ch in value):
        return True
    return controls and CONTROL_RE.search(value) is not None


def nfc(value: str | None, *, collapse: bool = False) -> str:
    """One spelling (keyboards on some systems send decomposed diacritics), stripped; with collapse,
    every run of whitespace becomes one space."""
    value = unicodedata.normalize("NFC", value or "")
    return " ".join(value.split()) if collapse else value.strip()


def clean_text(value: str | None, *, field_label: str, max_length: int, required: bool = False) -> str:
    """NFC text without NUL/U+FFFD/lone surrogates, within max_length; a Vietnamese ValidationError otherwise."""
    value = value or ""
    if is_broken(value):
        raise ValidationError(BROKEN_MESSAGE.format(label=field_label))
    value = nfc(value)
    if required and not value:
        raise ValidationError(f"{field_label}: không được để trống.")
    if len(value) > max_length:
        raise ValidationError(f"{field_label}: quá dài (tối đa {max_length:,} ký tự).".replace(",", "."))
    return value


def storable(value: str) -> str:
    """Text every database stores and reads back unchanged, for what must be kept rather than refused
    (the audit log): NUL becomes U+FFFD, a lone surrogate «?»."""
    return value.replace("\x00", "\ufffd").encode("utf-8", "replace").decode("utf-8")
