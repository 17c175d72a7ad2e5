"""A child or parent telling of harm done to them is flagged in the harm's category and marked
as a disclosure, so that intake sends it to child protection first."""

import pytest

from mangxanh.engine import Engine

ENGINE = Engine(model_path=False)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("cô ơi e bị tụi lớp bên chặn đánh ở nhà xe, lấy hết tiền ăn sáng, e ko dám nói vs ai", "violence"),
        ("Con tôi học lớp 3 bị người lạ dụ gửi ảnh không mặc áo rồi dọa tung lên mạng, tôi phải làm sao?", "child_abuse"),
        ("em thấy mình là gánh nặng của bố mẹ, có mấy vết cắt trên tay rồi, giúp em với", "self_harm"),
    ],
)
def test_disclosures_are_flagged_and_marked(text, category):
    r = ENGINE.scan(text)
    assert category in r.categories and r.verdict != "allow"
    assert r.disclosure
    assert any(f.category == category and f.context == "disclosure" for f in r.findings)
    assert any(f.get("context") == "disclosure" for f in r.to_dict()["findings"])


def test_abuse_itself_is_not_a_disclosure():
    r = ENGINE.scan("Tối nay em vào phòng đóng cửa gọi video cho anh, nhớ giữ bí mật với bố mẹ nhé, bé học lớp mấy rồi?")
    assert "child_abuse" in r.categories
    assert not r.disclosure
