"""Evidence package for police or hotline 111: ZIP with a Vietnamese PDF summary, the files,
a SHA-256 manifest and the custody log. The ZIP's own hash is recorded in the case."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path

from django.db import transaction
from django.utils import timezone

from mangxanh import audit
from mangxanh.core.spreadsheet import SafeCsvWriter
from mangxanh.files.storage import safe_display_name, store_bytes
from mangxanh.intake.models import Case, CustodyAction, CustodyEntry, EvidencePackage

MAX_PACKAGE_BYTES = 500 * 1024 * 1024
_FONT = "DejaVuSans"


def _register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if _FONT not in pdfmetrics.getRegisteredFontNames():
        import matplotlib

        path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
        pdfmetrics.registerFont(TTFont(_FONT, str(path)))
    return _FONT


def summary_pdf(case: Case, evidence: list, now) -> bytes:
    """A plain Vietnamese summary. Reporter contact and victim identity are never included."""
    from xml.sax.saxutils import escape

    from reportlab.lib.pagesizes import A4
    from reportlab.lib.styles import getSampleStyleSheet
    from reportlab.lib.units import mm
    from reportlab.platypus import Paragraph, SimpleDocTemplate, Spacer, Table

    font = _register_font()
    styles = getSampleStyleSheet()
    for name in ("Normal", "Title", "Heading2"):
        styles[name].fontName = font
    out = io.BytesIO()
    doc = SimpleDocTemplate(out, pagesize=A4, leftMargin=18 * mm, rightMargin=18 * mm,
                            title=f"Gói chứng cứ {case.number}")
    p = lambda text, style="Normal": Paragraph(escape(str(text)), styles[style])  # noqa: E731
    story = [
        p(f"GÓI CHỨNG CỨ — VỤ VIỆC {case.number}", "Title"),
        p(f"Đơn vị phụ trách: {case.unit.name}"),
        p(f"Nhóm nguy cơ: {', '.join(case.category_labels())}"),
        p(f"Trạng thái: {case.get_state_display()} · Mức ưu tiên: {case.get_priority_display()}"),
        p(f"Ngày tiếp nhận: {timezone.localtime(case.opened_at):%H:%M %d/%m/%Y}"),
        p(f"Ngày lập gói: {timezone.localtime(now):%H:%M %d/%m/%Y}"),
        Spacer(1, 6 * mm),
        p("Các phản ánh", "Heading2"),
    ]
    for report in case.reports.prefetch_related("links"):
        story.append(p(f"{report.code} ({report.get_channel_display()}, "
                       f"{timezone.localtime(report.submitted_at):%H:%M %d/%m/%Y}): {report.description[:2000]}"))
        for link in report.links.all():
            story.append(p(f"  • {link.url}"))
        if report.reported_account:
            story.append(p(f"  Tài khoản bị phản ánh: {report.reported_account}"))
    story += [Spacer(1, 6 * mm), p("Danh mục chứng cứ (SHA-256)", "Heading2")]
    rows = [[p("Tệp"), p("SHA-256"), p("Thu thập")]]
    for e in evidence:
        rows.append([p(e.name), p(e.sha256), p(f"{timezone.localtime(e.captured_at):%H:%M %d/%m/%Y}")])
    story.append(Table(rows, colWidths=[45 * mm, 95 * mm, 32 * mm]))
    story += [Spacer(1, 6 * mm),
              p("Danh tính người báo tin và nạn nhân không nằm trong gói này (Nghị định 56/2017, Điều 24).")]
    doc.build(story)
    return out.getvalue()


@transaction.atomic
def build_package(case: Case, *, user) -> EvidencePackage:
    now = timezone.now()
    evidence = list(case.evidence.select_related("file"))
    buffer = io.BytesIO()
    manifest = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("tom-tat.pdf", summary_pdf(case, evidence, now))
        for e in evidence:
            data = e.file.read_bytes()
            actual = hashlib.sha256(data).hexdigest()
            name = f"chung-cu/{e.sha256[:12]}_{safe_display_name(e.name)}"
            zf.writestr(name, data)
            manifest.append(f"{actual}  {name}" + ("" if actual == e.sha256 else "  (KHÔNG KHỚP khi thu thập)"))
            CustodyEntry.objects.create(evidence=e, action=CustodyAction.PACKAGED, actor=user,
                                        note=f"Đóng gói {now:%Y-%m-%d %H:%M}")
        zf.writestr("danh-muc-sha256.txt", "\n".join(manifest) + "\n")
        log = io.StringIO()
        writer = SafeCsvWriter(log)  # names and notes come from people: never formulas
        writer.writerow(["tep", "sha256", "hanh_dong", "nguoi", "thoi_diem", "ghi_chu"])
        for e in evidence:
            for entry in e.custody.select_related("actor"):
                writer.writerow([e.name, e.sha256, entry.get_action_display(),
                                 str(entry.actor) if entry.actor else "hệ thống",
                                 entry.at.isoformat(), entry.note])
        zf.writestr("nhat-ky-luu-giu.csv", log.getvalue())
    data = buffer.getvalue()
    stored = store_bytes(data, name=f"{case.number}.zip", allowed={"application/zip"}, max_bytes=MAX_PACKAGE_BYTES)
    package = EvidencePackage.objects.create(case=case, file=stored.file, sha256=stored.file.sha256, created_by=user)
    Case.objects.filter(pk=case.pk).update(package_sha256=package.sha256)
    case.package_sha256 = package.sha256
    audit.record("evidence_package", obj=case, message=f"SHA-256 {package.sha256}")
    return package
