"""Pupils' names beside their private data (grades, conduct, date of birth, family circumstances)."""

from mangxanh.engine import Engine
from mangxanh.engine.detectors.pupil_names import named_pupils_with_data, personal_names

ENGINE = Engine(model_path=False)


def test_a_list_of_pupils_with_grades_is_personal_data_for_every_name():
    text = ("Kết quả kiểm tra lớp 9B: Ngô Thị Thu Hà – Toán 3,5; Văn 4,0. Lê Quốc Bảo – Toán 2,0; Văn 5,5. "
            "Đinh Văn Sơn – Toán 4,0; Văn 3,5.")
    r = ENGINE.scan(text)
    names = [f.evidence for f in r.findings if f.rule == "pii.pupil_name"]
    assert names == ["Ngô Thị Thu Hà", "Lê Quốc Bảo", "Đinh Văn Sơn"]
    assert r.verdict != "allow"
    assert all(f.severity == "high" and f.suggestion for f in r.findings if f.rule == "pii.pupil_name")


def test_ethnic_minority_names_and_family_circumstances():
    text = "Học sinh nhận hỗ trợ: Lò Thị Mai (sinh ngày 03/04/2014, hộ nghèo), Giàng A Páo (sinh ngày 11/09/2014, mồ côi)."
    assert [text[a:b] for a, b in named_pupils_with_data(text)] == ["Lò Thị Mai", "Giàng A Páo"]


def test_congratulations_with_names_and_classes_stay_clean():
    text = "Chúc mừng em Phạm Minh Đức lớp 9A1 và em Trần Bảo Ngọc lớp 8A2 đạt giải Nhất hội thi Tin học trẻ."
    assert ENGINE.scan(text).verdict == "allow"


def test_places_and_schools_named_after_people_are_not_pupils():
    text = "Trường Tiểu học Lê Văn Tám, đường Trần Hưng Đạo, thông báo lịch họp phụ huynh 15/09/2025."
    assert personal_names(text) == []


def test_a_birth_year_of_a_cohort_is_not_personal_data():
    r = ENGINE.scan("Tuyển sinh lớp 1: trẻ sinh năm 2019 cư trú trên địa bàn phường đăng ký trực tuyến.")
    assert r.verdict == "allow"


def test_a_pupils_date_of_birth_is_high_severity():
    r = ENGINE.scan("Danh sách: Lò Thị Mai, sinh ngày 03/04/2014, hộ nghèo; Giàng A Páo, sinh ngày 11/09/2014, mồ côi.")
    dates = [f for f in r.findings if f.rule == "pii.date_of_birth"]
    assert dates and all(f.severity == "high" for f in dates)


def test_a_numbered_list_of_low_scores_names_every_pupil_but_praise_stays_clean():
    r = ENGINE.scan("1. Nguyễn Văn An - 2,5 điểm\n2. Trần Thị Bích Ngọc - 3 điểm\n3. Lê Minh Hoàng - 1,5 điểm")
    assert [f.evidence for f in r.findings if f.rule == "pii.pupil_name"] == [
        "Nguyễn Văn An", "Trần Thị Bích Ngọc", "Lê Minh Hoàng"]
    praise = "Chúc mừng em Nguyễn Văn An đạt 10 điểm môn Toán và em Lê Thị Hoa đạt 9,5 điểm môn Văn."
    assert ENGINE.scan(praise).verdict == "allow"
