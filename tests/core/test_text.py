"""core.text is the one cleaner of user text: every app refuses the same broken input and stores one spelling."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError

from mangxanh.core.text import clean_text, is_broken, nfc, storable


@pytest.mark.parametrize("value", ["a\x00b", "h\ufffdng", "x\ud800y"])
def test_broken_encodings_are_refused_with_a_vietnamese_message(value):
    assert is_broken(value)
    with pytest.raises(ValidationError, match="Mô tả: có ký tự không hợp lệ"):
        clean_text(value, field_label="Mô tả", max_length=100)


def test_controls_are_broken_only_where_asked():
    assert not is_broken("a\x07b") and is_broken("a\x07b", controls=True)
    assert not is_broken("dòng 1\ndòng 2\tcột", controls=True)


def test_one_spelling_and_whitespace():
    decomposed = "Nguye\u0302\u0303n  Va\u0306n\tA"
    assert nfc(decomposed, collapse=True) == "Nguyễn Văn A"
    assert nfc("  Hà Nội \n") == "Hà Nội" and nfc(None) == ""
    assert clean_text(" Tie\u0302\u0301ng ", field_label="X", max_length=10) == "Tiếng"
    with pytest.raises(ValidationError, match="không được để trống"):
        clean_text("  ", field_label="X", max_length=10, required=True)
    with pytest.raises(ValidationError, match="tối đa 1.000 ký tự"):
        clean_text("a" * 1001, field_label="X", max_length=1000)


def test_storable_keeps_what_must_be_kept():
    assert storable("a\x00b\ud800c") == "a\ufffdb?c"
    assert storable("Đúng") == "Đúng"
