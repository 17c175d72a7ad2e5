"""Must hold (issue 6): the department creates a plan from the Nam Định template and sends it to all
schools; two schools acknowledge and record activities with evidence; their commune office and the
department see progress; a school submits its annual report, the commune aggregates and submits, and
the department's report shows the sum and names the units that have not submitted. The school and the
department download their reports as PDF and DOCX through the browser (issue 12): the PDF renders to
a picture that is not blank, and both files carry the unit's header lines and the report's title."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import docx
import pypdfium2
import pytest
from playwright.sync_api import expect

from mangxanh.plans.models import Activity, Distribution, DistributionStatus, Document, Report, ReportStatus
from tests.browser.support import ARTIFACTS
from tests.intake.conftest import png_bytes
from tests.plans.conftest import document_text
from tests.plans.test_pdf import pdf_text

pytestmark = pytest.mark.django_db(transaction=True)

SCHOOL_TYPES = ("Trường mầm non", "Trường tiểu học", "Trường THCS", "Trường THPT", "Trường liên cấp",
                "Trung tâm GDNN-GDTX")


@pytest.fixture
def as_user(browser, live_server, log_in):
    contexts = []

    def open_as(username: str):
        context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="vi-VN",
                                      base_url=live_server.url)
        context.set_default_timeout(15_000)
        contexts.append(context)
        tab = context.new_page()
        log_in(tab, username)
        return tab

    yield open_as
    for context in contexts:
        context.close()


def acknowledge_and_record(tab, evidence, staff: str, students: str, title: str) -> None:
    tab.goto("/ke-hoach/")
    tab.get_by_role("link", name=re.compile("Nắm chắc, quản chặt")).first.click()
    tab.get_by_label("Số cán bộ, giáo viên, nhân viên được quán triệt").fill(staff)
    tab.get_by_label("Số học sinh được quán triệt").fill(students)
    tab.get_by_role("button", name="Xác nhận đã quán triệt").click()
    expect(tab.locator("body")).to_contain_text("Đã xác nhận quán triệt văn bản")
    tab.goto("/hoat-dong/moi/")
    tab.get_by_label("Loại hoạt động").select_option("training")
    tab.get_by_label("Tên hoạt động").fill(title)
    # Today: always inside the report period the plan page suggests (the current one).
    tab.get_by_label("Ngày tổ chức").fill(dt.date.today().isoformat())
    tab.get_by_label("Số học sinh tham gia").fill("300")
    tab.get_by_label("Số cán bộ, giáo viên tham gia").fill("25")
    tab.get_by_label(re.compile("Tệp minh chứng")).set_input_files(str(evidence))
    tab.get_by_role("button", name="Lưu").click()
    expect(tab.locator("body")).to_contain_text("Đã ghi nhận hoạt động")
    expect(tab.get_by_role("link", name="tap-huan.png")).to_be_visible()


def download(tab, link: str, folder: Path) -> Path:
    """Click a download link as a person would; the browser's file, saved under folder."""
    with tab.expect_download() as started:
        tab.get_by_role("link", name=link, exact=True).click()
    file = started.value
    assert file.failure() is None
    path = folder / file.suggested_filename
    file.save_as(path)
    return path


