"""Misinformation (always review) and impersonation scripts."""

from mangxanh.engine import Engine

ENGINE = Engine(model_path=False)


def test_rumour_marker_reviews_never_blocks():
    r = ENGINE.scan("TIN NÓNG: nghe nói Bộ GD vừa bỏ thi tốt nghiệp, chia sẻ ngay kẻo muộn!!!")
    assert r.categories == ["misinformation"] and r.verdict == "review"


def test_authority_claim_with_source_is_not_a_marker():
    r = ENGINE.scan("Bộ GD vừa ban hành Thông tư số 29/2024/TT-BGDĐT về dạy thêm, học thêm.")
    assert "misinformation" not in r.categories


def test_impersonation_scripts():
    r = ENGINE.scan("Trang cũ bị hack, đây là trang chính thức mới của trường, kết bạn Zalo để nhận thông báo")
    assert "impersonation" in r.categories and r.verdict == "review"
    r = ENGINE.scan("nick fb cũ của cô bị hack rồi, các em kb nick mới này nha")
    assert "impersonation" in r.categories


def test_school_notice_is_clean():
    r = ENGINE.scan("Nhà trường thông báo lịch họp phụ huynh vào sáng Chủ nhật tại hội trường.")
    assert r.findings == []
