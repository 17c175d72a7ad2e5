"""Personal data: identifiers, contact and bank details, addresses, and sensitive facts about minors.

Formats follow reference/vietnam-law-and-domain.md §8. Numbers are searched in the original text
(offsets need no mapping); every finding carries a masked ``suggestion`` for `redact()`.
"""

from __future__ import annotations

import datetime
import re
from bisect import bisect_left, insort
from functools import lru_cache

from ..matcher import Matcher
from ..normalize import Normalized
from ..result import Finding
from .base import finding_at
from .pupil_names import UPPER, named_pupils_with_data, personal_name_near

CATEGORY = "personal_data"

# 63 legacy birth-registration province codes (Circular 07/2016/TT-BCA appendix); still printed.
PROVINCE_CODES = frozenset(
    "001 002 004 006 008 010 011 012 014 015 017 019 020 022 024 025 026 027 030 031 033 034 035 036 "
    "037 038 040 042 044 045 046 048 049 051 052 054 056 058 060 062 064 066 067 068 070 072 074 075 "
    "077 079 080 082 083 084 086 087 089 091 092 093 094 095 096".split()
)

_SEP = r"[ .\-]?"
PHONE_RE = re.compile(
    r"(?<![\d+])(?:\(?\+84\)?|84|0)" + _SEP
    + r"(?:3" + _SEP + r"[2-9]|5" + _SEP + r"[25689]|7" + _SEP + r"[06-9]|8" + _SEP + r"[1-9]|9" + _SEP + r"[0-46-9])"
    + r"(?:" + _SEP + r"\d){7}(?!\d)"
)
CCCD_RE = re.compile(r"(?<![\d.\-])\d(?:[ .\-]?\d){11}(?![\d])")
NINE_RE = re.compile(r"(?<![\d.\-])\d{9}(?![\d])")
EMAIL_RE = re.compile(r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]{0,63}@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,24}")
VIETQR_RE = re.compile(r"(?<![0-9A-Za-z])000201[0-9A-Za-z .\-/:]{10,512}?6304[0-9A-Fa-f]{4}|(?<![0-9A-Za-z])000201\d{2}\S{20,512}")
TAX_RE = re.compile(r"(?<![\d\-])(\d{10})(?:-(\d{3}))?(?![\d])")
DIGITS_RE = re.compile(r"(?<![\d,.])\d(?:[ .\-]?\d){5,18}(?![\d])")
AMOUNT_AFTER_RE = re.compile(r"\s*(?:đ\b|đồng|vnđ|vnd|k\b|nghìn|ngàn|triệu|tr\b|tỷ|usd|\$|%)", re.IGNORECASE)
THOUSANDS_RE = re.compile(r"^\d{1,3}(?:[.,]\d{3})+$")

