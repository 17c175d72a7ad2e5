"""Lexicon rules: accented and unaccented forms, word boundaries, obfuscation, safe phrases."""

import pytest

from mangxanh.engine.detectors.lexicon import LexiconDetector
from mangxanh.engine.normalize import normalize

DETECTOR = LexiconDetector()


def cats(text):
    return {f.category for f in DETECTOR.detect(normalize(text))}


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Mày ngu vãi", "harassment"),
        ("may ngu vai", "harassment"),
        ("thg ngu", "harassment"),
        ("đ.ị.t m.ẹ", "offensive"),
        ("d1t m3", "offensive"),
        ("dm", "offensive"),
        ("vcl", "offensive"),
        ("đ ụ m á", "offensive"),
        ("tao giết mày", "violence"),
        ("tao giet may", "violence"),
        ("bán cỏ mỹ", "drugs_gambling"),
        ("bọn bắc kỳ", "hate"),
        ("em muốn tự tử", "self_harm"),
        ("clip nóng nữ sinh", "child_abuse"),
        ("phim sex", "sexual"),
    ],
)
def test_finds(text, category):
    assert category in cats(text)


@pytest.mark.parametrize(
    "text",
    ["Người Nguyễn", "đi ngủ sớm nhé", "con đi học", "Hạt óc chó rất bổ", "đeo khẩu trang", "buổi học", "các bạn"],
)
def test_word_boundaries_and_accents_keep_clean_words_clean(text):
    assert cats(text) <= {"harassment"} and not [f for f in DETECTOR.detect(normalize(text)) if f.score >= 0.5]


def test_evidence_is_the_original_slice():
    text = "Ê, Đ.Ị.T M.Ẹ mày"
    for f in DETECTOR.detect(normalize(text)):
        assert text[f.start : f.end] == f.evidence
