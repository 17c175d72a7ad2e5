"""Discussing a harm is not committing it: news, lessons, plans and warnings are allowed, and what
they name stays searchable as a "discussed" finding."""

import pytest

from mangxanh.engine import Engine

ENGINE = Engine(model_path=False)


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("Công an tỉnh vừa triệt phá đường dây đánh bạc qua mạng, bắt giữ 7 đối tượng.", "drugs_gambling"),
        ("Cơ quan điều tra đã khởi tố đối tượng dâm ô một học sinh lớp 5 tại huyện M.", "child_abuse"),
        ("Bắt tạm giam thanh niên nhắn tin dọa đặt bom trường học để được nghỉ.", "violence"),
        ("Tăng cường phối hợp xử lý các hành vi xâm hại trẻ em trên môi trường mạng.", "child_abuse"),
    ],
)
def test_news_and_plans_are_allowed_but_keep_what_they_discuss(text, category):
    r = ENGINE.scan(text)
    assert r.verdict == "allow" and r.categories == []
    assert category in {f.category for f in r.discussed}
    assert all(f.context == "discussed" for f in r.discussed)
    assert all(text[f.start : f.end] == f.evidence for f in r.discussed)
    assert r.to_dict()["discussed"]


def test_a_bare_fake_domain_quoted_in_a_tip_is_discussed_but_a_link_is_not():
    tip = "Cảnh giác: ngân hàng không bao giờ gửi đường link như vcb-xacminh.top để bắt bạn nhập mã OTP."
    assert ENGINE.scan(tip).verdict == "allow"
    linked = "Cảnh giác kẻ gian: vào ngay http://vcb-xacminh.top để nhận quà"
    assert ENGINE.scan(linked).verdict != "allow"


def test_a_parent_telling_they_were_scammed_is_not_cleared_by_warning_words():
    r = ENGINE.scan("Tôi vừa bị lừa mất 12 triệu, kẻ gian giả danh cô giáo, tôi đã trình báo công an.")
    assert "scam" in r.categories


def test_plain_results_keep_the_contract_shape():
    data = ENGINE.scan("Hôm nay lớp mình đi tham quan bảo tàng").to_dict()
    assert set(data) == {"id", "verdict", "categories", "findings"}
