"""Evidence package for police or hotline 111: ZIP with a Vietnamese PDF summary, the files,
a SHA-256 manifest and the custody log. The ZIP's own hash is recorded in the case."""

from __future__ import annotations

import hashlib
import io
import zipfile
from pathlib import Path
from zoneinfo import ZoneInfo

from django.db import transaction
from django.utils import timezone

from mangxanh import audit
from mangxanh.core.spreadsheet import SafeCsvWriter
from mangxanh.files.storage import safe_display_name, store_bytes
from mangxanh.intake.models import Case, CustodyAction, CustodyEntry, EvidencePackage

MAX_PACKAGE_BYTES = 500 * 1024 * 1024
_FONT = "DejaVuSans"
# Police and hotline 111 read these texts in Vietnam: Vietnam time whatever the server's zone.
VN = ZoneInfo("Asia/Ho_Chi_Minh")
PDF_NAME, MANIFEST_NAME, CUSTODY_NAME = "tom-tat.pdf", "danh-muc-sha256.txt", "nhat-ky-luu-giu.csv"


def vn_time(value) -> str:
    return f"{value.astimezone(VN):%H:%M %d/%m/%Y}"


def _person(user) -> str:
    if user is None:
        return "hệ thống"
    return (user.get_full_name() or user.get_username()) if hasattr(user, "get_full_name") else str(user)


def _register_font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont

    if _FONT not in pdfmetrics.getRegisteredFontNames():
        import matplotlib

        path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
        pdfmetrics.registerFont(TTFont(_FONT, str(path)))
    return _FONT


def summary_texts(case: Case, now, user=None) -> list[tuple[str, str]]:
    """The summary's paragraphs as (style, text), in order; "table" marks the evidence table.

    Reporter contact and victim identity are never included."""
    out = [
        ("Title", f"GÓI CHỨNG CỨ — VỤ VIỆC {case.number}"),
        ("Normal", f"Đơn vị phụ trách: {case.unit.name}"),
        ("Normal", f"Nhóm nguy cơ: {', '.join(case.category_labels())}"),
        ("Normal", f"Trạng thái: {case.get_state_display()} · Mức ưu tiên: {case.get_priority_display()}"),
        ("Normal", f"Ngày tiếp nhận: {vn_time(case.opened_at)}"),
        ("Normal", f"Ngày lập gói: {vn_time(now)} · Người lập gói: {_person(user)}"),
        ("Normal", "Mọi thời điểm trong gói theo giờ Việt Nam (UTC+7)."),
        ("Heading2", "Các phản ánh"),
    ]
    for report in case.reports.prefetch_related("links"):
        out.append(("Normal", f"{report.code} ({report.get_channel_display()}, "
                              f"{vn_time(report.submitted_at)}): {report.description[:2000]}"))
        out += [("Normal", f"  • {link.url}") for link in report.links.all()]
        if report.reported_account:
            out.append(("Normal", f"  Tài khoản bị phản ánh: {report.reported_account}"))
    out += [("Heading2", "Danh mục chứng cứ (SHA-256)"), ("table", ""), ("Heading2", "Chuyển giao")]
    referrals = list(case.referrals.select_related("agency", "sent_by"))
    for r in referrals:
        ref = f" (số tiếp nhận {r.their_reference})" if r.their_reference else ""
        out.append(("Normal", f"{vn_time(r.sent_at)} → {r.agency.name}{ref}, người gửi: {_person(r.sent_by)}"
                              + (f". {r.note}" if r.note else "")))
    if not referrals:
        out.append(("Normal", "Chưa chuyển giao."))
    out.append(("Heading2", "Yêu cầu gỡ bỏ"))
    takedowns = list(case.takedowns.select_related("agency"))
    for t in takedowns:
        removed = f", đã gỡ lúc {vn_time(t.removed_at)}" if t.removed_at else ""
        out.append(("Normal", f"{vn_time(t.sent_at)} → {t.agency.name}: {t.url} · {t.get_status_display()}{removed}"))
    if not takedowns:
        out.append(("Normal", "Chưa có yêu cầu gỡ bỏ."))
    out.append(("Normal", "Danh tính người báo tin và nạn nhân không nằm trong gói này (Nghị định 56/2017, Điều 24)."))
    return out


def summary_pdf(case: Case, evidence: list, now, user=None) -> bytes:
    """A plain Vietnamese summary (summary_texts) with the evidence table."""
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
    story = []
    for style, text in summary_texts(case, now, user):
        if style == "table":
            rows = [[p("Tệp"), p("SHA-256"), p("Thu thập")]]
            rows += [[p(e.name), p(e.sha256), p(vn_time(e.captured_at))] for e in evidence]
            story.append(Table(rows, colWidths=[45 * mm, 95 * mm, 32 * mm]))
            continue
        if style == "Heading2":
            story.append(Spacer(1, 6 * mm))
        story.append(p(text, style))
    doc.build(story)
    return out.getvalue()


@transaction.atomic
def build_package(case: Case, *, user) -> EvidencePackage:
    now = timezone.now()
    evidence = list(case.evidence.select_related("file"))
    buffer = io.BytesIO()
    manifest = []
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as zf:
        for e in evidence:
            data = e.file.read_bytes()
            actual = hashlib.sha256(data).hexdigest()
            name = f"chung-cu/{e.sha256[:12]}_{safe_display_name(e.name)}"
            zf.writestr(name, data)
            manifest.append(f"{actual}  {name}" + ("" if actual == e.sha256 else "  (KHÔNG KHỚP khi thu thập)"))
            CustodyEntry.objects.create(evidence=e, action=CustodyAction.PACKAGED, actor=user,
                                        note=f"Đóng gói {vn_time(now)} (giờ Việt Nam)")
        # The summary and the custody log are evidence too: listed in the manifest with their hashes.
        for name, blob in ((PDF_NAME, summary_pdf(case, evidence, now, user)),
                           (CUSTODY_NAME, _custody_csv(evidence).encode("utf-8"))):
            zf.writestr(name, blob)
            manifest.append(f"{hashlib.sha256(blob).hexdigest()}  {name}")
        zf.writestr(MANIFEST_NAME, "\n".join(manifest) + "\n")
    data = buffer.getvalue()
    stored = store_bytes(data, name=f"{case.number}.zip", allowed={"application/zip"}, max_bytes=MAX_PACKAGE_BYTES)
    package = EvidencePackage.objects.create(case=case, file=stored.file, sha256=stored.file.sha256, created_by=user)
    Case.objects.filter(pk=case.pk).update(package_sha256=package.sha256)
    case.package_sha256 = package.sha256
    audit.record("evidence_package", obj=case, message=f"SHA-256 {package.sha256}")
    return package


def _custody_csv(evidence: list) -> str:
    log = io.StringIO()
    writer = SafeCsvWriter(log)  # names and notes come from people: never formulas
    writer.writerow(["tep", "sha256", "hanh_dong", "nguoi", "thoi_diem_gio_viet_nam", "ghi_chu"])
    for e in evidence:
        for entry in e.custody.select_related("actor"):
            writer.writerow([e.name, e.sha256, entry.get_action_display(), _person(entry.actor),
                             entry.at.astimezone(VN).isoformat(timespec="seconds"), entry.note])
    return log.getvalue()
