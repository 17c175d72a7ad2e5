"""Grooming and sextortion told in a reporter's own words: combinations of signals, not one word."""

import pytest

from mangxanh.engine import Engine

ENGINE = Engine(model_path=False)


@pytest.mark.parametrize(
    "text",
    [
        "Một tài khoản lạ nhắn tin làm quen với em gái tôi học lớp 7, hứa tặng thẻ game nếu em gửi ảnh "
        "riêng tư và dặn không được kể với bố mẹ.",
        "Có người đòi con tôi gửi ảnh khỏa thân, giờ nó dọa tung ảnh lên mạng nếu không chuyển tiền.",
        "co nguoi la doi con gai toi 13 tuoi gui anh nhay cam qua zalo",
        "Người này bắt cháu tôi cởi đồ khi gọi video và dặn không được nói với ai.",
        "Ông ta bảo con tôi chụp hình không mặc gì gửi qua Messenger.",
        # words of warnings inside a report must not clear it
        "Tôi muốn tố giác: một tài khoản đòi em gái tôi gửi ảnh nhạy cảm, nhờ nhà trường xác minh.",
    ],
)
def test_reports_of_grooming_are_blocked(text):
    r = ENGINE.scan(text)
    assert "child_abuse" in r.categories and r.verdict == "block"
    script = next(f for f in r.findings if f.rule.startswith("grooming.script."))
    assert text[script.start : script.end] == script.evidence and script.severity == "critical"


@pytest.mark.parametrize(
    "text",
    [
        "Phụ huynh cảnh giác: không để con gửi ảnh riêng tư cho người lạ; nếu có ai dặn con giữ bí mật với "
        "bố mẹ, hãy báo cho giáo viên chủ nhiệm.",
        "Nhà trường nhắc học sinh không gửi ảnh riêng tư cho bất kỳ ai trên mạng.",
        "Các em học sinh giữ bí mật về món quà tặng cô nhân ngày 20/11, sáng thứ hai cả lớp cùng tặng quà.",
        "Chúc mừng em học sinh lớp 7A đạt giải, cảm ơn phụ huynh đã tặng quà cho lớp.",
        "Tuyên truyền phòng chống xâm hại: kẻ xấu dụ trẻ gửi ảnh nhạy cảm rồi dọa phát tán ảnh.",
        "Cảnh giác: kẻ gian dụ học sinh gửi ảnh nóng rồi tống tiền.",
        "Khuyến cáo phụ huynh: kẻ xấu thường dặn trẻ đừng kể với bố mẹ.",
    ],
)
def test_warnings_and_school_news_stay_clean(text):
    r = ENGINE.scan(text)
    assert "child_abuse" not in r.categories and r.verdict == "allow"


def test_one_signal_alone_is_not_a_script():
    r = ENGINE.scan("Bạn ấy gửi ảnh nhạy cảm lên nhóm.")
    assert not [f for f in r.findings if f.rule.startswith("grooming.script.")]
    assert r.verdict != "block"


def test_secrecy_and_gifts_alone_give_no_finding():
    assert not ENGINE.scan("Giấu bố mẹ mua quà sinh nhật, tặng quà bất ngờ").findings
