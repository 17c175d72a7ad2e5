"""Documents out: DOCX in the Decree 30/2020 administrative format, XLSX with totals, PDF, charts.

Decree 30/2020/NĐ-CP, Appendix I: A4; margins top/bottom 20–25 mm, left 30–35 mm,
right 15–20 mm; Times New Roman 13–14; national title in capitals 12–13 bold, motto
13–14 bold; place and date in italics with a leading zero for days below 10 and
for months 1 and 2.
"""

from __future__ import annotations

import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path

from django.utils import timezone

from mangxanh.core.spreadsheet import append_row
from mangxanh.plans import letterhead

NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
FONT = "Times New Roman"


def vietnamese_date(place: str, day: dt.date | None) -> str:
    place = place or "…"
    if day is None:
        return f"{place}, ngày … tháng … năm …"
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{place}, ngày {day.day:02d} tháng {month} năm {day.year}"


@dataclass
class AdminDocument:
    """What a Decree 30 document needs, whatever it came from (plan, directive, report)."""

    parent_agency: str
    issuer: str
    number_and_symbol: str
    place_and_date: str
    kind_title: str  # "KẾ HOẠCH", "BÁO CÁO"; empty for a công văn (its trích yếu sits under the number)
    title: str
    addressees: str = ""
    sections: list[tuple[str, str]] = field(default_factory=list)  # (heading, body)
    table: tuple[list[str], list[list]] | None = None
    chart_png: bytes | None = None
    recipients: str = ""
    signer_title: str = ""
    signer_name: str = ""
    annex_title: str = ""  # the caption of the figures printed after the signature


# --- DOCX -------------------------------------------------------------------------------------------

WIDE_TABLE_COLUMNS = 7  # more columns than this do not fit a portrait A4 page in 13 pt
SIGNATURE_LINES = 4  # blank lines between the signer's title and name for the signature and seal


def _page_number_field(paragraph) -> None:
    """A PAGE field: Word and LibreOffice print the current page number there."""
    from docx.oxml import OxmlElement
    from docx.oxml.ns import qn

    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, "PAGE"), ("separate", None), (None, "2"), ("end", None)):
        if kind:
            element = OxmlElement("w:fldChar")
            element.set(qn("w:fldCharType"), kind)
        elif text == "PAGE":
            element = OxmlElement("w:instrText")
            element.set(qn("xml:space"), "preserve")
            element.text = " PAGE "
        else:
            element = OxmlElement("w:t")
            element.text = text
        run._r.append(element)


def _set_page(section, *, landscape: bool) -> None:
    from docx.enum.section import WD_ORIENT
    from docx.shared import Mm

    section.orientation = WD_ORIENT.LANDSCAPE if landscape else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = (Mm(297), Mm(210)) if landscape else (Mm(210), Mm(297))
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)


def _number_pages(section) -> None:
    # Decree 30: page numbers centred in the top margin, from the second page on.
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    section.different_first_page_header_footer = True
    section.header.is_linked_to_previous = False
    paragraph = section.header.paragraphs[0]
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    _page_number_field(paragraph)


def _docx_annex(out, doc: AdminDocument, para) -> None:
    """Figures after the signature, as an annex (Phụ lục) on its own pages; landscape when wide,
    so the signature block never lands alone on a page after a wide table."""
    from docx.enum.section import WD_SECTION
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Mm, Pt

    wide = bool(doc.table) and len(doc.table[0]) > WIDE_TABLE_COLUMNS
    _set_page(out.add_section(WD_SECTION.NEW_PAGE), landscape=wide)
    center = WD_ALIGN_PARAGRAPH.CENTER
    para(out, "PHỤ LỤC", size=14, bold=True, align=center)
    para(out, doc.annex_title or f"Số liệu kèm theo {doc.kind_title.capitalize() or 'văn bản'}", size=14,
         italic=True, align=center, space_after=12)
    if doc.table:
        headers, rows = doc.table
        table = out.add_table(rows=1, cols=len(headers))
        table.style = "Table Grid"
        for cell, text in zip(table.rows[0].cells, headers, strict=True):
            cell.text = str(text)
            run = cell.paragraphs[0].runs[0]
            run.bold, run.font.size = True, Pt(11)
        for row in rows:
            cells = table.add_row().cells
            for cell, value in zip(cells, row, strict=True):
                cell.text = number(value)
                cell.paragraphs[0].runs[0].font.size = Pt(12)
    if doc.chart_png:
        para(out, "")
        out.add_picture(io.BytesIO(doc.chart_png), width=Mm(150))


