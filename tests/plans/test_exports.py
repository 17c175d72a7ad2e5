"""Documents out: DOCX in the Decree 30 format, XLSX whose totals equal the sum of rows, PDF."""

from __future__ import annotations

import datetime as dt
import io

import docx
import openpyxl
from django.urls import reverse
from docx.shared import Mm

from mangxanh.plans import exports, services
from mangxanh.plans.models import Activity
from tests.plans.conftest import document_text, user


def test_vietnamese_date_form():
    assert exports.vietnamese_date("Sông Lam", dt.date(2026, 2, 5)) == "Sông Lam, ngày 05 tháng 02 năm 2026"
    assert exports.vietnamese_date("Sông Lam", dt.date(2026, 11, 30)) == "Sông Lam, ngày 30 tháng 11 năm 2026"
    assert exports.vietnamese_date("Sông Lam", None) == "Sông Lam, ngày … tháng … năm …"


def test_plan_docx_has_the_administrative_format(plan, user_client):
    plan.number, plan.issued_on, plan.signer_name = 15, dt.date(2026, 3, 9), "Nguyễn Văn Hùng"
    plan.save()
    response = user_client("so.lanhdao").get(reverse("plans:document_export", args=[plan.pk, "docx"]))
    assert response.status_code == 200
    document = docx.Document(io.BytesIO(response.content))
    text = document_text(document)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text and "Độc lập - Tự do - Hạnh phúc" in text
    assert "UBND TỈNH SÔNG LAM" in text and "SỞ GIÁO DỤC VÀ ĐÀO TẠO" in text
    assert "Số: 15/KH-SGDĐT" in text
    assert "Sông Lam, ngày 09 tháng 3 năm 2026" in text
    assert "KẾ HOẠCH" in text and "Nơi nhận:" in text and "KT. GIÁM ĐỐC" in text and "Nguyễn Văn Hùng" in text
    assert "100% các trường" in text
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(1) and abs(section.left_margin - Mm(30)) < Mm(1)
    assert abs(section.right_margin - Mm(15)) < Mm(1) and abs(section.top_margin - Mm(20)) < Mm(1)
    fonts = {run.font.name for p in document.paragraphs for run in p.runs}
    assert fonts == {"Times New Roman"}


def test_directive_docx_has_addressees_and_subject_line(demo):
    directive = services.create_from_template("binh-son-2024", demo["XA-BENTHUY"], user("xa.benthuy"))
    text = document_text(docx.Document(io.BytesIO(exports.to_docx(exports.plan_document(directive)))))
    assert "Kính gửi:" in text and "V/v tiếp tục quán triệt" in text and "ỦY BAN NHÂN DÂN PHƯỜNG BẾN THỦY" in text
    assert "Bến Thủy, ngày … tháng … năm …" in text


def test_report_exports_xlsx_totals_docx_and_pdf(period, demo, user_client):
    for code, students in (("THCS-BENTHUY", 120), ("TH-BENTHUY", 80), ("XA-BENTHUY", 15)):
        Activity.objects.create(unit=demo[code], kind="article", title="Tin bài", held_on=dt.date(2026, 9, 9),
                                student_count=students, staff_count=3, parent_count=2)
    for code, username in (("THCS-BENTHUY", "thcs.hieutruong"),):
        report = services.report_for(period, demo[code])
        services.approve(report, user(username))
        services.submit(report, user(username))
    commune = services.report_for(period, demo["XA-BENTHUY"])
    client = user_client("xa.benthuy")
    book = openpyxl.load_workbook(io.BytesIO(client.get(reverse("plans:report_export",
                                                                args=[commune.pk, "xlsx"])).content))
    rows = list(book.active.iter_rows(values_only=True))
    header, body, totals = rows[1], rows[2:-1], rows[-1]
    assert totals[0] == "Tổng cộng" and len(body) == 2
    for col in range(1, len(header)):
        assert totals[col] == sum(row[col] for row in body)
    assert totals[3] == 135  # the commune's own 15 + the school's submitted 120; TH Bến Thủy has not submitted
    word = docx.Document(io.BytesIO(client.get(reverse("plans:report_export", args=[commune.pk, "docx"])).content))
    text = document_text(word)
    assert "BÁO CÁO" in text and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text
    assert "Trường Tiểu học Bến Thủy" in text  # named as not submitted
    assert word.inline_shapes  # the chart
    pdf = client.get(reverse("plans:report_export", args=[commune.pk, "pdf"])).content
    assert pdf.startswith(b"%PDF") and len(pdf) > 2000


def test_xlsx_totals_for_any_rows():
    data = exports.to_xlsx("Thử", ["Đơn vị", "A", "B"], [["X", 1, 2], ["Y", 3, 4], ["Z", 0, 10]])
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert rows[-1] == ("Tổng cộng", 4, 16)


def test_plan_pdf_and_acknowledgement_xlsx(sent_plan, demo, user_client):
    from mangxanh.plans.models import Distribution

    services.acknowledge(Distribution.objects.get(document=sent_plan, unit=demo["THCS-BENTHUY"]),
                         user("thcs.hieutruong"), staff=40, students=600)
    services.acknowledge(Distribution.objects.get(document=sent_plan, unit=demo["THCS-HONGSON"]),
                         user("hongson.duyet"), staff=35, students=550)
    client = user_client("so.lanhdao")
    pdf = client.get(reverse("plans:document_export", args=[sent_plan.pk, "pdf"])).content
    assert pdf.startswith(b"%PDF")
    data = client.get(reverse("plans:document_export", args=[sent_plan.pk, "xlsx"])).content
    rows = list(openpyxl.load_workbook(io.BytesIO(data)).active.iter_rows(values_only=True))
    assert len(rows[2:-1]) == sent_plan.distributions.count()
    assert rows[-1][2:] == (75, 1150)


def test_department_report_is_addressed_to_the_provincial_committee(period, demo):
    """The Sở has no unit above it in the tree: its report goes to the province's people's committee,
    never to a placeholder «Cấp trên» that the unit would have to correct before signing."""
    report = services.report_for(period, demo["SGD-SL"])
    document = exports.report_document(report, services.live_numbers(report))
    assert document.recipients.startswith("- UBND tỉnh Sông Lam (để báo cáo);")
    assert "Cấp trên" not in document.recipients
    school = services.report_for(period, demo["THCS-BENTHUY"])
    assert exports.report_document(school, services.live_numbers(school)).recipients.startswith(
        "- UBND phường Bến Thủy (để báo cáo);")
