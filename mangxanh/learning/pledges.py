"""Pledges: sign online, record paper signatures by class, signed % per unit, XLSX of the signed list."""

from __future__ import annotations

import io
import unicodedata

from django.db.models import Count, Sum

from mangxanh.learning.models import PaperSignatures, Pledge, PledgeRole, PledgeSignature, PledgeTarget
from mangxanh.learning.quizzes import QuizError, clean_person
from mangxanh.org import permissions
from mangxanh.org.models import Unit

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class PledgeError(QuizError):
    """Refused; Vietnamese message."""


def can_sign_at(pledge: Pledge, unit: Unit) -> bool:
    return pledge.is_published and unit.is_active and unit.path.startswith(pledge.unit.path)


def sign(pledge: Pledge, unit: Unit, name: str, role: str, class_name: str = "") -> PledgeSignature:
    if not can_sign_at(pledge, unit):
        raise PledgeError("Bản cam kết này không mở ký cho đơn vị này.")
    if role not in PledgeRole.values:
        raise PledgeError("Hãy chọn bạn là ai (cán bộ, học sinh hay cha mẹ học sinh).")
    try:
        name, class_name = clean_person(name, class_name)
    except QuizError as exc:
        raise PledgeError(str(exc)) from exc
    if role != PledgeRole.STAFF and not class_name:
        raise PledgeError("Hãy nhập lớp (của em hoặc của con).")
    signature, _ = PledgeSignature.objects.get_or_create(
        pledge=pledge, unit=unit, name=name, role=role, class_name=class_name)
    return signature


def record_paper(pledge: Pledge, unit: Unit, class_name: str, role: str, count: int, user) -> PaperSignatures:
    permissions.require_person(user, "learning.pledge_staff", unit)
    if not can_sign_at(pledge, unit):
        raise PledgeError("Bản cam kết này không mở ký cho đơn vị này.")
    if role not in PledgeRole.values or count < 0 or count > 100_000:
        raise PledgeError("Số chữ ký hoặc nhóm không hợp lệ.")
    class_name = " ".join((class_name or "").split()).upper()[:30]
    if not class_name:
        raise PledgeError("Hãy nhập lớp hoặc tổ.")
    row, _ = PaperSignatures.objects.update_or_create(
        pledge=pledge, unit=unit, class_name=class_name, role=role,
        defaults={"count": count, "recorded_by": user})
    return row


def set_target(pledge: Pledge, unit: Unit, expected: int, *, user) -> None:
    permissions.require_person(user, "learning.pledge_staff", unit)
    PledgeTarget.objects.update_or_create(pledge=pledge, unit=unit, defaults={"expected": max(0, expected)})


def signed_numbers(pledge: Pledge, unit: Unit) -> dict:
    """Online + paper signatures and the expected count over unit's subtree; percent when known."""
    within = {"unit__path__startswith": unit.path}
    online = pledge.signatures.filter(**within).count()
    paper = pledge.paper_counts.filter(**within).aggregate(n=Sum("count"))["n"] or 0
    expected = pledge.targets.filter(**within).aggregate(n=Sum("expected"))["n"] or 0
    signed = online + paper
    percent = round(min(100.0, 100.0 * signed / expected), 1) if expected else None
    return {"online": online, "paper": paper, "signed": signed, "expected": expected, "percent": percent}


def signed_by_group(pledge: Pledge, unit: Unit) -> list[tuple[str, int]]:
    """Signatures (online + paper) per group over unit's subtree: staff, pupils, parents."""
    within = {"unit__path__startswith": unit.path}
    online = dict(pledge.signatures.filter(**within).values_list("role").annotate(n=Count("pk")))
    paper = dict(pledge.paper_counts.filter(**within).values_list("role").annotate(n=Sum("count")))
    return [(label, online.get(value, 0) + (paper.get(value) or 0)) for value, label in PledgeRole.choices]


def safe_cell(value):
    """Spreadsheet formula injection: text starting with = + - @ tab or CR is shown as text."""
    if isinstance(value, str):
        value = unicodedata.normalize("NFC", value)
        if value.startswith(FORMULA_START):
            return "'" + value
    return value


def export_xlsx(pledge: Pledge, signatures, paper) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "Ký trực tuyến"
    sheet.append(["Bản cam kết", safe_cell(pledge.title)])
    sheet.append(["STT", "Họ và tên", "Là", "Lớp", "Đơn vị", "Thời điểm ký"])
    for i, s in enumerate(signatures, 1):
        sheet.append([i, safe_cell(s.name), s.get_role_display(), safe_cell(s.class_name), safe_cell(s.unit.name),
                      s.signed_at.strftime("%d/%m/%Y %H:%M")])
    paper_sheet = book.create_sheet("Ký trên giấy")
    paper_sheet.append(["Đơn vị", "Lớp / tổ", "Nhóm", "Số chữ ký"])
    for row in paper:
        paper_sheet.append([safe_cell(row.unit.name), safe_cell(row.class_name), row.get_role_display(), row.count])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def units_below(pledge: Pledge, threshold: float) -> list[tuple[Unit, dict]]:
    """Units with an expected count whose signed % is under threshold (units without a target are unknown)."""
    rows = []
    for target in pledge.targets.select_related("unit").order_by("unit__path"):
        numbers = signed_numbers(pledge, target.unit)
        if numbers["percent"] is not None and numbers["percent"] < threshold:
            rows.append((target.unit, numbers))
    return rows


def remind_below(pledge: Pledge, threshold: float) -> int:
    """E-mail the leaders and unit administrators of every unit under threshold; returns e-mails sent."""
    from mangxanh.core.notify import notify
    from mangxanh.plans.services import people_to_notify

    sent = 0
    for unit, numbers in units_below(pledge, threshold):
        sent += notify(people_to_notify(unit), kind="pledge_reminder", subject=f"Nhắc ký cam kết: {pledge.title}",
                       body=f"{unit.name} mới có {numbers['signed']}/{numbers['expected']} người ký "
                            f"({numbers['percent']}%), dưới mức {threshold:g}% của «{pledge.title}».").emails
    return sent


def export_docx(pledge: Pledge, signatures, paper, unit: Unit) -> bytes:
    """The signed list as an official document: issuer heading, national motto, text, table, signature line."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH

    doc = Document()

    def centred(text: str, bold: bool = False) -> None:
        paragraph = doc.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(text).bold = bold

    centred(unit.name.upper(), bold=True)
    centred("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    centred("Độc lập – Tự do – Hạnh phúc")
    centred("DANH SÁCH KÝ CAM KẾT", bold=True)
    centred(pledge.title)
    for line in pledge.text.splitlines():
        if line.strip():
            doc.add_paragraph(line.strip())
    table = doc.add_table(rows=1, cols=5)
    table.style = "Table Grid"
    for cell, text in zip(table.rows[0].cells, ("STT", "Họ và tên", "Là", "Lớp", "Đơn vị"), strict=True):
        cell.text = text
    for i, s in enumerate(signatures, 1):
        row = table.add_row().cells
        for cell, text in zip(row, (str(i), s.name, s.get_role_display(), s.class_name, s.unit.name), strict=True):
            cell.text = text
    paper = list(paper)
    if paper:
        doc.add_paragraph("Chữ ký trên giấy (lưu tại đơn vị): " + "; ".join(
            f"{p.unit.name} – {p.class_name} – {p.get_role_display()}: {p.count}" for p in paper))
    signature = doc.add_paragraph("THỦ TRƯỞNG ĐƠN VỊ\n(ký, ghi rõ họ tên và đóng dấu)")
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()