_I = re.IGNORECASE
CCCD_CONTEXT_RE = re.compile(
    r"cccd|căn cước|can cuoc|định danh|dinh danh|cmnd|cmt|chứng minh|chung minh|số cc\b|so cc\b|\bid\b", _I
)
CMND_CONTEXT_RE = re.compile(r"cmnd|cmt|chứng minh|chung minh|\bcm\b|số cm\b|so cm\b", _I)
TAX_CONTEXT_RE = re.compile(r"\bmst\b|mã số thuế|ma so thue|mã số doanh nghiệp|ma so doanh nghiep|tax", _I)
BANK_CONTEXT_RE = re.compile(
    r"\b(?:stk|số tài khoản|so tai khoan|số tk|so tk|tài khoản|tai khoan|tk|ngân hàng|ngan hang|chuyển khoản|"
    r"chuyen khoan|ck|vietcombank|vcb|vietinbank|bidv|agribank|mb ?bank|mb|techcombank|tcb|acb|sacombank|"
    r"vpbank|tpbank|vib|shb|hdbank|ocb|seabank|msb|eximbank|lpbank|lienvietpostbank|nam a bank|bac a bank|"
    r"abbank|pvcombank|scb|momo|zalopay|viettel money|vietqr)\b",
    _I,
)
DOB_RE = re.compile(
    r"(?:ngày sinh|ngay sinh|sinh ngày|sinh ngay|sinh năm|sinh nam|năm sinh|\bns\b|\bdob\b|d\.o\.b|\bsn\b)"
    r"\s*[:\-]?\s*(?P<date>\d{1,2}\s*[/.\-]\s*\d{1,2}\s*[/.\-]\s*(?:19|20)\d{2}|\d{1,2}\s+tháng\s+\d{1,2}\s*"
    r"(?:,\s*)?năm\s+(?:19|20)\d{2}|(?:19|20)\d{2}(?!\d))",
    _I,
)
_ADDR_PART = (
    r"(?:[, ]+(?:(?i:ngõ|ngo|ngách|ngach|hẻm|hem|kiệt|kiet|đường|duong|phố|pho|phường|phuong|xã|thôn|thon|xóm|"
    r"xom|tổ|to|ấp|ap|khu phố|khu pho|quận|quan|huyện|huyen|thị trấn|thị xã|tp\.?|thành phố|tỉnh|tinh|p\.|q\.))"
    r"\s*[^\s,.;:!?()]+(?:\s+[A-ZĐÀ-Ỹ][^\s,.;:!?()]*){0,4})"
)
ADDRESS_RE = re.compile(
    r"(?:(?i:số nhà|so nha)\s*\d{1,5}[a-zA-Z]?(?:/\d{1,5}[a-zA-Z]?)*"
    r"|(?i:ngõ|ngo|ngách|ngach|hẻm|hem|kiệt|kiet)\s+\d{1,5}[a-zA-Z]?(?:/\d{1,5}[a-zA-Z]?)*"
    r"|(?<![\d/])\d{1,5}[a-zA-Z]?(?:/\d{1,5}[a-zA-Z]?)*\s+(?i:đường|duong|phố|pho)\s+[A-ZĐÀ-Ỹ][^\s,.;:!?()]*"
    r"(?:\s+[A-ZĐÀ-Ỹ][^\s,.;:!?()]*){0,3})" + _ADDR_PART + "{0,6}"
)
PERSONAL_ADDRESS_RE = re.compile(
    r"nhà (?:em|bạn|cháu|con|nó|của|tôi|mình|thằng|con bé|cô|thầy|anh|chị)|nha (?:em|ban|chau|con|no|cua|toi|minh)|"
    r"địa chỉ nhà|dia chi nha|đang ở|dang o|sống ở|song o|ở tại|trú tại|tru tai|thường trú|tạm trú|nơi ở|noi o|"
    r"ở số|o so",
    _I,
)
GRADE_RE = re.compile(
    r"(?:bị|được|đạt|bi|duoc|dat)\s+(\d{1,2})(?:[.,]\d{1,2})?\s*(?:điểm|diem)|(?:điểm|diem) trung bình\s*(\d)[.,]\d", _I
)
SENTENCE_END_RE = re.compile(r"[.!?](?=\s|$)|\n")
OFFICIAL_CONTACT_RE = re.compile(
    r"đường dây nóng|duong day nong|hotline|tổng đài|tong dai|văn phòng|van phong|nhà trường|nha truong|"
    r"của trường|cua truong|\btrường (?:thcs|thpt|tiểu học|mầm non|th\b)|phòng văn hóa|ủy ban|ubnd|"
    r"tài khoản của trường|đơn vị|công ty|quỹ",
    _I,
)
PERSONAL_OWNER_RE = re.compile(r"\b(?:bố|mẹ|ba|má|nhà(?! trường| truong)|của bạn|của em|của cháu|của con|cá nhân|bo|me)\b", _I)
INSTITUTION_EMAIL_RE = re.compile(r"(?:\.gov\.vn|\.edu\.vn|edu\.vn|\.org\.vn|\.gov|\.edu)$|edu\b", _I)
DIGIT_RE = re.compile(r"\d")
LONG_DIGITS_RE = re.compile(r"\d(?:[ .\-]?\d){5}")
ADDRESS_WORDS = ("so nha", "ngo ", "ngach", "hem ", "kiet ", "duong ", "pho ")

