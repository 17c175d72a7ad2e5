"""A readable PDF (issue 12 item 13): rendered to images, its text extracts back as written."""

from __future__ import annotations

import ctypes
import datetime as dt
import io
import re
import unicodedata

import pypdfium2
from django.urls import reverse
from PIL import Image

from mangxanh.plans import exports, services
from mangxanh.plans.models import Activity
from tests.plans.conftest import user


def pdf_text(pdf: pypdfium2.PdfDocument) -> str:
    text = " ".join(page.get_textpage().get_text_range() for page in pdf)
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text))


def submitted_commune_report(period, demo):
    for code, students in (("THCS-BENTHUY", 120), ("XA-BENTHUY", 15)):
        Activity.objects.create(unit=demo[code], kind="training", title="Tập huấn", held_on=dt.date(2026, 9, 9),
                                student_count=students, staff_count=3, parent_count=2)
    school = services.report_for(period, demo["THCS-BENTHUY"])
    services.approve(school, user("thcs.hieutruong"))
    services.submit(school, user("thcs.hieutruong"))
    return services.report_for(period, demo["XA-BENTHUY"])


def test_report_pdf_renders_and_its_vietnamese_text_round_trips(period, demo, user_client, tmp_path):
    report = submitted_commune_report(period, demo)
    response = user_client("xa.benthuy").get(reverse("plans:report_export", args=[report.pk, "pdf"]))
    assert response.status_code == 200 and response.content.startswith(b"%PDF")
    pdf = pypdfium2.PdfDocument(response.content)
    text = pdf_text(pdf)
    for phrase in ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
                   "Kết quả thực hiện Kế hoạch số", "báo cáo kết quả thực hiện",
                   "ỦY BAN NHÂN DÂN PHƯỜNG BẾN THỦY", "Trường Tiểu học Bến Thủy",
                   # table headers wrap between words, never inside one («Ho/ạt/độ/ng»)
                   "Hoạt động", "Tập huấn, bồi dưỡng", "Ký cam kết, giao ước thi đua", "Cha mẹ HS"):
        assert phrase in text, phrase
    sizes = [page.get_size() for page in pdf]
    assert sizes[0][0] < sizes[0][1]  # portrait A4 first
    assert any(width > height for width, height in sizes)  # the wide table on a landscape page
    # Page numbers from page 2 on (Decree 30): a line of its own with the number.
    assert len(pdf) > 1 and "2" in pdf[1].get_textpage().get_text_range().split()
    assert "1" not in pdf[0].get_textpage().get_text_range().split()
    for index, page in enumerate(pdf):
        image = page.render(scale=1).to_pil()
        image.save(tmp_path / f"page-{index}.png")
        grey = Image.open(tmp_path / f"page-{index}.png").convert("L")
        dark = sum(grey.histogram()[:128])
        assert dark > 500, f"page {index + 1} is blank"


def char_fonts(page) -> dict[str, set[str]]:
    """Font name of every character of a page, as pdfium reads it: {"LiberationSerif-Bold": {"K", …}}."""
    textpage = page.get_textpage()
    text = textpage.get_text_range()
    fonts: dict[str, set[str]] = {}
    buffer = ctypes.create_string_buffer(256)
    for index in range(textpage.count_chars()):
        flags = ctypes.c_int()
        pypdfium2.raw.FPDFText_GetFontInfo(textpage.raw, index, buffer, 256, ctypes.byref(flags))
        name = buffer.value.decode("latin-1").split("+")[-1]
        fonts.setdefault(name, set()).add(text[index] if index < len(text) else "")
    return fonts


def test_pdf_uses_a_serif_face_with_bold_headings(plan):
    pdf = pypdfium2.PdfDocument(exports.to_pdf(exports.plan_document(plan)))
    fonts = char_fonts(pdf[0])
    names = set(fonts)
    assert names and all("Serif" in name or "Times" in name for name in names), names
    bold = set().union(*(chars for name, chars in fonts.items() if "Bold" in name))
    assert set("KẾHOẠCH") <= bold  # the document kind is bold
    regular = set().union(*(chars for name, chars in fonts.items() if "Bold" not in name))
    assert set("ạđưở") <= regular  # Vietnamese letters come from the same face, not a fallback


def test_chart_axis_counts_whole_numbers():
    for values in ([1, 2, 0], [0, 0, 0], [3, 17, 5]):
        figure = exports.bar_figure("Hoạt động theo loại", ["A", "B", "C"], values)
        axes = figure.axes[0]
        figure.canvas.draw()
        low, high = axes.get_xlim()
        ticks = [t for t in axes.get_xticks() if low <= t <= high]
        assert len(ticks) >= 2 and all(float(t).is_integer() for t in ticks), (values, ticks)
    png = exports.bar_chart("Hoạt động theo loại", ["A", "B"], [1, 2])
    assert Image.open(io.BytesIO(png)).size[0] > 1000
