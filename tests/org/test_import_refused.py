"""Bad import files: every one gets a Vietnamese message and nothing at all is imported."""

import datetime
import io
import unicodedata
import zipfile

import pytest

from mangxanh.org import importing

from .helpers import snapshot
from .importfiles import HEADER, ROWS, csv_bytes, upload, xlsx_bytes

IMPORTER = "xa.benthuy.quantri"


def _post(user_client, data: bytes, name: str = "danh-sach.xlsx") -> str:
    response = user_client(IMPORTER).post("/don-vi/nguoi-dung/nhap-tep/", {"file": upload(data, name)})
    assert response.status_code == 200
    return response.content.decode()


def _refused(user_client, data: bytes, *messages: str, name: str = "danh-sach.xlsx") -> str:
    before = snapshot()
    body = _post(user_client, data, name)
    assert "Không nhập được" in body
    for message in messages:
        assert message in body, message
    assert snapshot() == before
    return body


def test_unknown_column(demo, user_client):
    header = [*HEADER, "Lop"]
    _refused(user_client, xlsx_bytes([[*r, "6A"] for r in ROWS], header=header), "Cột lạ &#x27;Lop&#x27;")


def test_missing_column(demo, user_client):
    header = [h for h in HEADER if h != "Mã đơn vị"]
    rows = [[v for i, v in enumerate(r) if i != 4] for r in ROWS]
    _refused(user_client, csv_bytes(rows, header=header), "Thiếu cột &#x27;Mã đơn vị&#x27;", name="a.csv")


def test_duplicate_username_in_file(demo, user_client):
    rows = [*ROWS, ["Nguyễn Văn An (2)", "NV.AN", "an2@thcs-benthuy.edu.vn", "", "THCS-BENTHUY", "teacher"]]
    _refused(user_client, xlsx_bytes(rows), "Dòng 5: tên đăng nhập &#x27;NV.AN&#x27; bị trùng với dòng 2.")


def test_user_already_in_database(demo, user_client):
    rows = [
        ROWS[0],
        ["Người Trùng", "thcs.bientap", "moi@thcs-benthuy.edu.vn", "", "THCS-BENTHUY", "teacher"],
        ["Người Trùng Mail", "nguoi.moi", "THCS.BIENTAP@demo.songlam.edu.vn", "", "THCS-BENTHUY", "teacher"],
    ]
    _refused(
        user_client,
        xlsx_bytes(rows),
        "Dòng 3: tên đăng nhập &#x27;thcs.bientap&#x27; đã có người dùng.",
        "Dòng 4: e-mail &#x27;thcs.bientap@demo.songlam.edu.vn&#x27; đã được dùng.",
    )


def test_unknown_unit_and_unit_outside_subtree_get_the_same_message(demo, user_client):
    rows = [
        ROWS[0],
        ["Người A", "nguoi.a", "a@x.edu.vn", "", "ABC", "teacher"],
        ["Người B", "nguoi.b", "b@x.edu.vn", "", "THCS-HONGSON", "teacher"],
    ]
    body = _refused(
        user_client,
        xlsx_bytes(rows),
        "Dòng 3: mã đơn vị &#x27;ABC&#x27; không tồn tại.",
        "Dòng 4: mã đơn vị &#x27;THCS-HONGSON&#x27; không tồn tại.",
    )
    assert "Hồng Sơn" not in body


def test_one_bad_row_among_good_ones_imports_nothing(demo, user_client):
    rows = [*ROWS, ["", "thieu.ten", "thieu.ten@x.edu.vn", "", "THCS-BENTHUY", "teacher"]]
    _refused(user_client, csv_bytes(rows), "Dòng 5: thiếu &#x27;Họ và tên&#x27;.", name="a.csv")


def test_every_error_is_listed_row_by_row(demo, user_client):
    rows = [
        ["Người A", "nguoi a", "khong-phai-email", "12", "THCS-BENTHUY", "hiệu phó"],
        ["Người B", "nguoi.b", "b@x.edu.vn", "", "THCS-BENTHUY", "system_admin"],
    ]
    _refused(
        user_client,
        xlsx_bytes(rows),
        "Dòng 2: tên đăng nhập &#x27;nguoi a&#x27; không hợp lệ",
        "Dòng 2: e-mail &#x27;khong-phai-email&#x27; không hợp lệ.",
        "Dòng 2: số điện thoại &#x27;12&#x27; không hợp lệ.",
        "Dòng 2: vai trò &#x27;hiệu phó&#x27; không tồn tại.",
        "Dòng 3: bạn không có quyền giao vai trò &#x27;Quản trị hệ thống&#x27;.",
    )


def test_png_renamed_to_xlsx(demo, user_client):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 8
    _refused(user_client, png, "Tệp không phải bảng tính")


def test_zip_that_is_not_a_workbook(demo, user_client):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("ghi-chu.txt", "không phải bảng tính")
    _refused(user_client, buffer.getvalue(), "Tệp không phải bảng tính Excel (.xlsx) hợp lệ.")


def test_truncated_xlsx(demo, user_client):
    _refused(user_client, xlsx_bytes(ROWS)[:300], "Tệp không phải bảng tính Excel (.xlsx) hợp lệ")


def test_legacy_xls(demo, user_client):
    _refused(
        user_client,
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600,
        "Định dạng Excel cũ (.xls)",
        name="a.xls",
    )


def test_empty_file(demo, user_client):
    before = snapshot()
    body = _post(user_client, b"", "rong.csv")
    assert "Tệp rỗng" in body
    assert snapshot() == before


def test_header_only(demo, user_client):
    _refused(user_client, csv_bytes([]), "Tệp không có dòng dữ liệu nào", name="a.csv")


