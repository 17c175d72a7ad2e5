"""Bulk import of people from an .xlsx or UTF-8 .csv file.

Everything is validated first; only a file without a single error is written, in one
transaction. Errors are Vietnamese sentences, one per problem, naming the row
("Dòng 7: ..."), so a school secretary can fix the file and try again.

Usable from the web (views.import_people) and the console
(`mangxanh import_people FILE --by USERNAME`).
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import BinaryIO

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models.functions import Lower

from mangxanh.core.spreadsheet import append_row
from mangxanh.core.text import is_broken, nfc
from mangxanh.org import grants, rules
from mangxanh.org.models import Role, Unit

# Column key -> header as written in the template.
COLUMNS: dict[str, str] = {
    "full_name": "Họ và tên",
    "username": "Tên đăng nhập",
    "email": "E-mail",
    "phone": "Điện thoại",
    "unit_code": "Mã đơn vị",
    "roles": "Vai trò",
}
OPTIONAL_VALUES = {"phone"}
DEFAULT_MAX_ROWS = 5000
# An .xlsx is a zip; refuse archives that would inflate far beyond the upload limit (zip bombs).
MAX_INFLATION = 20
XLSX_SIGNATURE = b"PK\x03\x04"
OLE2_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # legacy .xls / .doc
PHONE_RE = re.compile(r"^\+?[0-9 .()-]{6,20}$")
ROLE_SEPARATORS = re.compile(r"[,;\n]")


class ImportRefused(Exception):
    """The file as a whole cannot be read (too big, not a spreadsheet, wrong columns...)."""

    def __init__(self, errors: list[str] | str):
        self.errors = [errors] if isinstance(errors, str) else list(errors)
        super().__init__("; ".join(self.errors))


@dataclass
class PersonRow:
    line: int
    full_name: str
    username: str
    email: str
    phone: str
    unit: Unit
    roles: list[str]


@dataclass
class ImportResult:
    errors: list[str] = field(default_factory=list)
    rows: list[PersonRow] = field(default_factory=list)
    created: list = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def max_bytes() -> int:
    return int(getattr(settings, "MANGXANH_MAX_IMPORT_BYTES", 5 * 1024 * 1024))


def max_rows() -> int:
    return int(getattr(settings, "MANGXANH_MAX_IMPORT_ROWS", DEFAULT_MAX_ROWS))


def format_size(n: int) -> str:
    return f"{n / (1024 * 1024):.0f} MB" if n >= 1024 * 1024 else f"{max(1, n // 1024)} KB"


def too_large_message() -> str:
    return f"Tệp quá lớn: chỉ nhận tệp tối đa {format_size(max_bytes())}."


def fold(text: str) -> str:
    """Lower-case, strip diacritics and everything but letters/digits: 'E-mail' -> 'email'."""
    text = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"[^0-9a-z]", "", text.casefold())


_HEADER_KEYS = {fold(label): key for key, label in COLUMNS.items()}
_ROLE_KEYS = {fold(value): value for value in Role.values} | {
    fold(label): value for value, label in Role.choices
}


def parse_roles(text: str) -> tuple[list[str], list[str]]:
    """'Giáo viên, editor' -> (['teacher', 'editor'], unknown parts)."""
    roles: list[str] = []
    unknown: list[str] = []
    for part in ROLE_SEPARATORS.split(text):
        part = part.strip()
        if not part:
            continue
        role = _ROLE_KEYS.get(fold(part))
        if role is None:
            unknown.append(part)
        elif role not in roles:
            roles.append(role)
    return roles, unknown


# --- Reading the file ----------------------------------------------------------------------------


def _file_size(fileobj: BinaryIO) -> int:
    size = getattr(fileobj, "size", None)
    if size is not None:
        return int(size)
    pos = fileobj.tell()
    fileobj.seek(0, io.SEEK_END)
    size = fileobj.tell()
    fileobj.seek(pos)
    return size


class Cell:
    """A raw cell value plus whether it was a formula; converted to text during validation."""

    __slots__ = ("value", "formula")

    def __init__(self, value, formula: bool = False):
        self.value = value
        self.formula = formula


def _xlsx_rows(fileobj: BinaryIO) -> Iterator[list[Cell]]:
    import openpyxl

    try:
        with zipfile.ZipFile(fileobj) as archive:
            inflated = sum(info.file_size for info in archive.infolist())
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise ImportRefused("Tệp không phải bảng tính Excel (.xlsx) hợp lệ: tệp nén bị hỏng.") from exc
    if "[Content_Types].xml" not in names or not any(n.startswith("xl/") for n in names):
        raise ImportRefused("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.")
    if inflated > MAX_INFLATION * max_bytes():
        raise ImportRefused("Tệp Excel giải nén ra quá lớn; hãy lưu lại tệp chỉ với danh sách người dùng.")
    fileobj.seek(0)
    try:
        workbook = openpyxl.load_workbook(fileobj, read_only=True, data_only=False)
    except Exception as exc:  # openpyxl raises many kinds for a damaged workbook
        raise ImportRefused("Tệp không phải bảng tính Excel (.xlsx) hợp lệ.") from exc
    try:
        sheet = workbook.worksheets[0]
        for row in sheet.iter_rows():
            yield [Cell(c.value, getattr(c, "data_type", None) == "f") for c in row]
    except ImportRefused:
        raise
    except Exception as exc:
        raise ImportRefused("Không đọc được nội dung bảng tính Excel; tệp có thể bị hỏng.") from exc
    finally:
        workbook.close()


def _csv_rows(data: bytes) -> Iterator[list[Cell]]:
    if b"\x00" in data[:8192]:
        raise ImportRefused("Tệp không phải bảng tính: chỉ nhận tệp Excel (.xlsx) hoặc CSV (mã UTF-8).")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ImportRefused(
            "Tệp không phải bảng tính Excel (.xlsx) hoặc CSV mã UTF-8 "
            f"(byte lỗi ở vị trí {exc.start}). Hãy lưu lại tệp dạng «CSV UTF-8»."
        ) from exc
    first_line = text.split("\n", 1)[0]
    delimiter = max([",", ";", "\t"], key=first_line.count)
    try:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=delimiter):
            yield [Cell(value, formula=value.startswith("=")) for value in row]
    except csv.Error as exc:
        raise ImportRefused(f"Tệp CSV sai định dạng: {exc}.") from exc


def read_rows(fileobj: BinaryIO) -> Iterator[list[Cell]]:
    """Yield rows of raw cells. The kind of file is told by its content, never by its name."""
    size = _file_size(fileobj)
    if size > max_bytes():
        raise ImportRefused(too_large_message())
    if size == 0:
        raise ImportRefused("Tệp rỗng: không có dữ liệu để nhập.")
    fileobj.seek(0)
    head = fileobj.read(8)
    fileobj.seek(0)
    if head.startswith(XLSX_SIGNATURE):
        return _xlsx_rows(fileobj)
    if head.startswith(OLE2_SIGNATURE):
        raise ImportRefused(
            "Định dạng Excel cũ (.xls) không được hỗ trợ; hãy lưu lại thành .xlsx hoặc CSV UTF-8."
        )
    return _csv_rows(fileobj.read(max_bytes() + 1))


# --- Validation ----------------------------------------------------------------------------------


def _blank(cells: list[Cell]) -> bool:
    return all(c.value is None or (isinstance(c.value, str) and not c.value.strip()) for c in cells)


def _header(cells: list[Cell]) -> dict[str, int]:
    errors: list[str] = []
    positions: dict[str, int] = {}
    for index, cell in enumerate(cells):
        if cell.value is None or (isinstance(cell.value, str) and not cell.value.strip()):
            continue
        label = str(cell.value).strip()
        key = _HEADER_KEYS.get(fold(label))
        if key is None:
            errors.append(f"Cột lạ '{label}'.")
        elif key in positions:
            errors.append(f"Cột '{COLUMNS[key]}' xuất hiện hai lần.")
        else:
            positions[key] = index
    for key, label in COLUMNS.items():
        if key not in positions:
            errors.append(f"Thiếu cột '{label}'.")
    if errors:
        raise ImportRefused(errors)
    return positions


def _text(cell: Cell | None, label: str, line: int, errors: list[tuple[int, str]]) -> str | None:
    """A cell as clean NFC text; None (with an error) for formulas, numbers, dates, bad characters."""
    if cell is None or cell.value is None:
        return ""
    if cell.formula:
        errors.append((line, f"Dòng {line}: ô '{label}' chứa công thức; chỉ nhập giá trị."))
        return None
    value = cell.value
    if not isinstance(value, str):
        errors.append(
            (
                line,
                f"Dòng {line}: ô '{label}' phải là chữ (định dạng ô Văn bản/Text), không phải số hay ngày tháng.",
            )
        )
        return None
    if is_broken(value, controls=True):
        errors.append((line, f"Dòng {line}: ô '{label}' chứa ký tự lỗi hoặc không in được."))
        return None
    return nfc(value, collapse=True)


def _check_row(
    line: int, values: dict[str, str], units: dict[str, Unit], by, errors: list[tuple[int, str]]
) -> PersonRow | None:
    before = len(errors)

    def error(message: str) -> None:
        errors.append((line, f"Dòng {line}: {message}"))

    full_name, username, email = values["full_name"], values["username"], values["email"].lower()
    phone, unit_code = values["phone"], values["unit_code"]
    if len(full_name) > 200:
        error("họ và tên dài quá 200 ký tự.")
    if username:
        if len(username) > 150 or not _valid_username(username):
            error(
                f"tên đăng nhập '{username}' không hợp lệ "
                "(tối đa 150 ký tự: chữ, số và @ . + - _, không có dấu cách)."
            )
    if email:
        try:
            validate_email(email)
        except ValidationError:
            error(f"e-mail '{email}' không hợp lệ.")
    if phone and not PHONE_RE.match(phone):
        error(f"số điện thoại '{phone}' không hợp lệ.")
    unit = units.get(unit_code.casefold()) if unit_code else None
    if unit_code and unit is None:
        # Same message for a unit outside the importer's subtree: do not reveal that it exists.
        error(f"mã đơn vị '{unit_code}' không tồn tại.")
    elif unit is not None and not unit.is_active:
        error(f"đơn vị '{unit_code}' đã ngừng hoạt động.")
    roles, unknown = parse_roles(values["roles"])
    for part in unknown:
        error(f"vai trò '{part}' không tồn tại.")
    if values["roles"] and not roles and not unknown:
        error("thiếu 'Vai trò'.")
    if unit is not None:
        for role in roles:
            if not rules.can_grant_role(by, unit, role):
                error(f"bạn không có quyền giao vai trò '{Role(role).label}'.")
    if len(errors) > before:
        return None
    return PersonRow(line, full_name, username, email, phone, unit, roles)


def _valid_username(username: str) -> bool:
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        return False
    return True


def _check_duplicates(rows: list[tuple[int, dict[str, str]]], errors: list[tuple[int, str]]) -> None:
    """Duplicates inside the file and against accounts already in the database (batched queries)."""
    User = get_user_model()
    for key, label, what in (("username", "username", "tên đăng nhập"), ("email", "email", "e-mail")):
        first_line: dict[str, int] = {}
        wanted: dict[str, list[int]] = {}
        for line, values in rows:
            value = values[key]
            if not value:
                continue
            folded = value.casefold()
            if folded in first_line:
                errors.append(
                    (line, f"Dòng {line}: {what} '{value}' bị trùng với dòng {first_line[folded]}.")
                )
            else:
                first_line[folded] = line
                wanted.setdefault(folded, []).append(line)
        keys = list(wanted)
        taken: set[str] = set()
        for start in range(0, len(keys), 500):
            chunk = keys[start : start + 500]
            taken |= {
                v.casefold()
                for v in User.objects.annotate(folded=Lower(label))
                .filter(folded__in=chunk)
                .values_list(label, flat=True)
            }
        by_line = dict(rows)
        for folded in taken:
            for line in wanted[folded]:
                value = by_line[line][key]
                message = (
                    f"tên đăng nhập '{value}' đã có người dùng"
                    if key == "username"
                    else f"e-mail '{value}' đã được dùng"
                )
                errors.append((line, f"Dòng {line}: {message}."))


def validate(fileobj: BinaryIO, by) -> ImportResult:
    """Read and check the whole file for the importing user `by`; writes nothing."""
    result = ImportResult()
    errors: list[tuple[int, str]] = []
    checked: list[PersonRow] = []
    raw: list[tuple[int, dict[str, str]]] = []
    try:
        rows = read_rows(fileobj)
        header_cells = None
        header_line = 0
        for header_line, cells in enumerate(rows, start=1):  # noqa: B007 - header_line is used below
            if not _blank(cells):
                header_cells = cells
                break
        if header_cells is None:
            raise ImportRefused("Tệp rỗng: không có dòng tiêu đề và dữ liệu.")
        positions = _header(header_cells)
        units = {u.code.casefold(): u for u in rules.manageable_units(by)}
        limit = max_rows()
        for line, cells in enumerate(rows, start=header_line + 1):
            if _blank(cells):
                continue
            if len(raw) >= limit:
                limit_text = f"{limit:,}".replace(",", ".")
                raise ImportRefused(
                    f"Tệp có quá {limit_text} dòng dữ liệu; hãy chia thành nhiều tệp nhỏ hơn."
                )
            values: dict[str, str] = {}
            bad_cell = False
            for key, pos in positions.items():
                text = _text(cells[pos] if pos < len(cells) else None, COLUMNS[key], line, errors)
                bad_cell |= text is None
                values[key] = text or ""
            if any(not _blank([c]) for i, c in enumerate(cells) if i not in positions.values()):
                errors.append((line, f"Dòng {line}: có dữ liệu nằm ngoài các cột đã đặt tên."))
            if not bad_cell:
                for key, label in COLUMNS.items():
                    if key not in OPTIONAL_VALUES and not values[key]:
                        errors.append((line, f"Dòng {line}: thiếu '{label}'."))
            values["email"] = values["email"].lower()
            raw.append((line, values))
            row = _check_row(line, values, units, by, errors)
            if row is not None:
                checked.append(row)
        if not raw:
            raise ImportRefused("Tệp không có dòng dữ liệu nào dưới dòng tiêu đề.")
        _check_duplicates(raw, errors)
    except ImportRefused as exc:
        result.errors = exc.errors
        return result
    if errors:
        # Stable sort: row order, and within a row the order the checks ran.
        result.errors = [message for _, message in sorted(errors, key=lambda item: item[0])]
    else:
        result.rows = checked
    return result


@transaction.atomic
def _write(rows: list[PersonRow], by) -> list:
    User = get_user_model()
    created = []
    for row in rows:
        user = User(username=row.username, full_name=row.full_name, email=row.email, phone=row.phone)
        user.set_unusable_password()
        user.save()
        for role in row.roles:  # one save each, so the audit log records every role granted
            grants.grant(by, user, row.unit, role)  # a sensitive role waits for a second person
        created.append(user)
    return created


def import_people(fileobj: BinaryIO, by) -> ImportResult:
    """Validate the file, then create every person and role in one transaction, or nothing."""
    result = validate(fileobj, by)
    if result.ok:
        try:
            result.created = _write(result.rows, by)
        except IntegrityError:  # a concurrent insert of the same username or e-mail
            result.errors = [
                "Không nhập được: dữ liệu vừa bị thay đổi bởi người khác (trùng tên đăng nhập hoặc e-mail). Hãy thử lại."
            ]
            result.created = []
    return result


def template_workbook(unit_code: str = "THCS-VIDU") -> bytes:
    """An .xlsx with the expected headers and one example row."""
    import openpyxl
    from openpyxl.styles import Font

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Người dùng"
    append_row(sheet, COLUMNS.values())
    append_row(
        sheet,
        [
            "Nguyễn Thị Ví Dụ",
            "vidu.nguyen",
            "vidu.nguyen@truong.edu.vn",
            "0912345678",
            unit_code,
            "Giáo viên, Người soạn tin",
        ]
    )
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for column, width in zip("ABCDEF", (28, 20, 32, 16, 18, 36), strict=True):
        sheet.column_dimensions[column].width = width
        for cell in sheet[column]:
            cell.number_format = "@"  # text, so phone numbers keep their leading zero
    help_sheet = workbook.create_sheet("Hướng dẫn")
    append_row(help_sheet, ["Vai trò (nhập mã hoặc tên, cách nhau bằng dấu phẩy)", "Mã"])
    for value, label in Role.choices:
        append_row(help_sheet, [label, value])
    append_row(help_sheet, [])
    append_row(
        help_sheet,
        ["Chỉ trang tính đầu tiên được nhập. Mỗi dòng là một người; điện thoại có thể để trống."]
    )
    help_sheet.column_dimensions["A"].width = 50
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
