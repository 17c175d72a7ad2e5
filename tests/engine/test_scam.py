"""Scam scripts are weighted signals: one word never decides, a whole script does."""

import pytest

from mangxanh.engine import Engine

ENGINE = Engine(model_path=False)


@pytest.mark.parametrize(
    "text",
    [
        "Em là cô giáo chủ nhiệm, con bị tai nạn đang cấp cứu, chị chuyển tiền gấp vào tài khoản bác sĩ",
        "con bi tai nan dang cap cuu, chuyen tien gap cho co",
        "Phụ huynh đóng học phí vào tài khoản cá nhân của cô",
        "Chúc mừng bạn đã trúng thưởng iPhone, nộp phí VAT để nhận quà",
        "Tuyển cộng tác viên làm nhiệm vụ thả tim, hoa hồng 20%, nạp tiền kích hoạt",
        "Bạn liên quan đường dây rửa tiền, phải giữ bí mật, không được nói với ai",
        "Nạp thẻ để nhận skin hiếm, x2 phần thưởng",
        "Tài khoản còn tiền không, chuyển giúp mình 2 triệu, mai chuyển lại",
    ],
)
def test_scripts_are_found(text):
    r = ENGINE.scan(text)
    assert "scam" in r.categories and r.verdict in ("review", "block")


@pytest.mark.parametrize(
    "text",
    [
        "Phụ huynh nộp học phí qua tài khoản của nhà trường",
        "Con bị ngã ở sân trường, cô đã đưa con đi băng bó",
        "Nhà trường không bao giờ yêu cầu cung cấp mã OTP",
        "Cảnh giác thủ đoạn: kẻ gian báo con đang cấp cứu, đòi chuyển tiền gấp",
        "Lớp 6A tuyển cộng tác viên cho báo tường",
    ],
)
def test_single_words_and_warnings_stay_allowed(text):
    assert ENGINE.scan(text).verdict == "allow"


def test_otp_request_negated():
    assert "scam" not in ENGINE.scan("Tuyệt đối không cung cấp mã OTP cho bất kỳ ai").categories
    assert "scam" in ENGINE.scan("Bạn cung cấp mã OTP vừa gửi để hoàn tất").categories
