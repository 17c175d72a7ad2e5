"""What a unit's official documents say about the unit (Decree 30/2020/NĐ-CP, Appendix I).

The header names the governing body above the issuing unit («UBND TỈNH SÔNG LAM» over
«SỞ GIÁO DỤC VÀ ĐÀO TẠO»; «UBND PHƯỜNG BẾN THỦY» over a school), the number carries the
unit's own symbol («KH-SGDĐT» for a Sở, «KH-PGDĐT» only for a phòng) and the signer block
the unit's real title. Everything is derived from the unit's type, name and place in the
tree, so a new unit's documents are right without settings.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata

from mangxanh.org.models import SchoolLevel, Unit, UnitKind

# Administrative localities, longest first so "thành phố" wins over a bare word.
LOCALITY_MARKERS = ("thành phố", "thị xã", "thị trấn", "tỉnh", "huyện", "quận", "phường", "xã")
_LOCALITY = re.compile(r"\b(" + "|".join(LOCALITY_MARKERS) + r")\s+(.+)$", re.IGNORECASE)

SIGNERS = {
    UnitKind.DEPARTMENT: "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC",
    UnitKind.DISTRICT_LEGACY: "KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG",
    UnitKind.COMMUNE: "TM. ỦY BAN NHÂN DÂN\nKT. CHỦ TỊCH\nPHÓ CHỦ TỊCH",
    UnitKind.SCHOOL: "HIỆU TRƯỞNG",
}
SYMBOLS = {UnitKind.DEPARTMENT: "SGDĐT", UnitKind.DISTRICT_LEGACY: "PGDĐT", UnitKind.COMMUNE: "UBND"}
KIND_NAMES = {"plan": "Kế hoạch", "directive": "Công văn"}


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text or "")


def _without_note(name: str) -> str:
    # "Phòng Giáo dục và Đào tạo huyện Nam Đàn (cũ)": the bracketed note is ours, not the name.
    return re.sub(r"\s*\([^)]*\)\s*$", "", _nfc(name)).strip()


def locality(name: str) -> str:
    """'Sở Giáo dục và Đào tạo tỉnh Sông Lam' -> 'tỉnh Sông Lam'; '' when the name has none."""
    match = _LOCALITY.search(_without_note(name))
    return f"{match.group(1)} {match.group(2)}".strip() if match else ""


def _kind(unit: Unit) -> str:
    return unit.unit_type.kind


def governing_body(unit: Unit) -> str:
    """The line above the unit's name: the people's committee of its locality for a Sở or a
    phòng, the unit above it in the tree for a school; none for a commune (it is the UBND)."""
    kind = _kind(unit)
    if kind == UnitKind.COMMUNE:
        return ""
    if kind in (UnitKind.DEPARTMENT, UnitKind.DISTRICT_LEGACY):
        place = locality(unit.name)
        if place:
            return f"UBND {place}"
    parent = unit.parent_unit()
    return _without_note(parent.name) if parent is not None else ""


def issuer_name(unit: Unit) -> str:
    """The unit's name as it stands under the governing body: the locality the line above
    already names is not repeated («SỞ GIÁO DỤC VÀ ĐÀO TẠO» under «UBND TỈNH SÔNG LAM»)."""
    name = _without_note(unit.name)
    if _kind(unit) == UnitKind.COMMUNE and name.upper().startswith("UBND "):
        return "Ủy ban nhân dân " + name[5:]
    above = governing_body(unit)
    place = locality(name)
    if place and above and above.lower().endswith(place.lower()):
        name = name[: len(name) - len(place)].strip()
    return name


def header_lines(unit: Unit) -> tuple[str, str]:
    """(governing body, issuing unit) in capitals, as printed in the top-left block."""
    return governing_body(unit).upper(), issuer_name(unit).upper()


def abbreviation(unit: Unit) -> str:
    """The unit's part of a document symbol: SGDĐT, PGDĐT, UBND, or the school's initials
    ('THCS Bến Thủy' -> 'THCSBT', 'MN Hoa Sen' -> 'MNHS')."""
    kind = _kind(unit)
    if kind in SYMBOLS:
        return SYMBOLS[kind]
    words = re.findall(r"[^\W_]+", _without_note(unit.short_name or unit.name))
    if words and words[0].lower() == "trường":
        words = words[1:]
    parts = [w if w.isupper() else w[0].upper() for w in words]
    return "".join(parts) or unit.code.upper()


def default_symbol(unit: Unit, kind: str, prefix: str = "KH") -> str:
    """A plan is numbered «…/KH-<unit>», a report «…/BC-<unit>», a công văn «…/<unit>»."""
    abbr = abbreviation(unit)
    return abbr if kind == "directive" else f"{prefix}-{abbr}"


def default_signer(unit: Unit) -> str:
    kind = _kind(unit)
    if kind == UnitKind.SCHOOL and unit.unit_type.school_level == SchoolLevel.CONTINUING:
        return "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC"  # a GDNN-GDTX centre is led by a director
    return SIGNERS.get(kind, "THỦ TRƯỞNG ĐƠN VỊ")


def place_name(unit: Unit) -> str:
    """The place in the date line: 'Sông Lam' for the Sở of tỉnh Sông Lam, 'Bến Thủy' for a
    school under UBND phường Bến Thủy (Decree 30 uses the locality where the unit sits)."""
    for candidate in (unit, unit.parent_unit()):
        if candidate is None:
            continue
        place = locality(candidate.name)
        if place:
            return place.split(" ", 1)[1] if not place.lower().startswith("thành phố") else place
    return _without_note(unit.short_name or unit.name)


def subject(title: str) -> str:
    """A trích yếu as it follows «về» in running text: «V/v tiếp tục…» -> «tiếp tục…»,
    «Triển khai Mô hình…» -> «triển khai Mô hình…» (no doubled «về việc»)."""
    text = _nfc(title).strip()
    text = re.sub(r"^(v/v|về việc|về)\s+", "", text, flags=re.IGNORECASE)
    if len(text) > 1 and text[0].isupper() and not text[1].isupper():
        text = text[0].lower() + text[1:]
    return text


def full_unit_name(unit: Unit) -> str:
    """The unit's name in running text: 'Trường THCS Bến Thủy' (our bracketed notes dropped)."""
    return _without_note(unit.name)


def short_unit_name(unit: Unit) -> str:
    return _without_note(unit.short_name or unit.name)


def citation(document, *, capital: bool = True, about: bool = True) -> str:
    """«Kế hoạch số 125/KH-SGDĐT ngày 05/9/2026 của Sở GDĐT Sông Lam về triển khai …»."""
    kind = KIND_NAMES.get(document.kind, "Văn bản")
    if not capital:
        kind = kind.lower()
    number = str(document.number) if document.number else "…"
    ref = f"{kind} số {number}/{document.symbol}" if document.symbol else f"{kind} số {number}"
    if document.issued_on:
        ref += f" ngày {_short_date(document.issued_on)}"
    ref += f" của {short_unit_name(document.unit)}"
    topic = subject(document.title) if about else ""  # said once per document is enough
    return f"{ref} về {topic}" if topic else ref


def _short_date(day: dt.date) -> str:
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}/{month}/{day.year}"
