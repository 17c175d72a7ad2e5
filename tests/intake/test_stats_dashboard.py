"""The intake dashboard: says what it counts, counts only deadlines already due, period filter, trend, export."""

from __future__ import annotations

import csv
import io
from datetime import timedelta

from django.utils import timezone

from mangxanh.intake.models import Case, Deadline, Report
from tests.intake.conftest import submit

URL = "/vu-viec/so-lieu/"


def _move(report_pk: int, when) -> None:
    report = Report.objects.get(pk=report_pk)
    Report.objects.filter(pk=report_pk).update(submitted_at=when)
    Case.objects.filter(pk=report.case_id).update(opened_at=when)


def test_dashboard_says_reports_versus_cases(user_client, demo):
    first = submit(description="Trang giả danh trường", links=["https://vi.du/gia"], unit=demo["THCS-BENTHUY"])
    submit(description="Lại trang giả danh đó", links=["https://vi.du/gia"], unit=demo["THCS-BENTHUY"])
    assert Case.objects.count() == 1 and first.report.case.reports.count() == 2
    html = user_client("so.xuly").get(URL).content.decode()
    assert "Phản ánh nhận trong kỳ: <strong>2</strong>" in html
    assert "Vụ việc mở trong kỳ: <strong>1</strong>" in html
    assert "trùng nội dung" in html  # the page says why the two numbers differ


def test_only_deadlines_already_due_are_counted(user_client, demo):
    case = submit(categories=["child_abuse"], description="Tài khoản lạ gạ gẫm học sinh",
                  unit=demo["THCS-BENTHUY"]).report.case
    deadlines = list(case.deadlines.order_by("due_at"))
    assert len(deadlines) >= 2 and all(d.due_at > timezone.now() for d in deadlines)
    html = user_client("so.xuly").get(URL).content.decode()
    assert "đáp ứng đúng hạn: <strong>0/0</strong>" in html  # nothing is due yet: nothing missed
    Deadline.objects.filter(pk=deadlines[0].pk).update(due_at=timezone.now() - timedelta(minutes=5))
    html = user_client("so.xuly").get(URL).content.decode()
    assert "đáp ứng đúng hạn: <strong>0/1</strong>" in html


def test_period_filter_and_trend(user_client, demo):
    now = timezone.localtime()
    submit(description="Tháng này", unit=demo["THCS-BENTHUY"])
    last_month = submit(description="Tháng trước", reported_account="x1", unit=demo["THCS-BENTHUY"]).report
    _move(last_month.pk, now.replace(day=1) - timedelta(days=3))
    last_year = submit(description="Năm ngoái", reported_account="x2", unit=demo["THCS-BENTHUY"]).report
    _move(last_year.pk, now.replace(year=now.year - 1, month=6, day=15))
    client = user_client("so.xuly")

    def total(params) -> str:
        html = client.get(URL, params).content.decode()
        return html.split("Phản ánh nhận trong kỳ: <strong>", 1)[1].split("<", 1)[0]

    assert total({}) == "1" and total({"ky": "thang-nay"}) == "1"
    assert total({"ky": "thang-truoc"}) == "1"
    first = (now.replace(year=now.year - 1, month=1, day=1)).date().isoformat()
    assert total({"ky": "tuy-chon", "tu": first, "den": now.date().isoformat()}) == "3"
    html = client.get(URL, {"ky": "tuy-chon", "tu": first, "den": now.date().isoformat()}).content.decode()
    # A long period is shown month by month: a server-drawn SVG bar per month and the same numbers as a table.
    assert "<svg" in html and html.count("<rect") >= 12 and "phản ánh nhận theo tháng" in html
    assert f"<td>06/{now.year - 1}</td><td>1</td>" in html


def test_bad_periods_are_refused_in_vietnamese(user_client, demo):
    submit(description="Một phản ánh", unit=demo["THCS-BENTHUY"])
    client = user_client("so.xuly")
    today = timezone.localdate()
    cases = [
        ({"ky": "tuy-chon"}, "hãy nhập cả «Từ ngày» và «Đến ngày»"),
        ({"ky": "tuy-chon", "tu": "2026-13-40", "den": "2026-01-01"}, "Từ ngày: hãy nhập ngày theo dạng"),
        ({"ky": "tuy-chon", "tu": today.isoformat(), "den": (today - timedelta(days=3)).isoformat()},
         "«Từ ngày» phải trước hoặc bằng «Đến ngày»"),
        ({"ky": "tuy-chon", "tu": "2001-01-01", "den": today.isoformat()}, "dài tối đa 5 năm"),
        ({"ky": "nam-ngoai-xa"}, "hãy chọn một kỳ trong danh sách"),
    ]
    for params, message in cases:
        response = client.get(URL, params)
        html = response.content.decode()
        assert response.status_code == 200 and message in html, params
        assert "<title>Lỗi:" in html, params
        # An invalid period falls back to this month, and no export is offered for it.
        assert "Phản ánh nhận trong kỳ: <strong>1</strong>" in html and 'id="export-csv"' not in html
        assert client.get(URL, {**params, "xuat": "csv"})["Content-Type"].startswith("text/html")


def test_export_csv_and_xlsx_scoped_and_formula_safe(user_client, demo):
    from openpyxl import load_workbook

    unit = demo["THCS-BENTHUY"]
    unit.name = "=HYPERLINK(\"http://x\",\"bấm\")"
    unit.save()
    submit(categories=["scam"], description="Trang giả danh thu tiền", unit=unit)
    submit(description="Ở trường khác", reported_account="y", unit=demo["THPT-NGUYENDU"])
    response = user_client("thcs.xuly").get(URL, {"ky": "thang-nay", "xuat": "csv"})
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == ["Mục", "Chỉ tiêu", "Giá trị"]
    values = {(r[0], r[1]): r[2] for r in rows[1:]}
    assert values[("Tổng", "Phản ánh nhận trong kỳ")] == "1"  # the other school's report is out of scope
    assert ("Vụ việc theo đơn vị", "'" + unit.name) in values  # the formula is text, not a live formula
    assert values[("Phản ánh theo nhóm", "Lừa đảo")] == "1"

    response = user_client("thcs.xuly").get(URL, {"xuat": "xlsx"})
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    sheet = load_workbook(io.BytesIO(response.content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert "'" + unit.name in cells and unit.name not in cells
