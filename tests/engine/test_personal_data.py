"""Personal data: identifiers with their checks, contact and bank details, minors' sensitive facts."""

import pytest

from mangxanh.engine import Engine, redact
from mangxanh.engine.detectors.personal_data import cccd_valid, mask_digits, tax_code_valid

ENGINE = Engine(model_path=False)


def rules(text):
    return {(f.rule, f.evidence, f.suggestion) for f in ENGINE.scan(text).findings}


@pytest.mark.parametrize(
    ("text", "rule", "evidence", "suggestion"),
    [
        ("CCCD: 036211004567", "pii.cccd", "036211004567", "0362******67"),
        ("so dinh danh 079 209 012 345", "pii.cccd", "079 209 012 345", "0792******45"),
        ("CCCD 040.310.005.678", "pii.cccd", "040.310.005.678", "0403******78"),
        ("mã 0362\u200b1100\u200b4567 nhé", "pii.cccd", "0362\u200b1100\u200b4567", "0362******67"),
        ("CMND số 187654321", "pii.cmnd", "187654321", "187****21"),
        ("gọi 0912.345.678", "pii.phone", "0912.345.678", "091*****78"),
        ("gọi +84 912 345 678", "pii.phone", "+84 912 345 678", "849******78"),
        ("sđt 0 9 8 7 6 5 4 3 2 1", "pii.phone", "0 9 8 7 6 5 4 3 2 1", "098*****21"),
        ("STK Vietcombank 1023456789", "pii.bank_account", "1023456789", "102****789"),
        ("MST 0100109106", "pii.tax_code", "0100109106", "010*****06"),
        ("ngày sinh: 12/03/2012", "pii.date_of_birth", "12/03/2012", "**/**/2012"),
        ("mail me: nguyenvana@gmail.com", "pii.email", "nguyenvana@gmail.com", "ng***@gmail.com"),
    ],
)
def test_identifiers(text, rule, evidence, suggestion):
    assert (rule, evidence, suggestion) in rules(text)


@pytest.mark.parametrize(
    "text",
    [
        "Mã 123456789012 không phải CCCD",  # province 123 does not exist
        "Học phí 1.500.000 đồng chuyển khoản trước ngày 5",  # an amount, not an account
        "Liên hệ tuyensinh@thcsquangtrung.edu.vn",  # an institution's mailbox
        "Đường dây nóng của nhà trường: 0912 000 111",  # an organisation's hotline
        "Năm học 2024-2025 có 1200 học sinh",
    ],
)
def test_not_personal_data(text):
    assert not [f for f in ENGINE.scan(text).findings if f.category == "personal_data"]


def test_checks():
    assert cccd_valid("036211004567") and not cccd_valid("036299004567")  # born 2099: future
    assert tax_code_valid("0100109106") and not tax_code_valid("0100109107")
    assert mask_digits("036211004567", 4, 2) == "0362******67"


def test_named_minor_sensitive_facts_are_high():
    r = ENGINE.scan("Em Nguyễn Văn An lớp 6A thuộc hộ nghèo và bị kỷ luật.")
    facts = [f for f in r.findings if f.rule == "pii.minor_sensitive"]
    assert {f.evidence for f in facts} == {"hộ nghèo", "bị kỷ luật"}
    assert all(f.severity == "high" for f in facts)
    assert redact("Em Nguyễn Văn An lớp 6A thuộc hộ nghèo.") == "Em N.V.A. lớp 6A thuộc [thông tin nhạy cảm đã ẩn]."


def test_facts_without_a_named_minor_are_not_flagged():
    assert ENGINE.scan("Tỷ lệ hộ nghèo của xã giảm còn 2%.").findings == []