def test_blank_lines_only(demo, user_client):
    _refused(user_client, b"\n\n ,,\n", "Tệp rỗng", name="a.csv")


def test_broken_unicode_csv(demo, user_client):
    data = csv_bytes(ROWS).replace("Nguyễn".encode(), "Nguy\xe1\xbb".encode("latin-1"))
    _refused(user_client, data, "mã UTF-8", name="a.csv")


def test_windows_1258_csv_is_refused(demo, user_client):
    # "Lê Văn Đức" as Windows-1258 bytes (ê, ă, Đ, ư + combining acute).
    data = b"Ho va ten,Ten dang nhap\nL\xea V\xe3n \xd0\xfd\xecc,le.duc\n"
    assert unicodedata.normalize("NFC", data.decode("cp1258")).endswith("Lê Văn Đức,le.duc\n")
    _refused(user_client, data, "mã UTF-8", name="a.csv")


def test_utf16_text_is_refused(demo, user_client):
    _refused(user_client, ",".join(HEADER).encode("utf-16"), "Tệp không phải bảng tính", name="a.csv")


def test_xlsx_formula_number_and_date_cells(demo, user_client):
    rows = [
        ['=CONCAT("Ng","uyễn")', "nv.an", "an@x.edu.vn", "", "THCS-BENTHUY", "teacher"],
        ["Người B", "nguoi.b", "b@x.edu.vn", 912000002, "THCS-BENTHUY", "teacher"],
        ["Người C", datetime.date(2026, 1, 1), "c@x.edu.vn", "", "THCS-BENTHUY", "teacher"],
    ]
    _refused(
        user_client,
        xlsx_bytes(rows),
        "Dòng 2: ô &#x27;Họ và tên&#x27; chứa công thức",
        "Dòng 3: ô &#x27;Điện thoại&#x27; phải là chữ",
        "Dòng 4: ô &#x27;Tên đăng nhập&#x27; phải là chữ",
    )


def test_csv_formula_and_control_characters(demo, user_client):
    rows = [
        ['=HYPERLINK("http://x")', "nv.an", "an@x.edu.vn", "", "THCS-BENTHUY", "teacher"],
        ["Người\x07B", "nguoi.b", "b@x.edu.vn", "", "THCS-BENTHUY", "teacher"],
    ]
    _refused(
        user_client,
        csv_bytes(rows),
        "Dòng 2: ô &#x27;Họ và tên&#x27; chứa công thức",
        "Dòng 3: ô &#x27;Họ và tên&#x27; chứa ký tự lỗi",
        name="a.csv",
    )


def test_too_many_rows(demo, user_client, settings):
    settings.MANGXANH_MAX_IMPORT_ROWS = 10
    rows = [[f"Người {i}", f"nguoi.{i}", f"n{i}@x.edu.vn", "", "THCS-BENTHUY", "teacher"] for i in range(11)]
    _refused(user_client, csv_bytes(rows), "Tệp có quá 10 dòng dữ liệu", name="a.csv")


def test_default_row_limit_is_5000(demo, user_client):
    rows = [
        [f"Người {i}", f"nguoi.{i}", f"n{i}@x.edu.vn", "", "THCS-BENTHUY", "teacher"] for i in range(5001)
    ]
    _refused(user_client, csv_bytes(rows), "Tệp có quá 5.000 dòng dữ liệu", name="a.csv")


def test_importer_without_admin_role_is_refused(demo, user_client):
    before = snapshot()
    response = user_client("thcs.giaovien").post(
        "/don-vi/nguoi-dung/nhap-tep/", {"file": upload(xlsx_bytes(ROWS))}
    )
    assert response.status_code == 403
    assert snapshot() == before


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (b"", "Tệp rỗng"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "Tệp không phải bảng tính"),
        (b"PK\x03\x04garbage", "Tệp không phải bảng tính Excel (.xlsx) hợp lệ"),
    ],
)
def test_plain_function_refuses_bad_files(demo, data, message):
    from django.contrib.auth import get_user_model

    by = get_user_model().objects.get(username=IMPORTER)
    before = snapshot()
    result = importing.import_people(io.BytesIO(data), by)
    assert not result.ok
    assert message in result.errors[0]
    assert snapshot() == before


def test_plain_function_checks_size_before_parsing(demo, settings):
    from django.contrib.auth import get_user_model

    settings.MANGXANH_MAX_IMPORT_BYTES = 1000
    by = get_user_model().objects.get(username=IMPORTER)
    result = importing.import_people(io.BytesIO(b"\x89PNG" + b"\x00" * 5000), by)
    assert result.errors == ["Tệp quá lớn: chỉ nhận tệp tối đa 1 KB."]


def test_management_command_reports_every_error_and_imports_nothing(demo, tmp_path, capsys):
    from django.core.management import CommandError, call_command

    path = tmp_path / "loi.csv"
    path.write_bytes(csv_bytes([*ROWS, ["Người X", "nv.an", "x@x.edu.vn", "", "ABC", "teacher"]]))
    before = snapshot()
    with pytest.raises(CommandError, match="Không nhập được: 2 lỗi"):
        call_command("import_people", str(path), "--by", IMPORTER)
    err = capsys.readouterr().err
    assert "Dòng 5: mã đơn vị 'ABC' không tồn tại." in err
    assert "Dòng 5: tên đăng nhập 'nv.an' bị trùng với dòng 2." in err
    assert snapshot() == before


def test_management_command_refuses_non_admin(demo, tmp_path):
    from django.core.management import CommandError, call_command

    path = tmp_path / "a.csv"
    path.write_bytes(csv_bytes(ROWS))
    with pytest.raises(CommandError, match="không phải quản trị"):
        call_command("import_people", str(path), "--by", "thcs.giaovien")