def to_docx(doc: AdminDocument) -> bytes:
    from docx import Document as Docx
    from docx.enum.table import WD_TABLE_ALIGNMENT
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.oxml.ns import qn
    from docx.shared import Mm, Pt

    out = Docx()
    section = out.sections[0]
    _set_page(section, landscape=False)
    _number_pages(section)
    normal = out.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), FONT)

    def para(container, text, *, size=14, bold=False, italic=False, underline=False, align=None, space_after=0):
        p = container.add_paragraph()
        run = p.add_run(text)
        run.font.name, run.font.size, run.bold, run.italic = FONT, Pt(size), bold, italic
        run.underline = underline
        if align is not None:
            p.alignment = align
        p.paragraph_format.space_after = Pt(space_after)
        return p

    center = WD_ALIGN_PARAGRAPH.CENTER
    header = out.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = Mm(70), Mm(95)
    left.paragraphs[0].text = ""
    if doc.parent_agency:
        para(left, doc.parent_agency.upper(), size=13, align=center)
    # The issuing unit bold and underlined (Decree 30's short rule under the name).
    para(left, doc.issuer.upper(), size=13, bold=True, underline=True, align=center, space_after=6)
    para(left, doc.number_and_symbol, size=13, align=center)
    if not doc.kind_title:
        para(left, doc.title, size=12, align=center)
    right.paragraphs[0].text = ""
    para(right, NATIONAL_TITLE, size=13, bold=True, align=center)
    para(right, MOTTO, size=14, bold=True, underline=True, align=center, space_after=6)
    para(right, doc.place_and_date, size=14, italic=True, align=center)

    para(out, "")
    if doc.kind_title:
        para(out, doc.kind_title, size=14, bold=True, align=center)
        para(out, doc.title, size=14, bold=True, align=center, space_after=12)
    if doc.addressees:
        para(out, "Kính gửi:", size=14, align=center)
        for line in doc.addressees.splitlines():
            if line.strip():
                para(out, line.strip(), size=14, align=center)
    justify = WD_ALIGN_PARAGRAPH.JUSTIFY
    for heading, body in doc.sections:
        if heading:
            para(out, heading, size=14, bold=True, space_after=6)
        for line in (body or "").splitlines():
            if line.strip():
                p = para(out, line.strip(), size=14, align=justify, space_after=6)
                p.paragraph_format.first_line_indent = Mm(10)
    para(out, "")
    footer = out.add_table(rows=1, cols=2)
    left, right = footer.rows[0].cells
    left.paragraphs[0].text = ""
    para(left, "Nơi nhận:", size=12, bold=True, italic=True)
    for line in doc.recipients.splitlines():
        if line.strip():
            para(left, line.strip(), size=11)
    right.paragraphs[0].text = ""
    for line in (doc.signer_title or "").splitlines():
        para(right, line.strip().upper(), size=14, bold=True, align=center)
    for _ in range(SIGNATURE_LINES):
        para(right, "")
    para(right, doc.signer_name or "", size=14, bold=True, align=center)
    if doc.table or doc.chart_png:
        _docx_annex(out, doc, para)
    buffer = io.BytesIO()
    out.save(buffer)
    return buffer.getvalue()


# --- XLSX ------------------------------------------------------------------------------------------

def to_xlsx(title: str, headers: list[str], rows: list[list], *, total_label: str = "Tổng cộng") -> bytes:
    """One row per unit; numeric columns summed in a last row (values, so any reader sees them)."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    book = Workbook()
    sheet = book.active
    sheet.title = "So lieu"
    append_row(sheet, [title])
    sheet["A1"].font = Font(bold=True, size=13)
    append_row(sheet, headers)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        append_row(sheet, row)  # unit names are typed by administrators
    totals: list = [total_label]
    for col in range(1, len(headers)):
        values = [row[col] for row in rows]
        totals.append(sum(values) if values and all(isinstance(v, int | float) for v in values) else "")
    append_row(sheet, totals)
    for cell in sheet[sheet.max_row]:
        cell.font = Font(bold=True)
    sheet.column_dimensions["A"].width = 45
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- Charts and PDF ----------------------------------------------------------------------------------

PRINT_CSS = Path(__file__).resolve().parent / "static" / "plans" / "print.css"


def bar_figure(title: str, labels: list[str], values: list[float]):
    """The chart of counts: horizontal bars, whole-number ticks (never 0.5 of an activity)."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(7, 3.4), dpi=200)
    axes = figure.add_subplot(1, 1, 1)
    axes.barh(labels[::-1], values[::-1], color="#2e7d32")
    axes.set_title(title, fontsize=11)
    axes.tick_params(labelsize=8)
    axes.xaxis.set_major_locator(MaxNLocator(integer=True, min_n_ticks=1))
    if not any(values):
        axes.set_xlim(0, 1)
    figure.tight_layout()
    return figure


