"""Official documents a unit can sign as they are (Decree 30/2020/NĐ-CP), issue 12 item 12."""

from __future__ import annotations

import datetime as dt
import io

import docx
from docx.enum.section import WD_ORIENT

from mangxanh.plans import exports, letterhead, services
from mangxanh.plans.models import Distribution
from tests.plans.conftest import document_text, user


def cell_lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text.strip()]


def signer_cell(document):
    closing = next(t for t in document.tables if "Nơi nhận:" in t.rows[0].cells[0].text)
    return closing.rows[0].cells[1]


def test_department_plan_header_number_signer_and_page_numbers(plan):
    plan.number, plan.issued_on, plan.signer_name = 125, dt.date(2026, 9, 5), "Nguyễn Văn Hùng"
    plan.save()
    document = docx.Document(io.BytesIO(exports.to_docx(exports.plan_document(plan))))
    left = cell_lines(document.tables[0].rows[0].cells[0])
    assert left[:3] == ["UBND TỈNH SÔNG LAM", "SỞ GIÁO DỤC VÀ ĐÀO TẠO", "Số: 125/KH-SGDĐT"]
    right = cell_lines(document.tables[0].rows[0].cells[1])
    assert right == ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                     "Sông Lam, ngày 05 tháng 9 năm 2026"]
    signer = signer_cell(document)
    lines = [p.text for p in signer.paragraphs]
    assert cell_lines(signer) == ["KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Hùng"]
    assert lines.index("Nguyễn Văn Hùng") - lines.index("PHÓ GIÁM ĐỐC") > 3  # room for signature and seal
    header = document.sections[0].header._element.xml
    assert "PAGE" in header and document.sections[0].different_first_page_header_footer


def test_template_defaults_follow_the_issuing_unit(demo):
    # The Gia Lâm template was written by a phòng; each unit gets its own symbol and signer.
    so = services.create_from_template("gia-lam-2021", demo["SGD-SL"], user("so.lanhdao"))
    assert (so.symbol, so.signer_title) == ("KH-SGDĐT", "KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC")
    school = services.create_from_template("gia-lam-2021", demo["THCS-BENTHUY"], user("thcs.hieutruong"))
    assert (school.symbol, school.signer_title, school.place) == ("KH-THCSBT", "HIỆU TRƯỞNG", "Bến Thủy")
    office = services.create_from_template("nam-dinh-2024", demo["PGD-NAMDAN"], user("admin"))
    assert (office.symbol, office.signer_title) == ("KH-PGDĐT", "KT. TRƯỞNG PHÒNG\nPHÓ TRƯỞNG PHÒNG")
    directive = services.create_from_template("binh-son-2024", demo["SGD-SL"], user("so.lanhdao"))
    assert directive.symbol == "SGDĐT"
    assert letterhead.header_lines(demo["PGD-NAMDAN"]) == ("UBND HUYỆN NAM ĐÀN", "PHÒNG GIÁO DỤC VÀ ĐÀO TẠO")
    assert letterhead.header_lines(demo["XA-BENTHUY"]) == ("", "ỦY BAN NHÂN DÂN PHƯỜNG BẾN THỦY")


def test_directive_subject_line_has_one_vv(demo):
    directive = services.create_from_template("binh-son-2024", demo["SGD-SL"], user("so.lanhdao"))
    text = document_text(docx.Document(io.BytesIO(exports.to_docx(exports.plan_document(directive)))))
    assert "V/v tiếp tục quán triệt" in text and "V/v V/v" not in text


def test_implementation_cites_the_higher_plan_naturally(sent_plan, demo):
    sent_plan.number = 125
    sent_plan.save()
    distribution = Distribution.objects.get(document=sent_plan, unit=demo["THCS-BENTHUY"])
    own = services.implement(distribution, user("thcs.hieutruong"))
    issued = sent_plan.issued_on
    assert own.basis == (
        f"Thực hiện Kế hoạch số 125/KH-SGDĐT ngày {issued:%d}/{letterhead._short_date(issued)[3:]} "
        "của Sở GDĐT Sông Lam về triển khai Mô hình “Nắm chắc, quản chặt, ngăn chặn vi phạm pháp luật "
        "trên không gian mạng” ngành Giáo dục và Đào tạo."
    )
    assert "về việc" not in own.basis
    assert (own.symbol, own.signer_title) == ("KH-THCSBT", "HIỆU TRƯỞNG")