_MINOR_TRIGGERS = re.compile(r"\b(?:em|cháu|chau|bé|be|học sinh|hoc sinh|hs|học trò|con|bạn)\s+(?=\w)", _I)
_NAME_WORD_RE = re.compile(r"[^\W\d_]+")
_CLASS_AFTER_RE = re.compile(r"\s*,?\s*(?:\(?(?:học sinh |hs )?(?:lớp|lop)\s*\d{1,2}|\(\d{1,2}[A-Za-z]\d?\))", _I)
_CLASS_RE = re.compile(r"\b(?:lớp|lop)\s*\d{1,2}\s*[A-Za-z]\d?\b|\(\d{1,2}[A-Za-z]\d?\)", _I)
INSTITUTION_WORDS = frozenset(
    "Trường Sở Phòng Bộ Ủy Uỷ Xã Phường Huyện Tỉnh Thành Hội Đoàn Đội Công Bệnh Ngân Quỹ Câu Chi Liên Thầy Cô "
    "Ông Bà Chủ Hiệu Ban Giáo Cục Nhà Quyết Thông Danh Lịch Chúc Kính Trung Tiểu Mầm".split()
)

SENSITIVE_FACTS = {
    "sức khỏe": [
        "trầm cảm", "tự kỷ", "khuyết tật", "động kinh", "hiv", "nhiễm hiv", "ung thư", "bệnh tim",
        "rối loạn tâm lý", "rối loạn lo âu", "tăng động", "adhd", "thiểu năng trí tuệ", "chậm phát triển",
        "có thai", "mang thai", "phá thai", "bệnh tâm thần", "điều trị tâm lý", "bị bệnh nặng", "dị ứng",
    ],
    "kết quả học tập": [
        "học lực yếu", "học lực kém", "hạnh kiểm yếu", "hạnh kiểm kém", "điểm kém", "điểm liệt",
        "bị điểm 0", "điểm 0", "ở lại lớp", "lưu ban", "thi trượt", "trượt tốt nghiệp", "phải thi lại",
        "dưới trung bình", "đội sổ", "xếp cuối lớp", "bảng điểm", "học sinh yếu kém", "yếu kém",
    ],
    "hoàn cảnh kinh tế": [
        "hộ nghèo", "cận nghèo", "gia đình khó khăn", "hoàn cảnh khó khăn", "hoàn cảnh đặc biệt khó khăn",
        "nhà nghèo", "diện nghèo",
    ],
    "hoàn cảnh gia đình": [
        "mồ côi", "mồ côi cha", "mồ côi mẹ", "bố mẹ ly hôn", "bố mẹ ly dị", "cha mẹ ly hôn", "bố mẹ đã ly hôn",
        "bố đi tù", "mẹ đi tù", "bố đang đi tù", "bố nghiện", "bố mẹ bỏ đi", "con ngoài giá thú", "không có bố",
        "bị bạo hành", "bị xâm hại", "bị bố đánh", "bị mẹ đánh", "chấp hành án tù", "án tù", "đi tù",
        "mẹ bỏ đi", "bố bỏ đi", "bỏ đi làm ăn xa",
    ],
    "kỷ luật": [
        "bị kỷ luật", "kỷ luật cảnh cáo", "đình chỉ học", "bị đình chỉ", "bị đuổi học", "buộc thôi học",
        "bị khiển trách", "vi phạm nội quy", "bị công an bắt", "bị công an triệu tập", "khiển trách",
        "quyết định kỷ luật", "hình thức kỷ luật", "cảnh cáo trước toàn trường", "lấy tiền của bạn",
    ],
}


@lru_cache(maxsize=1)
def facts_matcher() -> Matcher:
    return Matcher((term, kind, False) for kind, terms in SENSITIVE_FACTS.items() for term in terms)


def digits_of(s: str) -> str:
    return "".join(c for c in s if c.isdigit())


def mask_digits(s: str, keep_start: int, keep_end: int) -> str:
    """Digits only, the middle ones replaced by '*': mask_digits("036211004567", 4, 2) -> "0362******67"."""
    d = digits_of(s)
    if len(d) <= keep_start + keep_end:
        return "*" * len(d)
    return d[:keep_start] + "*" * (len(d) - keep_start - keep_end) + (d[-keep_end:] if keep_end else "")


def mask_email(s: str) -> str:
    local, _, domain = s.partition("@")
    return local[:2] + "***@" + domain


def tax_code_valid(d: str) -> bool:
    """Mod-11 check digit of a 10-digit tax code (weights 31, 29, 23, 19, 17, 13, 7, 5, 3)."""
    if len(d) != 10 or not d.isdigit():
        return False
    weights = (31, 29, 23, 19, 17, 13, 7, 5, 3)
    total = sum(int(c) * w for c, w in zip(d[:9], weights, strict=True))
    return (10 - total % 11) % 10 == int(d[9])