def assert_report_files(tab, folder: Path, name: str, header: tuple[str, str], title: str, addressee: str) -> None:
    """The report downloads as DOCX and PDF; the PDF's first page renders to a picture with ink on it,
    and both carry the unit's two header lines and the report's title."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf_path = download(tab, "PDF", folder)
    assert pdf_path.suffix == ".pdf" and pdf_path.read_bytes().startswith(b"%PDF")
    pdf = pypdfium2.PdfDocument(pdf_path.read_bytes())
    image = pdf[0].render(scale=2).to_pil().convert("L")
    image.save(ARTIFACTS / f"{name}-page1.png")
    dark = sum(image.histogram()[:128])
    assert dark > 2_000, "the first page of the PDF is blank"
    assert image.getextrema()[0] < 64 and image.getextrema()[1] > 240  # black text on white paper
    text = pdf_text(pdf)
    for phrase in (*header, "BÁO CÁO", title, f"{addressee} (để báo cáo)"):
        assert phrase in text, phrase
    assert text.index(header[0]) < text.index(header[1]) < text.index(title)
    docx_path = download(tab, "Word (DOCX)", folder)
    assert docx_path.suffix == ".docx"
    words = document_text(docx.Document(str(docx_path)))
    for phrase in (*header, title):
        assert phrase in words, phrase


def test_plan_to_reports_across_the_tree(demo, as_user, tmp_path, settings, screenshot):
    settings.MEDIA_ROOT = tmp_path / "media"
    evidence = tmp_path / "tap-huan.png"
    evidence.write_bytes(png_bytes())  # a whole image: evidence photos are decoded to strip metadata

    # The department creates the plan from the Nam Định template and sends it to all schools.
    so = as_user("so.lanhdao")
    so.goto("/ke-hoach/mau/")
    so.locator("button[data-template='nam-dinh-2024']").click()
    expect(so.get_by_role("heading", level=1)).to_contain_text("Nắm chắc, quản chặt")
    so.get_by_role("link", name="Gửi cho đơn vị").click()
    for label in SCHOOL_TYPES:
        so.get_by_label(label, exact=True).check()
    so.get_by_role("button", name="Gửi", exact=True).click()
    expect(so.locator("body")).to_contain_text("Đã gửi văn bản tới")
    document = Document.objects.get()
    schools = Distribution.objects.filter(document=document).count()
    assert schools == demo["SGD-SL"].subtree().filter(unit_type__kind="school").count()
    so.get_by_role("link", name="Tạo kỳ báo cáo").click()
    so.get_by_role("button", name="Lưu").click()
    expect(so.locator("body")).to_contain_text("Đã tạo kỳ báo cáo")

    # Two schools acknowledge and record activities with evidence.
    benthuy = as_user("thcs.hieutruong")
    expect(benthuy.locator("body")).to_contain_text("Cần quán triệt")
    acknowledge_and_record(benthuy, evidence, "40", "620", "Tập huấn kỹ năng an toàn trên mạng")
    hongson = as_user("hongson.duyet")
    acknowledge_and_record(hongson, evidence, "35", "580", "Chuyên đề nhận diện lừa đảo qua mạng")
    assert Distribution.objects.filter(status=DistributionStatus.ACKNOWLEDGED).count() == 2
    assert Activity.objects.count() == 2

    # The commune office and the department see progress.
    commune = as_user("xa.benthuy")
    commune.goto(f"/ke-hoach/{document.pk}/")
    expect(commune.locator("#ack-summary")).to_contain_text("1/3 đơn vị đã quán triệt")
    commune.goto("/chi-tieu/tien-do/")
    expect(commune.locator("#dashboard-summary")).to_contain_text("1 hoạt động")
    so.goto(f"/ke-hoach/{document.pk}/")
    expect(so.locator("#ack-summary")).to_contain_text(f"2/{schools} đơn vị đã quán triệt")
    so.goto("/chi-tieu/tien-do/")
    expect(so.locator("#dashboard-summary")).to_contain_text("2 hoạt động")
    expect(so.locator("#dashboard-summary")).to_contain_text("600 lượt học sinh")
    so.get_by_role("link", name="UBND phường Bến Thủy").click()
    expect(so.get_by_role("heading", level=1)).to_contain_text("UBND phường Bến Thủy")
    screenshot(so, "plans-dashboard", full_page=True)

    # The school writes, approves and submits its annual report.
    benthuy.goto("/bao-cao/")
    benthuy.get_by_role("link", name="Báo cáo của đơn vị đang chọn").first.click()
    benthuy.get_by_label("Kết quả đạt được").fill("Đã quán triệt 100% cán bộ, giáo viên; tổ chức 1 buổi tập huấn.")
    benthuy.get_by_role("button", name="Lưu báo cáo").click()
    benthuy.get_by_role("button", name="Lãnh đạo duyệt").click()
    benthuy.get_by_role("button", name="Gửi cấp trên").click()
    expect(benthuy.locator("#report-status")).to_have_text("Đã gửi cấp trên")
    title = "Kết quả thực hiện Kế hoạch số"
    assert_report_files(benthuy, tmp_path, "plans-school-report",
                        ("UBND PHƯỜNG BẾN THỦY", "TRƯỜNG THCS BẾN THỦY"), title, "UBND phường Bến Thủy")

    # The commune aggregates and submits.
    commune.goto("/bao-cao/")
    commune.get_by_role("link", name="Báo cáo của đơn vị đang chọn").first.click()
    expect(commune.locator("#report-total")).to_contain_text("300 lượt học sinh")
    expect(commune.locator("#missing-units")).to_contain_text("Trường Tiểu học Bến Thủy")
    commune.get_by_role("button", name="Lãnh đạo duyệt").click()
    commune.get_by_role("button", name="Gửi cấp trên").click()
    expect(commune.locator("#report-status")).to_have_text("Đã gửi cấp trên")

    # The department's report shows the sum and names the units that have not submitted.
    so.goto("/bao-cao/")
    so.get_by_role("link", name="Báo cáo của đơn vị đang chọn").first.click()
    expect(so.locator("#report-total")).to_contain_text("1 hoạt động")
    expect(so.locator("#report-total")).to_contain_text("300 lượt học sinh")
    missing = so.locator("#missing-units")
    expect(missing).to_contain_text("UBND phường Hồng Sơn")
    expect(missing).to_contain_text("Trường THPT Nguyễn Du")
    expect(missing).not_to_contain_text("UBND phường Bến Thủy")
    screenshot(so, "plans-department-report", full_page=True)
    assert_report_files(so, tmp_path, "plans-department-report",
                        ("UBND TỈNH SÔNG LAM", "SỞ GIÁO DỤC VÀ ĐÀO TẠO"), title, "UBND tỉnh Sông Lam")
    assert Report.objects.filter(status=ReportStatus.SUBMITTED).count() == 2