def bar_chart(title: str, labels: list[str], values: list[float]) -> bytes:
    buffer = io.BytesIO()
    bar_figure(title, labels, values).savefig(buffer, format="png")
    return buffer.getvalue()


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def to_html(doc: AdminDocument) -> str:
    """The document as HTML for print: the same content as the DOCX, laid out by print.css."""
    import base64

    from django.template.loader import render_to_string

    table = None
    if doc.table:
        headers, rows = doc.table
        table = {"headers": headers, "rows": [[number(v) for v in row] for row in rows], "wide": len(headers) > WIDE_TABLE_COLUMNS}
    annex = doc.annex_title or f"Số liệu kèm theo {doc.kind_title.capitalize() or 'văn bản'}"
    chart = "data:image/png;base64," + base64.b64encode(doc.chart_png).decode() if doc.chart_png else ""
    return render_to_string("plans/print/document.html", {
        "doc": doc, "national_title": NATIONAL_TITLE, "motto": MOTTO,
        "addressees": _lines(doc.addressees), "recipients": _lines(doc.recipients),
        "sections": [(heading, _lines(body)) for heading, body in doc.sections if heading or _lines(body)],
        "signer_lines": [line.upper() for line in _lines(doc.signer_title)],
        "table": table, "chart": chart, "annex": annex,
    })


def to_pdf(doc: AdminDocument) -> bytes:
    """PDF through WeasyPrint (Pango shapes the Vietnamese text, tables break between words)."""
    from weasyprint import CSS, HTML
    from weasyprint.urls import URLFetcher

    # Rendered from our own data: nothing is fetched from the network or the disk, only data: URLs.
    html = HTML(string=to_html(doc), url_fetcher=URLFetcher(allowed_protocols={"data"}))
    return html.write_pdf(stylesheets=[CSS(filename=str(PRINT_CSS))])


# --- Building AdminDocuments from our models ----------------------------------------------------------

def plan_document(document) -> AdminDocument:
    from mangxanh.plans.models import DocumentKind

    sections = []
    if document.basis:
        sections.append(("", document.basis))
    numbered = [("MỤC ĐÍCH, YÊU CẦU", document.purposes), ("ĐỐI TƯỢNG, PHẠM VI", document.scope),
                ("NỘI DUNG, BIỆN PHÁP", document.contents)]
    tasks = list(document.tasks.all())
    if tasks:
        lines = []
        for i, task in enumerate(tasks, start=1):
            extra = f" Chỉ tiêu: {task.target}." if task.target else ""
            due = f" Thời hạn: {task.due_date:%d/%m/%Y}." if task.due_date else ""
            lines.append(f"{i}. {task.text}{extra}{due}")
        numbered.append(("NHIỆM VỤ CỤ THỂ", "\n".join(lines)))
    numbered += [("KINH PHÍ THỰC HIỆN", document.funding), ("TỔ CHỨC THỰC HIỆN", document.organisation),
                 ("CHẾ ĐỘ BÁO CÁO", document.reporting)]
    roman = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX"]
    numbered = [(h, b) for h, b in numbered if b]
    is_plan = document.kind == DocumentKind.PLAN
    for i, (heading, body) in enumerate(numbered):
        sections.append((f"{roman[i]}. {heading}" if is_plan else "", body))
    governing, issuer = letterhead.header_lines(document.unit)
    title = document.title if is_plan else "V/v " + letterhead.subject(document.title)
    return AdminDocument(
        parent_agency=governing,
        issuer=issuer,
        number_and_symbol=document.number_and_symbol,
        place_and_date=vietnamese_date(document.place or letterhead.place_name(document.unit), document.issued_on),
        kind_title="KẾ HOẠCH" if is_plan else "",
        title=title,
        addressees="" if is_plan else document.addressees,
        sections=sections,
        recipients=document.recipients,
        signer_title=document.signer_title or letterhead.default_signer(document.unit),
        signer_name=document.signer_name,
    )


def report_table(report, numbers: dict) -> tuple[list[str], list[list]]:
    from mangxanh.plans.models import ActivityKind

    headers = ["Đơn vị", "Hoạt động", "Cán bộ, GV", "Học sinh", "Cha mẹ HS", *ActivityKind.labels]
    rows = []

    def row(name, n):
        return [name, n["activities"], n["staff"], n["students"], n["parents"],
                *[n["by_kind"].get(k, 0) for k in ActivityKind.values]]

    has_children = bool(numbers["children"] or numbers["missing"])
    rows.append(row(f"{report.unit.name} (trực tiếp)" if has_children else report.unit.name, numbers["own"]))
    for child, child_report in numbers["children"]:
        rows.append(row(child.name, child_report.numbers.get("total", {})))
    return headers, rows


