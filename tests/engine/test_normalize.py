"""Normalisation: one key per spelling, and every key character maps back to the original text."""

import pytest

from mangxanh.engine.normalize import normalize


def keys(text):
    n = normalize(text)
    return n.key, n.fold


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Hoà", "hòa"),
        ("thuý", "thúy"),
        ("khoẻ", "khỏe"),
        ("quý", "quý"),
        ("đ.ị.t m.ẹ", "địt mẹ"),
        ("c-h-ó", "chó"),
        ("d1t m3", "dit me"),
        ("ch0", "cho"),
        ("nguuuuu", "ngu"),
        ("ngủuuu", "ngủ"),
        ("thg ngu ko", "thằng ngu không"),
        ("đ\u200bị\u200bt", "địt"),
        ("сhó", "chó"),  # Cyrillic "с"
        ("ＮＧＵ", "ngu"),
        ("e\u0301m", "ém"),  # decomposed input
        ("lớp 10A1", "lớp 10a1"),  # class names are not leetspeak
    ],
)
def test_key(text, key):
    assert normalize(text).key == key


def test_fold_removes_diacritics_character_for_character():
    key, fold = keys("Đường Nguyễn Huệ")
    assert fold == "duong nguyen hue"
    assert len(key) == len(fold)


def test_spaced_single_letters_are_joined():
    assert normalize("đ ụ m á").key == "đụmá"


@pytest.mark.parametrize("text", ["đ.ị.t m.ẹ mày", "ngủuuu đi", "thg ngu", "e\u0301 ho\u0300a", "x\u200by", "İstanbul"])
def test_every_key_character_maps_into_the_original(text):
    n = normalize(text)
    assert len(n.starts) == len(n.key) == len(n.ends)
    for i in range(len(n.key)):
        start, end = n.span(i, i + 1)
        assert 0 <= start < end <= len(text)


def test_lone_surrogates_do_not_break_it():
    n = normalize("a\ud800b")
    assert n.key == "a\ufffdb"
