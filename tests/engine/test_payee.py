"""Money asked into a person's account: flagged as a scam signal; the numbers in a scam or an
advert are the offender's, not a pupil's personal data."""

from mangxanh.engine import Engine

ENGINE = Engine(model_path=False)


def test_class_fund_into_a_personal_account_is_flagged_with_the_account():
    r = ENGINE.scan("Các bố mẹ đóng quỹ lớp 200k/bé vào STK 1903 5567 2281 Techcombank chủ tài khoản NGO THI LAN nhé.")
    assert r.verdict != "allow"
    assert {"personal_data", "scam"} <= set(r.categories)


def test_fees_into_the_schools_own_account_are_clean():
    text = ("Nhà trường thu học phí qua tài khoản đứng tên Trường THCS Hòa Bình, số tài khoản 1140 2568 9901 "
            "tại VietinBank. Nhà trường không thu qua tài khoản cá nhân của giáo viên.")
    assert ENGINE.scan(text).verdict == "allow"


def test_a_scammers_account_is_not_personal_data():
    r = ENGINE.scan("Con chị bị tai nạn đang cấp cứu, cần mổ gấp, chị chuyển ngay 20 triệu vào STK 0451 0003 8826 "
                    "Vietcombank tên LE VAN HUNG cho bác sĩ trực.")
    assert "scam" in r.categories and "personal_data" not in r.categories


def test_weak_signals_of_other_categories_are_not_reported():
    r = ENGINE.scan("Tin từ người trong cuộc: hiệu trưởng bị bắt vì tham ô tiền học phí, share mạnh cho mọi người biết")
    assert r.categories == ["misinformation"]


def test_fees_into_a_personal_account_keep_the_account_as_personal_data():
    # the "fees into a personal account" script says where the money goes; it is no sign that
    # the account belongs to an offender (a parent collecting the class fund gives her own)
    r = ENGINE.scan("phu huynh lop 4C dong hoc phi hoc them thang nay vao stk ca nhan 1027 3345 8890 ACB ten Vu Thi Thu nha")
    assert r.verdict != "allow"
    assert "personal_data" in r.categories


def test_sextortion_is_child_abuse_not_a_money_scam():
    r = ENGINE.scan("em gửi thêm ảnh cho anh đi, không thì anh phát tán cho bạn bè lớp 8 của em xem hết")
    assert "child_abuse" in r.categories
    assert "scam" not in r.categories
