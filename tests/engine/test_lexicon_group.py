"""The built-in phrase lists are searched in one pass; every list still gets exactly its own hits."""

import copy

import pytest

from mangxanh.engine import Engine, _join_default_matchers
from mangxanh.engine.normalize import normalize

TEXTS = [
    "Thằng kia ngu như bò, đm, đừng cho ai biết nhé",
    "phòng chống ma túy trong trường học, gọi 111 nếu cần giúp",
    "con bị tai nạn, chuyển tiền gấp vào stk này, gửi mã OTP cho mình",
    "nghe nói trang cũ bị hack, kết bạn zalo để nhận thông báo",
    "em Lan bị trầm cảm, nhà thuộc hộ nghèo",
    "dit me may, d.ị.t m.ẹ, ĐỊT MẸ",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_group_hits_equal_separate_hits(text):
    Engine(model_path=False)
    group = _join_default_matchers()
    norm = normalize(text)
    for matcher in group.matchers:
        alone = copy.copy(matcher)
        alone.group, alone._ac = None, None
        assert matcher.find(norm) == alone.find(normalize(text))


def test_hits_are_searched_once_per_text():
    Engine(model_path=False)
    group = _join_default_matchers()
    norm = normalize("mày ngu quá")
    first = group.matchers[0].find(norm)
    memo = norm.memo
    assert memo[0] is group
    assert group.matchers[0].find(norm) is first
    assert norm.memo is memo


def test_many_hits_in_a_long_text_keep_innermost_evidence():
    text = "đồ ngu như bò. " * 3000
    result = Engine(model_path=False).scan(text)
    assert result.findings
    assert all(text[f.start : f.end] == f.evidence for f in result.findings)