def _reporting_status(numbers: dict) -> str:
    """Who below has reported; empty for a unit with nobody reporting to it."""
    missing, submitted = numbers["missing"], numbers["children"]
    if not missing and not submitted:
        return ""
    if missing:
        text = "Các đơn vị chưa gửi báo cáo: " + "; ".join(u.name for u in missing) + "."
    else:
        text = f"Tất cả {len(submitted)} đơn vị trực thuộc đã gửi báo cáo."
    late = numbers.get("late") or []
    if late:
        text += "\nCác đơn vị gửi báo cáo muộn: " + "; ".join(u.name for u in late) + "."
    return text


def number(value) -> str:
    """A whole number as Vietnamese writes it: 1.200, not 1200."""
    return f"{value:,}".replace(",", ".") if isinstance(value, int) else str(value)


def _acknowledgement_text(ack: dict) -> str:
    briefed = (f"{number(ack['staff'])} lượt cán bộ, giáo viên, nhân viên và "
               f"{number(ack['students'])} lượt học sinh được quán triệt.")
    if ack["recipients"]:
        return (f"Đã có {ack['acknowledged']}/{ack['recipients']} đơn vị trực thuộc xác nhận đã quán triệt "
                f"{ack['document']}; {briefed}")
    # A unit with nobody below it only says how many of its own people it briefed.
    if ack.get("own_acknowledged"):
        return f"Đơn vị đã quán triệt {ack['document']}; {briefed}"
    return ""


def report_document(report, numbers: dict) -> AdminDocument:
    from mangxanh.plans import services
    from mangxanh.plans.models import ActivityKind

    total = numbers["total"]
    period = report.period
    whole = "toàn đơn vị" if (numbers["children"] or numbers["missing"]) else "đơn vị"
    summary = (
        f"Trong kỳ báo cáo (từ ngày {period.starts_on:%d/%m/%Y} đến ngày {period.ends_on:%d/%m/%Y}), {whole} "
        f"tổ chức {number(total['activities'])} hoạt động với {number(total['staff'])} lượt cán bộ, giáo viên, "
        f"{number(total['students'])} lượt học sinh và {number(total['parents'])} lượt cha mẹ học sinh tham gia "
        "(chi tiết tại Phụ lục kèm theo)."
    )
    ack = _acknowledgement_text(services.acknowledgement_numbers(report))
    document = period.document
    results = "\n".join(part for part in (ack, summary, report.results) if part)
    sections = [
        ("", f"Thực hiện {letterhead.citation(document, about=False)}, {letterhead.full_unit_name(report.unit)} "
             f"báo cáo kết quả thực hiện ({period.name}) như sau:"),
    ]
    from mangxanh.plans.sections import extra_sections

    numerals = iter(["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"])
    narrative = [("KẾT QUẢ ĐẠT ĐƯỢC", results), ("HẠN CHẾ", report.limits), ("NGUYÊN NHÂN", report.causes),
                 ("ĐỀ XUẤT, KIẾN NGHỊ", report.proposals)]
    # A heading with nothing under it is left out and the rest renumbered: the unit signs as printed.
    for heading, body in narrative:
        if _lines(body):
            sections.append((f"{next(numerals)}. {heading}", body))
    for heading, body in extra_sections(report):
        sections.append((f"{next(numerals)}. {heading.upper()}", body))
    status = _reporting_status(numbers)
    if status:
        sections.append((f"{next(numerals)}. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ", status))
    chart = bar_chart("Hoạt động theo loại", list(ActivityKind.labels),
                      [total["by_kind"].get(k, 0) for k in ActivityKind.values])
    governing, issuer = letterhead.header_lines(report.unit)
    parent = report.unit.parent_unit()
    # The top of the tree (the Sở) reports to its people's committee, the body named above it.
    addressee = parent.name if parent else (letterhead.governing_body(report.unit) or "Cấp trên")
    # The top unit never submits inside the system: its report is dated when its leader approves it.
    dated = report.submitted_at or (report.approved_at if parent is None else None)
    submitted_on = dated and timezone.localdate(dated)
    return AdminDocument(
        parent_agency=governing,
        issuer=issuer,
        number_and_symbol=f"Số:      /{letterhead.default_symbol(report.unit, 'report', prefix='BC')}",
        place_and_date=vietnamese_date(letterhead.place_name(report.unit), submitted_on or None),
        kind_title="BÁO CÁO",
        title=f"Kết quả thực hiện {letterhead.citation(document)}",
        sections=sections,
        table=report_table(report, numbers),
        chart_png=chart,
        annex_title=f"Số liệu kết quả thực hiện của {letterhead.short_unit_name(report.unit)} ({period.name})",
        recipients=f"- {addressee} (để báo cáo);\n- Lưu: VT.",
        signer_title=letterhead.default_signer(report.unit),
        signer_name=(report.approved_by.full_name if report.approved_by else ""),
    )
