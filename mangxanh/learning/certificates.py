"""Certificates for passed attempts: a PDF in Vietnamese with a verification code and QR code.

The code is the attempt's number and an HMAC of it with the attempt's secret token, so it needs
no stored column, cannot be guessed from the number alone, and stops working if the attempt is
deleted. The public check page shows what the certificate says, with a pupil's name shortened.
"""

from __future__ import annotations

import hashlib
import hmac
import io
from pathlib import Path

from django.conf import settings

from mangxanh.learning.models import Attempt


class CertificateError(Exception):
    """No certificate for this attempt; Vietnamese message."""


def code_for(attempt: Attempt) -> str:
    digest = hmac.new(settings.SECRET_KEY.encode(), f"learning-cert:{attempt.pk}:{attempt.token}".encode(),
                      hashlib.sha256).hexdigest()
    return f"{attempt.pk:X}-{digest[:10].upper()}"


def find(code: str) -> Attempt | None:
    """The passed, finished attempt a code belongs to, or None."""
    number, _, _ = (code or "").strip().upper().partition("-")
    try:
        pk = int(number, 16)
    except ValueError:
        return None
    attempt = Attempt.objects.select_related("quiz", "quiz__unit", "unit").filter(
        pk=pk, passed=True, finished_at__isnull=False).first()
    if attempt is None or not hmac.compare_digest(code_for(attempt), (code or "").strip().upper()):
        return None
    return attempt


def public_name(attempt: Attempt) -> str:
    """A pupil's name as initials and given name ("Nguyễn Thảo Vy" -> "N. T. Vy"); adults in full."""
    if not attempt.is_pupil:
        return attempt.name
    parts = attempt.name.split()
    return " ".join([*(p[0] + "." for p in parts[:-1]), parts[-1]]) if parts else ""


def dejavu_path() -> Path:
    """DejaVu Sans as shipped inside matplotlib: Vietnamese glyphs on any machine, nothing to download."""
    import matplotlib

    return Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"


def _font() -> str:
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.ttfonts import TTFont


    if "DejaVuSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("DejaVuSans", str(dejavu_path())))
    bold = dejavu_path().with_name("DejaVuSans-Bold.ttf")
    if "DejaVuSans-Bold" not in pdfmetrics.getRegisteredFontNames() and bold.exists():
        pdfmetrics.registerFont(TTFont("DejaVuSans-Bold", str(bold)))
    return "DejaVuSans-Bold" if "DejaVuSans-Bold" in pdfmetrics.getRegisteredFontNames() else "DejaVuSans"


def pdf(attempt: Attempt, verify_url: str) -> bytes:
    """An A4 landscape certificate: issuer, name, result, the seal line, code and QR to the public check."""
    if not (attempt.passed and attempt.finished_at):
        raise CertificateError("Chỉ bài đạt yêu cầu mới có giấy chứng nhận.")
    from reportlab.graphics import renderPDF
    from reportlab.graphics.barcode.qr import QrCodeWidget
    from reportlab.graphics.shapes import Drawing
    from reportlab.lib.pagesizes import A4, landscape
    from reportlab.lib.units import mm
    from reportlab.pdfgen import canvas

    bold = _font()
    out = io.BytesIO()
    width, height = landscape(A4)
    page = canvas.Canvas(out, pagesize=(width, height))
    page.setTitle("Giấy chứng nhận")
    page.setStrokeColorRGB(0.18, 0.49, 0.2)
    page.setLineWidth(3)
    page.rect(12 * mm, 12 * mm, width - 24 * mm, height - 24 * mm)
    centre = width / 2
    quiz = attempt.quiz

    def line(text: str, y: float, size: int, font: str = "DejaVuSans") -> None:
        page.setFont(font, size)
        page.drawCentredString(centre, y, text)

    line(quiz.unit.name.upper(), height - 32 * mm, 13, bold)
    line("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM – Độc lập – Tự do – Hạnh phúc", height - 40 * mm, 10)
    line("GIẤY CHỨNG NHẬN", height - 62 * mm, 28, bold)
    line(f"Chứng nhận: {attempt.name}", height - 80 * mm, 18, bold)
    where = f"Lớp {attempt.class_name} – {attempt.unit.name}" if attempt.class_name else attempt.unit.name
    line(where, height - 90 * mm, 13)
    line(f"Đã hoàn thành «{quiz.title}»", height - 104 * mm, 13)
    line(f"Kết quả: {attempt.correct_count}/{attempt.total} câu đúng ({attempt.score:g}%) – Đạt",
         height - 113 * mm, 13)
    finished = attempt.finished_at.astimezone()
    line(f"Ngày {finished.day:02d} tháng {finished.month:02d} năm {finished.year}", 62 * mm, 12)
    line("THỦ TRƯỞNG ĐƠN VỊ", 54 * mm, 11, bold)
    line("(ký, ghi rõ họ tên và đóng dấu)", 48 * mm, 9)
    code = code_for(attempt)
    page.setFont("DejaVuSans", 9)
    page.drawString(20 * mm, 24 * mm, f"Mã xác minh: {code}")
    page.drawString(20 * mm, 19 * mm, f"Kiểm tra tại: {verify_url}")
    widget = QrCodeWidget(verify_url)
    left, bottom, right, top = widget.getBounds()
    size = 30 * mm
    drawing = Drawing(size, size, transform=[size / (right - left), 0, 0, size / (top - bottom), 0, 0])
    drawing.add(widget)
    renderPDF.draw(drawing, page, width - 20 * mm - size, 18 * mm)
    page.showPage()
    page.save()
    return out.getvalue()
