"""Normalisation caches pieces of text between spaces: cold and warm cache give the same keys."""

from hypothesis import given, settings
from hypothesis import strategies as st

from mangxanh.engine import normalize as normalize_module
from mangxanh.engine.normalize import normalize

PIECES = ["thg", "ngu", "nguuuu", "ko", "đ.ị.t", "d1t", "m3", "hoà", "quý", "c", "ở", "đ", "ụ", "m", "á", "\t", "\u200b",
          "e\u0301", "Ｎ", "сhó", "10a1", "0912", "bit.ly/x", "İ", "", "ﬁ", "vl"]


def _snapshot(text):
    n = normalize(text)
    return n.key, n.fold, list(n.starts), list(n.ends), n.accented


@settings(max_examples=300, deadline=None)
@given(st.lists(st.sampled_from(PIECES), max_size=12), st.sampled_from([" ", "  ", " \t", "\n"]))
def test_cold_and_warm_cache_agree(parts, sep):
    text = sep.join(parts)
    normalize_module._PIECES.clear()
    cold = _snapshot(text)
    warm = _snapshot(text)
    assert cold == warm
    key, _, starts, ends, _ = cold
    assert len(key) == len(starts) == len(ends)
    assert all(0 <= a < b <= len(text) for a, b in zip(starts, ends, strict=True))


def test_a_full_cache_is_emptied_not_grown(monkeypatch):
    monkeypatch.setattr(normalize_module, "_PIECES_MAX", 10)
    normalize_module._PIECES.clear()
    normalize(" ".join(f"từ{i}" for i in range(50)))
    assert len(normalize_module._PIECES) <= 10


def test_long_pieces_are_not_cached():
    normalize_module._PIECES.clear()
    word = "a" + "b" * 500
    assert normalize(word).key == "ab"
    assert word not in normalize_module._PIECES


def test_lookalike_found_after_lower_casing():
    # U+2C6D (capital alpha) lower-cases to U+0251, a look-alike of "a".
    assert normalize("\u2c6dnh").key == "anh"
