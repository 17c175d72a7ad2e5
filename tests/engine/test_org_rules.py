"""Organisation rules: custom categories, RE2 patterns (linear time), allow-lists."""

import pytest

from mangxanh.engine import Engine, PolicyError


def test_custom_category_keyword_unaccented():
    engine = Engine({"rules": {"keywords": [{"term": "trường Hoa Sen cũ", "category": "custom:ten-cu"}]},
                     "categories": {"custom:ten-cu": {"severity": "low", "review_at": 0.5}}}, model_path=False)
    r = engine.scan("Tuyen sinh truong hoa sen cu")
    assert r.categories == ["custom:ten-cu"]


def test_catastrophic_pattern_is_rejected_in_vietnamese():
    with pytest.raises(PolicyError, match="RE2"):
        Engine({"rules": {"patterns": [{"pattern": r"(a+)+\1", "category": "hate"}]}}, model_path=False)


def test_linear_time_pattern_runs_on_long_input():
    engine = Engine({"rules": {"patterns": [{"pattern": "(a+)+b", "category": "custom:x"}]}}, model_path=False)
    r = engine.scan("a" * 100_000)
    assert r.findings == []


def test_allow_list_clears_a_finding():
    engine = Engine({"rules": {"allow": ["Bắc Kỳ"]}}, model_path=False)
    assert engine.scan("bọn bắc kỳ").findings  # the phrase is longer than the allowed term
    assert not Engine({"rules": {"allow": ["bọn bắc kỳ"]}}, model_path=False).scan("bọn bắc kỳ").findings


def test_patterns_run_on_text_with_lone_surrogates():
    engine = Engine({"rules": {"patterns": [{"pattern": r"\d{3}-\d{4}", "category": "custom:so"}]}}, model_path=False)
    text = "gọi 123-4567 \ud800 nhé"
    r = engine.scan(text)
    assert [f.evidence for f in r.findings if f.category == "custom:so"] == ["123-4567"]
