"""Build import files in memory for the tests (our own fictional Vietnamese rows)."""

from __future__ import annotations

import io

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

HEADER = ["Họ và tên", "Tên đăng nhập", "E-mail", "Điện thoại", "Mã đơn vị", "Vai trò"]
ROWS = [
    ["Nguyễn Văn An", "nv.an", "an.nguyen@thcs-benthuy.edu.vn", "0912000001", "THCS-BENTHUY", "Giáo viên"],
    [
        "Trần Thị Bích",
        "tt.bich",
        "bich.tran@thcs-benthuy.edu.vn",
        "",
        "THCS-BENTHUY",
        "editor, Ban biên tập (duyệt tin)",
    ],
    [
        "Lê Quang Cường",
        "lq.cuong",
        "cuong.le@th-benthuy.edu.vn",
        "+84 912 000 003",
        "TH-BENTHUY",
        "giao vien",
    ],
]


def xlsx_bytes(rows: list[list], header: list | None = None) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(header if header is not None else HEADER)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def csv_bytes(rows: list[list], header: list | None = None, delimiter: str = ",", bom: bool = False) -> bytes:
    import csv

    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(header if header is not None else HEADER)
    writer.writerows(rows)
    data = buffer.getvalue().encode("utf-8")
    return (b"\xef\xbb\xbf" + data) if bom else data


def upload(data: bytes, name: str = "danh-sach.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type="application/octet-stream")
