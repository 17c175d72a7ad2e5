"""The statistical model only says "this reads as toxic": it gives way to specific findings, takes
the category its target implies, and scores a long text window by window."""

import pytest

from mangxanh.engine import Engine
from mangxanh.engine.detectors.model import WINDOW, windows
from mangxanh.engine.normalize import normalize

ENGINE = Engine()
HAS_MODEL = any(d.name == "model" for d in ENGINE.detectors)
needs_model = pytest.mark.skipif(not HAS_MODEL, reason="no classifier shipped in this checkout")


def test_windows_cover_the_text_in_order():
    text = "Câu thứ nhất khá dài để thử. " * 30
    spans = windows(text)
    assert spans[0][0] == 0 and spans[-1][1] == len(text)
    assert all(a == b for (_, a), (b, _) in zip(spans, spans[1:], strict=False))
    assert all(b - a <= WINDOW for a, b in spans)
    assert windows("ngắn") == [(0, 4)]


@needs_model
def test_the_model_gives_way_to_a_specific_finding():
    r = ENGINE.scan("Bọn dân tộc trên đó toàn lũ mọi rợ, dạy chữ làm gì")
    assert r.categories == ["hate"]
    assert not any(f.rule.startswith("model.") for f in r.findings)


@needs_model
def test_a_long_ordinary_text_is_not_flagged_for_its_length():
    paragraph = (
        "Theo thuyết tương đối, không có vật gì chuyển động nhanh hơn ánh sáng trong chân không. "
        "Vì vậy các chuyến du hành tới những ngôi sao gần nhất vẫn là giấc mơ rất xa với con người hôm nay. "
    )
    r = ENGINE.scan(paragraph * 8)
    assert r.verdict == "allow", [(f.rule, f.score) for f in r.findings]


@needs_model
def test_a_model_finding_cites_the_window_that_drove_it():
    text = "Hôm nay lớp mình đi tham quan bảo tàng lịch sử, ai cũng vui. " * 4 + "thằng Hùng 7A ngu như chó, cút mẹ mày đi"
    detector = next(d for d in ENGINE.detectors if d.name == "model")
    findings = detector.detect_many([normalize(text)])[0]
    assert findings
    f = findings[0]
    assert "Hùng" in f.evidence and len(f.evidence) < len(text)
    assert text[f.start : f.end] == f.evidence