def cccd_valid(d: str, today: datetime.date | None = None) -> bool:
    """12 digits: legacy province code, century/sex digit and a year of birth not in the future."""
    if len(d) != 12 or not d.isdigit() or d[:3] not in PROVINCE_CODES:
        return False
    year = 1900 + (int(d[3]) // 2) * 100 + int(d[4:6])
    return year <= (today or datetime.date.today()).year


def is_mobile(s: str) -> bool:
    m = PHONE_RE.fullmatch(s.strip())
    return m is not None


def _context_before(regex: re.Pattern[str], text: str, start: int, width: int = 40) -> bool:
    return regex.search(text, max(0, start - width), start) is not None


def _official(text: str, start: int) -> bool:
    """A number published as an organisation's contact (hotline, the school's account), not a person's."""
    before = text[max(0, start - 80) : start]
    if not OFFICIAL_CONTACT_RE.search(before):
        return False
    return not PERSONAL_OWNER_RE.search(text[max(0, start - 25) : start])


def _is_amount(text: str, start: int, end: int) -> bool:
    if THOUSANDS_RE.match(text[start:end]):
        return True
    return AMOUNT_AFTER_RE.match(text, end) is not None


class _Spans:
    """Non-overlapping spans already claimed by a finding, kept sorted (so ends are sorted too)."""

    def __init__(self) -> None:
        self.spans: list[tuple[int, int]] = []

    def free(self, a: int, b: int) -> bool:
        i = bisect_left(self.spans, (b,))  # the spans that start before b: only the last can reach a
        return i == 0 or self.spans[i - 1][1] <= a

    def append(self, span: tuple[int, int]) -> None:
        insort(self.spans, span)


class PersonalDataDetector:
    name = "personal_data"

    @classmethod
    def build(cls, policy, **options) -> PersonalDataDetector:
        return cls()

    def detect(self, norm: Normalized) -> list[Finding]:
        text = norm.text
        findings: list[Finding] = []
        if LONG_DIGITS_RE.search(norm.key):
            self._numbers(norm, findings)
        # Dates of birth, house addresses and grades all contain a digit of the text.
        digit = DIGIT_RE.search(text) is not None
        fold = norm.fold
        if digit and ("sinh" in fold or "ns" in fold or "sn" in fold or "dob" in fold or "d.o.b" in fold):
            for m in DOB_RE.finditer(text):
                date = m.group("date")
                if len(date) == 4 and not _year_of_a_person(text, m.start(), m.end()):
                    continue  # "trẻ sinh năm 2019 cư trú trên địa bàn": a cohort, not a person
                year = re.search(r"(?:19|20)\d{2}$", date)
                masked = "**/**/" + year.group() if year and len(date) > 4 else "****"
                findings.append(self._f(text, m.start("date"), m.end("date"), "pii.date_of_birth", "medium", 0.6,
                                        "Ngày sinh", masked))
        if digit and any(w in fold for w in ADDRESS_WORDS):
            for m in ADDRESS_RE.finditer(text):
                personal = _context_before(PERSONAL_ADDRESS_RE, text, m.start(), 30)
                findings.append(self._f(text, m.start(), m.end(), "pii.address", "medium" if personal else "low",
                                        0.65 if personal else 0.35,
                                        "Địa chỉ nhà riêng" if personal else "Địa chỉ cụ thể (số nhà, ngõ, đường)",
                                        "[địa chỉ đã ẩn]"))
        if "@" in text:
            for m in EMAIL_RE.finditer(text):
                if INSTITUTION_EMAIL_RE.search(m.group().rpartition("@")[2]):
                    continue  # an institution's mailbox, not a person's
                findings.append(self._f(text, m.start(), m.end(), "pii.email", "medium", 0.5,
                                        "Địa chỉ thư điện tử (e-mail) cá nhân", mask_email(m.group())))
        self._minor_facts(norm, findings, digit)
        if digit or "(" in text or "nghèo" in text or "ngheo" in fold:
            self._pupil_list(text, findings)
        return findings

    def _pupil_list(self, text: str, findings: list[Finding]) -> None:
        named = {(f.start, f.end) for f in findings if f.rule == "pii.minor_name"}
        pupils = named_pupils_with_data(text)
        for f in findings:
            # A minor's identifiers (date of birth, ID number, phone, address) are high severity.
            if f.severity != "high" and any(0 <= f.start - end <= 90 for _, end in pupils):
                f.severity = "high"
        for start, end in pupils:
            if (start, end) in named:
                continue
            initials = ".".join(w[0].upper() for w in text[start:end].split()) + "."
            findings.append(self._f(text, start, end, "pii.pupil_name", "high", 0.8,
                                    "Họ tên học sinh kèm điểm số, hạnh kiểm, ngày sinh hoặc hoàn cảnh gia đình", initials))

    @staticmethod
    def _f(text, start, end, rule, severity, score, explanation, suggestion) -> Finding:
        return finding_at(text, start, end, category=CATEGORY, severity=severity, rule=rule,
                          explanation=explanation, suggestion=suggestion, score=score)

    def _numbers(self, norm: Normalized, findings: list[Finding]) -> None:
        # Searched in the key (zero-width characters removed, "sđt" expanded), mapped back.
        text = norm.key
        original = norm.text

        def add(a, b, *args):
            start, end = norm.span(a, b)
            findings.append(self._f(original, start, end, *args))

        taken = _Spans()
        free = taken.free
        if "000201" in text:
            for m in VIETQR_RE.finditer(text):
                add(m.start(), m.end(), "pii.vietqr", "high", 0.85,
                                        "Mã VietQR chứa số tài khoản ngân hàng", "[mã VietQR đã ẩn]")
                taken.append(m.span())

        for m in CCCD_RE.finditer(text):
            d = digits_of(m.group())
            if not free(*m.span()):
                continue
            context = _context_before(CCCD_CONTEXT_RE, text, m.start())
            if cccd_valid(d):
                add(m.start(), m.end(), "pii.cccd", "medium", 0.9 if context else 0.75,
                                        "Số định danh cá nhân (CCCD) 12 chữ số", mask_digits(d, 4, 2))
                taken.append(m.span())
            elif context and _context_before(CMND_CONTEXT_RE, text, m.start()):
                add(m.start(), m.end(), "pii.cmnd", "medium", 0.8,
                                        "Số chứng minh nhân dân (CMND)", mask_digits(d, 3, 3))
                taken.append(m.span())
        for m in NINE_RE.finditer(text):
            if free(*m.span()) and _context_before(CMND_CONTEXT_RE, text, m.start()):
                add(m.start(), m.end(), "pii.cmnd", "medium", 0.8,
                                        "Số chứng minh nhân dân (CMND) 9 chữ số", mask_digits(m.group(), 3, 2))
                taken.append(m.span())
        for m in TAX_RE.finditer(text):
            d = m.group(1)
            if not free(*m.span()) or not tax_code_valid(d):
                continue
            context = _context_before(TAX_CONTEXT_RE, text, m.start())
            if context or (m.group(2) and not is_mobile(d)):
                add(m.start(), m.end(), "pii.tax_code", "low", 0.4,
                                        "Mã số thuế", mask_digits(m.group(), 3, 2))
                taken.append(m.span())
        for m in PHONE_RE.finditer(text):
            if free(*m.span()) and not _official(text, m.start()):
                add(m.start(), m.end(), "pii.phone", "medium", 0.6,
                                        "Số điện thoại di động", mask_digits(m.group(), 3, 2))
        for ctx in BANK_CONTEXT_RE.finditer(text):
            window_end = min(len(text), ctx.end() + 40)
            m = DIGITS_RE.search(text, ctx.end(), window_end)
            if m is None or _is_amount(text, m.start(), m.end()):
                continue
            if not free(*m.span()):
                continue
            if _official(text, m.start()) and not personal_name_near(original, *norm.span(m.end(), min(len(text), m.end() + 60))):
                continue  # the school's or a fund's account, unless a person is named as its holder
            d = digits_of(m.group())
            add(m.start(), m.end(), "pii.bank_account", "medium", 0.8,
                                    "Số tài khoản ngân hàng", mask_digits(d, 3, 3) if len(d) >= 8 else mask_digits(d, 0, 3))
            taken.append(m.span())

    def _minor_facts(self, norm: Normalized, findings: list[Finding], digit: bool = True) -> None:
        text = norm.text
        facts = [(h, *norm.span(h.a, h.b)) for h in facts_matcher().find(norm)]
        if digit:
            for m in GRADE_RE.finditer(text):
                if int(m.group(1) or m.group(2)) < 5:
                    facts.append((None, m.start(), m.end()))
        if not facts:
            return
        for hit, start, end in facts:
            kind = hit.payload if hit is not None else "kết quả học tập"
            sent_start = max(0, start - 200)
            prev = [x.end() for x in SENTENCE_END_RE.finditer(text, sent_start, start)]
            if prev:
                sent_start = prev[-1]
            nxt = SENTENCE_END_RE.search(text, end, min(len(text), end + 200))
            sent_end = nxt.start() if nxt else min(len(text), end + 200)
            name = _find_minor_name(text, sent_start, sent_end)
            if name is None and not _named_minor_hint(text, sent_start, sent_end):
                continue
            findings.append(
                self._f(text, start, end, "pii.minor_sensitive", "high", 0.8,
                        f"Thông tin nhạy cảm ({kind}) của một học sinh được nêu tên", "[thông tin nhạy cảm đã ẩn]")
            )
            if name is None:
                continue
            n_start, n_end = name
            initials = ".".join(w[0].upper() for w in _NAME_WORD_RE.findall(text[n_start:n_end])) + "."
            findings.append(
                self._f(text, n_start, n_end, "pii.minor_name", "high", 0.6,
                        "Tên học sinh đi kèm thông tin nhạy cảm", initials)
            )


_TRIGGER_CAPITAL_RE = re.compile(r"\b(?:em|cháu|bé|học sinh|hs|bạn)\s+[A-ZĐÀ-Ỹ]", re.IGNORECASE)


def _year_of_a_person(text: str, start: int, end: int) -> bool:
    """A bare birth year belongs to someone when a name or a personal word stands close to it."""
    lo, hi = max(0, start - 80), min(len(text), end + 40)
    return _find_minor_name(text, lo, hi) is not None or _PERSON_NEAR_RE.search(text, lo, hi) is not None


_PERSON_NEAR_RE = re.compile(rf"(?i:\b(?:em|cháu|bé|con|bạn|học sinh|hs)\s+)[{UPPER}]|(?i:\bcủa (?:em|cháu|bé|con)\b)")


def _named_minor_hint(text: str, start: int, end: int) -> bool:
    """A name we cannot cut out cleanly ("em L.ê T.h.ị H.o.a lớp 10A3"): still a named minor."""
    for m in _TRIGGER_CAPITAL_RE.finditer(text, start, end):
        if text[m.end() - 1].isupper() and _CLASS_RE.search(text, start, end):
            return True
    return False


def _title(word: str) -> bool:
    return word[0].isupper() and (len(word) == 1 or not word[1:].isupper())


def _capitalised_run(text: str, pos: int, end: int, max_words: int = 4) -> tuple[int, int] | None:
    """Span of up to ``max_words`` consecutive capitalised words starting at ``pos``."""
    first = last = None
    count = 0
    for m in _NAME_WORD_RE.finditer(text, pos, end):
        if first is not None and text[last:m.start()].strip():
            break
        if first is None and m.start() != pos:
            break
        if not _title(m.group()) or count == max_words:
            break
        if first is None:
            first = m.start()
        last = m.end()
        count += 1
    if first is None:
        return None
    return first, last


def _find_minor_name(text: str, start: int, end: int) -> tuple[int, int] | None:
    for m in _MINOR_TRIGGERS.finditer(text, start, end):
        run = _capitalised_run(text, m.end(), end)
        if run is not None and run[1] - run[0] >= 2 and not text.startswith(".", run[1]):
            return run
    # "Nguyễn Văn An lớp 6A ..." / "Lê Văn Minh (7B)" / a full name of three words or more
    pos = start
    for m in _NAME_WORD_RE.finditer(text, start, end):
        if m.start() < pos or not _title(m.group()) or m.group() in INSTITUTION_WORDS:
            continue
        run = _capitalised_run(text, m.start(), end)
        if run is None:
            continue
        pos = run[1]
        words = _NAME_WORD_RE.findall(text[run[0] : run[1]])
        if len(words) >= 3 or (len(words) >= 2 and _CLASS_AFTER_RE.match(text, run[1])):
            return run
    if _CLASS_RE.search(text, start, end) and _MINOR_TRIGGERS.search(text, start, end):
        return None  # a minor in a named class, but no clean name to mask; caller decides
    return None