def test_school_report_as_signed(period, demo):
    period.document.number = 125
    period.document.save()
    school = demo["THCS-BENTHUY"]
    services.acknowledge(Distribution.objects.get(document=period.document, unit=school),
                         user("thcs.hieutruong"), staff=40, students=1200)
    report = services.report_for(period, school)
    services.approve(report, user("thcs.hieutruong"))
    services.submit(report, user("thcs.hieutruong"))
    report.refresh_from_db()
    document = docx.Document(io.BytesIO(exports.to_docx(exports.report_document(report,
                                                                                services.live_numbers(report)))))
    text = document_text(document)
    left = cell_lines(document.tables[0].rows[0].cells[0])
    assert left[:3] == ["UBND PHƯỜNG BẾN THỦY", "TRƯỜNG THCS BẾN THỦY", "Số:      /BC-THCSBT"]
    submitted = report.submitted_at.astimezone().date()
    assert exports.vietnamese_date("Bến Thủy", submitted) in text
    assert "Kết quả thực hiện Kế hoạch số 125/KH-SGDĐT" in text and "của Sở GDĐT Sông Lam về triển khai" in text
    assert "về việc" not in text.split("BÁO CÁO", 1)[1].split("I. KẾT QUẢ")[0]
    assert text.count("về triển khai Mô hình") == 1  # the title says what the plan is about, once
    assert "Thực hiện Kế hoạch số 125/KH-SGDĐT" in text and "Trường THCS Bến Thủy báo cáo kết quả" in text
    # A school speaks of its own people only (no «1/1 đơn vị» about itself); numbers in Vietnamese style.
    assert "đơn vị xác nhận" not in text and "1/1 đơn vị" not in text
    assert "Đơn vị đã quán triệt" in text and "1.200 lượt học sinh được quán triệt" in text
    assert "40 lượt cán bộ" in text and "1.200 lượt học sinh" in text and "1200" not in text
    # Blank narrative headings are left out, not printed empty.
    assert "I. KẾT QUẢ ĐẠT ĐƯỢC" in text and "HẠN CHẾ" not in text and "NGUYÊN NHÂN" not in text
    assert "Tất cả" not in text and "TÌNH HÌNH BÁO CÁO" not in text  # nobody reports to a school
    assert cell_lines(signer_cell(document)) == ["HIỆU TRƯỞNG", "Bùi Thị Hằng"]
    orientations = [s.orientation for s in document.sections]
    assert WD_ORIENT.LANDSCAPE in orientations and orientations[0] == WD_ORIENT.PORTRAIT
    wide = next(s for s in document.sections if s.orientation == WD_ORIENT.LANDSCAPE)
    assert wide.page_width > wide.page_height
    # The figures come after the signature as an annex, so the signature never stands alone.
    paragraphs = [p.text for p in document.paragraphs]
    assert paragraphs.index("PHỤ LỤC") > 0 and document.sections[-1].orientation == WD_ORIENT.LANDSCAPE


def test_commune_report_lists_missing_schools_only_when_it_has_some(period, demo):
    numbers = services.live_numbers(services.report_for(period, demo["XA-BENTHUY"]))
    doc = exports.report_document(services.report_for(period, demo["XA-BENTHUY"]), numbers)
    status = dict(doc.sections)["II. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ"]
    assert "Trường THCS Bến Thủy" in status and "Tất cả" not in status


def test_report_headings_are_renumbered_around_blank_ones(period, demo):
    report = services.report_for(period, demo["THCS-BENTHUY"])
    report.causes = "Thiếu thời gian."
    report.save()
    headings = [h for h, _ in exports.report_document(report, services.live_numbers(report)).sections if h]
    assert headings[:2] == ["I. KẾT QUẢ ĐẠT ĐƯỢC", "II. NGUYÊN NHÂN"]
