"""Pupils' names beside their data: a list of pupils with grades, conduct or family circumstances,
or one named pupil with a date of birth, an ID number, a health or poverty note (Law 91/2025:
health, financial and discipline data are sensitive; minors' identifiers are high severity).

A personal name here is a run of two to four capitalised words whose first word is a Vietnamese
family name (Kinh names and common Hmong, Tày, Thái, Ê Đê and Gia Rai ones). Congratulations
with a name and a class are left alone: a class alone is not private.
"""

from __future__ import annotations

import re

from ..features import fold

SURNAMES = frozenset(
    "nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly dinh trinh mai dao luong cao to ha "
    "ta lam chu trieu thai kieu quach vuong doan lai phung tang nong luu tong hua vi than lo ma sam cam khuc luc "
    "bach diep tieu giang thao sung vang mua quang ksor siu nay rah kpa au ung la lang moc an ong".split()
)
# Vietnamese capital letters, spelt out: a range such as À-Ỹ also holds the small letters.
UPPER = "A-ZĐÀÁẢÃẠĂẮẰẲẴẶÂẤẦẨẪẬÈÉẺẼẸÊẾỀỂỄỆÌÍỈĨỊÒÓỎÕỌÔỐỒỔỖỘƠỚỜỞỠỢÙÚỦŨỤƯỨỪỬỮỰỲÝỶỸỴ"
_WORD = rf"[{UPPER}][^\W\d_A-ZĐ]*"
NAME_RE = re.compile(rf"(?<![\w])({_WORD}(?:[ \t]+{_WORD}){{1,3}})(?![\w])")
# Words before a name that make it a place or an institution ("Trường Tiểu học Lê Văn Tám", "đường Trần Phú").
_PLACE_BEFORE_RE = re.compile(
    r"(?:trường|tiểu học|thcs|thpt|mầm non|phường|xã|quận|huyện|tỉnh|đường|phố|ngõ|bệnh viện|chi nhánh|"
    r"công ty|nhà văn hóa|cầu|chợ|khu|thôn|ấp|số|lớp học)\s*$",
    re.IGNORECASE,
)
# What follows a pupil's name in a list that is private (within IDENT_WINDOW characters).
IDENT_RE = re.compile(
    r"(?:toán|văn|anh|lý|lí|hóa|hoá|sinh|sử|địa|gdcd|tin)\s*:?\s*\d{1,2}(?:[,.]\d{1,2})?"
    r"|\b\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:19|20)\d{2}\b"
    r"|\((?:yếu|kém|trung bình|tb)\b|hạnh kiểm|học lực|xếp loại (?:yếu|kém)"
    r"|hộ nghèo|cận nghèo|mồ côi|khuyết tật|bệnh|điều trị|trốn học|đánh nhau|hút thuốc|lấy trộm|kỷ luật|kỉ luật|đình chỉ"
    r"|cccd|căn cước|\b\d{12}\b|(?<![\d,.])[0-4](?:[,.]\d{1,2})?\s*điểm",
    re.IGNORECASE,
)
STRONG_RE = re.compile(
    r"(?<![\d,.])[0-4](?:[,.]\d{1,2})?\s*điểm|(?:toán|văn|anh|lý|lí|hóa|hoá|sinh|sử|địa|gdcd|tin)\s*:?\s*[0-4](?:[,.]\d{1,2})?(?![\d,.])|\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:19|20)\d{2}|hộ nghèo|cận nghèo|mồ côi|khuyết tật|bệnh|điều trị|"
    r"kỷ luật|kỉ luật|đình chỉ|cccd|căn cước|\d{12}",
    re.IGNORECASE,
)
IDENT_WINDOW = 90


def personal_names(text: str) -> list[tuple[int, int]]:
    out = []
    for m in NAME_RE.finditer(text):
        words = m.group(1).split()
        if fold(words[0].lower()) not in SURNAMES:
            continue
        if _PLACE_BEFORE_RE.search(text[max(0, m.start() - 20) : m.start()]):
            continue
        out.append(m.span(1))
    return out


def named_pupils_with_data(text: str) -> list[tuple[int, int]]:
    """Spans of pupils' names that stand beside their private data."""
    names = personal_names(text)
    if not names:
        return []
    with_data = []
    strong = False
    for i, (start, end) in enumerate(names):
        stop = names[i + 1][0] if i + 1 < len(names) else len(text)
        after = text[end : min(stop, end + IDENT_WINDOW)]
        if IDENT_RE.search(after):
            with_data.append((start, end))
            strong = strong or STRONG_RE.search(after) is not None
    if len(with_data) >= 2 or (with_data and strong):
        return with_data
    return []


_CAPS_NAME_RE = re.compile(rf"(?<!\w)([{UPPER}]{{1,7}})(?:[ \t]+[{UPPER}]{{1,7}}){{1,4}}(?!\w)")


def personal_name_near(text: str, start: int, end: int) -> bool:
    """An account holder written as a person's name in capitals ("NGUYEN THI HOA") in text[start:end]."""
    for m in _CAPS_NAME_RE.finditer(text, start, end):
        if fold(m.group(1).lower()) in SURNAMES:
            return True
    return False
