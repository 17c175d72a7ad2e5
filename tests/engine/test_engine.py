"""The public API: verdicts, merged findings, context rules, redact, bad input, no Django."""

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from mangxanh.engine import Engine, redact, scan

ENGINE = Engine(model_path=False)


def test_engine_does_not_import_django():
    code = "import sys, mangxanh.engine as e; e.scan('mày ngu'); assert 'django' not in sys.modules, sorted(sys.modules)"
    subprocess.run([sys.executable, "-c", code], check=True)


def test_result_contract():
    r = ENGINE.scan("Số CCCD của em là 036211004567", id="p1")
    d = r.to_dict()
    assert d["id"] == "p1" and d["verdict"] == "review" and d["categories"] == ["personal_data"]
    f = d["findings"][0]
    assert (f["rule"], f["start"], f["end"], f["evidence"], f["suggestion"]) == ("pii.cccd", 18, 30, "036211004567", "0362******67")


@pytest.mark.parametrize(
    "text",
    [
        "Tuyên truyền phòng chống ma túy cho học sinh khối 9",
        "Tuyên truyền phòng chống bạo lực học đường",
        "Gọi 111 nếu em có ý định làm hại bản thân",
        "Cảnh giác với lừa đảo: kẻ gian báo con bị tai nạn đang cấp cứu và đòi chuyển tiền gấp",
        "Các em không chia sẻ ảnh nhạy cảm lên mạng",
        "Tuần sau kiểm tra giữa kỳ môn Toán",
    ],
)
def test_school_texts_about_harm_are_allowed(text):
    assert ENGINE.scan(text).verdict == "allow"


def test_scripts_and_threats():
    assert ENGINE.scan("Em là cô giáo chủ nhiệm, con bị ngã đang cấp cứu, chị chuyển tiền gấp cho cô").verdict == "block"
    assert ENGINE.scan("tao sẽ giết mày").verdict == "block"
    assert ENGINE.scan("Nghe nói Bộ GD vừa bỏ thi, chia sẻ ngay kẻo muộn").verdict == "review"


def test_overlapping_findings_are_merged():
    r = ENGINE.scan("Mày ngu vãi")
    assert [(f.category, f.evidence) for f in r.findings] == [("harassment", "Mày ngu vãi")]


def test_findings_sorted_and_categories_sorted():
    r = ENGINE.scan("mày ngu, sđt 0912345678, bán cỏ mỹ")
    assert [f.start for f in r.findings] == sorted(f.start for f in r.findings)
    assert r.categories == sorted({f.category for f in r.findings})


def test_redact():
    text = "Liên hệ 0362 123 456 hoặc CCCD 036211004567"
    assert redact(text) == "Liên hệ 036*****56 hoặc CCCD 0362******67"
    assert redact("không có gì") == "không có gì"


def test_scan_many_matches_scan():
    texts = ["mày ngu", "xin chào", "0912345678"]
    many = ENGINE.scan_many([(str(i), t) for i, t in enumerate(texts)])
    assert [r.to_dict()["findings"] for r in many] == [ENGINE.scan(t).to_dict()["findings"] for t in texts]
    assert [r.id for r in many] == ["0", "1", "2"]


@pytest.mark.parametrize("bad", [None, 5, b"bytes", ["a"]])
def test_non_text_gets_a_vietnamese_error(bad):
    with pytest.raises(TypeError, match="chuỗi ký tự"):
        ENGINE.scan(bad)


def test_module_level_scan():
    assert scan("mày ngu").verdict == "review"


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(blacklist_categories=("Cs",)), max_size=300))
def test_any_text_scans_and_offsets_match(text):
    r = ENGINE.scan(text)
    for f in r.findings:
        assert text[f.start : f.end] == f.evidence


@settings(max_examples=100, deadline=None)
@given(st.lists(st.sampled_from(["đ.ị.t", "m.ẹ", "ngu", "0912 345 678", " ", "\u200b", "e\u0301", "thg", "ko", "bit.ly/x", "CCCD 036211004567", "!", "Ｎ"]), max_size=30))
def test_obfuscated_mixtures_keep_offsets(parts):
    text = "".join(parts)
    for f in ENGINE.scan(text).findings:
        assert text[f.start : f.end] == f.evidence


def test_one_megabyte_input():
    text = ("Mày ngu vãi, gọi 0912345678 hoặc vào bit.ly/abc. Hôm nay trời đẹp. 😀 \u200b ") * 14200
    assert len(text) > 1_000_000
    r = ENGINE.scan(text)
    assert r.verdict == "review"
    assert all(text[f.start : f.end] == f.evidence for f in r.findings)
