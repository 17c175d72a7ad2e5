"""Numbers for the statistics page over a chosen period: what was received (reports) and what was
handled (cases), deadlines that were already due, a trend over time, and the same numbers as CSV/XLSX.

Reports and cases are counted apart on purpose: duplicate reports about the same content join one
case, so "12 reports" may be "9 cases". Deadlines count only once they are due: a clock still
running is neither met nor missed yet.
"""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from statistics import median

from django import forms
from django.db.models import Count
from django.db.models.functions import TruncDate, TruncMonth
from django.http import HttpResponse
from django.utils import timezone

from mangxanh.core.spreadsheet import SafeCsvWriter, append_row
from mangxanh.intake import categories as cats
from mangxanh.intake.models import Deadline, Report, TakedownRequest, VictimSupport

MAX_DAYS = 5 * 366  # a custom period of more than five years is a typo, not a question
DAILY_UP_TO = 62  # days: longer periods are shown month by month

PERIODS = [
    ("thang-nay", "Tháng này"),
    ("thang-truoc", "Tháng trước"),
    ("quy-nay", "Quý này"),
    ("nam-nay", "Năm nay"),
    ("tuy-chon", "Từ ngày … đến ngày …"),
]


@dataclass(frozen=True)
class Period:
    first: date  # both days included
    last: date

    @property
    def start(self) -> datetime:
        return timezone.make_aware(datetime.combine(self.first, time.min))

    @property
    def end(self) -> datetime:  # exclusive
        return timezone.make_aware(datetime.combine(self.last + timedelta(days=1), time.min))

    @property
    def daily(self) -> bool:
        return (self.last - self.first).days < DAILY_UP_TO

    @property
    def label(self) -> str:
        return f"{self.first:%d/%m/%Y} – {self.last:%d/%m/%Y}"


def named_period(key: str, today: date) -> Period:
    """One of PERIODS (except the custom one), in Vietnam's calendar."""
    month_start = today.replace(day=1)
    if key == "thang-truoc":
        last = month_start - timedelta(days=1)
        return Period(last.replace(day=1), last)
    if key == "quy-nay":
        return Period(month_start.replace(month=(today.month - 1) // 3 * 3 + 1), today)
    if key == "nam-nay":
        return Period(today.replace(month=1, day=1), today)
    return Period(month_start, today)


class PeriodForm(forms.Form):
    ky = forms.ChoiceField(label="Kỳ số liệu", choices=PERIODS, required=False)
    tu = forms.DateField(label="Từ ngày", required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                         error_messages={"invalid": "Từ ngày: hãy nhập ngày theo dạng ngày/tháng/năm."})
    den = forms.DateField(label="Đến ngày", required=False, input_formats=["%Y-%m-%d", "%d/%m/%Y"],
                          error_messages={"invalid": "Đến ngày: hãy nhập ngày theo dạng ngày/tháng/năm."})

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["ky"].error_messages["invalid_choice"] = "Kỳ số liệu: hãy chọn một kỳ trong danh sách."

    def clean(self):
        data = super().clean()
        if self.errors or data.get("ky") != "tuy-chon":
            return data
        first, last = data.get("tu"), data.get("den")
        if first is None or last is None:
            raise forms.ValidationError("Kỳ tùy chọn: hãy nhập cả «Từ ngày» và «Đến ngày».")
        if first > last:
            raise forms.ValidationError("«Từ ngày» phải trước hoặc bằng «Đến ngày».")
        if first > timezone.localdate():
            raise forms.ValidationError("«Từ ngày» không được ở tương lai.")
        if (last - first).days > MAX_DAYS:
            raise forms.ValidationError("Kỳ tùy chọn dài tối đa 5 năm.")
        return data

    def period(self) -> Period:
        """The chosen period; this month when nothing (or something invalid) was chosen."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        if data.get("ky") == "tuy-chon":
            return Period(data["tu"], data["den"])
        return named_period(data.get("ky") or "thang-nay", today)


def query_without_export(get) -> str:
    """The page's filter as a query string, for the export links."""
    query = get.copy()
    query.pop("xuat", None)
    return query.urlencode()


def _hours(deltas) -> float | None:
    values = [d.total_seconds() / 3600 for d in deltas if d is not None]
    return round(median(values), 1) if values else None


def trend(cases, period: Period) -> list[dict]:
    """Reports received and cases opened per day (per month for long periods), empty buckets included."""
    tz = timezone.get_current_timezone()
    trunc = TruncDate if period.daily else TruncMonth

    def per_bucket(rows, field: str) -> dict:
        counted = rows.annotate(b=trunc(field, tzinfo=tz)).values("b").annotate(n=Count("pk"))
        return {(r["b"].date() if isinstance(r["b"], datetime) else r["b"]): r["n"] for r in counted}

    in_period = {"gte": period.start, "lt": period.end}
    reports = per_bucket(Report.objects.filter(case__in=cases, **{f"submitted_at__{k}": v for k, v in in_period.items()})
                         .order_by(), "submitted_at")
    opened = per_bucket(cases.filter(**{f"opened_at__{k}": v for k, v in in_period.items()}).order_by(), "opened_at")
    buckets, day = [], period.first if period.daily else period.first.replace(day=1)
    while day <= period.last:
        label = f"{day:%d/%m}" if period.daily else f"{day:%m/%Y}"
        buckets.append({"day": day, "label": label, "reports": reports.get(day, 0), "cases": opened.get(day, 0)})
        day = day + timedelta(days=1) if period.daily else (day.replace(day=28) + timedelta(days=4)).replace(day=1)
    return buckets


def chart(buckets: list[dict], *, width: int = 720, height: int = 160) -> dict:
    """Bar geometry for a server-drawn SVG (no script): one bar per bucket, reports' height."""
    top = max((b["reports"] for b in buckets), default=0) or 1
    step = width / max(len(buckets), 1)
    bars = []
    for i, b in enumerate(buckets):
        h = round(b["reports"] / top * (height - 20), 1)
        bars.append({**b, "x": round(i * step + step * 0.1, 1), "w": round(step * 0.8, 1),
                     "y": round(height - h, 1), "h": h})
    return {"width": width, "height": height, "bars": bars, "top": top}


def numbers(cases, period: Period, *, now: datetime | None = None) -> dict:
    """The page's numbers for the cases in the user's scope, restricted to the period."""
    now = now or timezone.now()
    start, end = period.start, period.end
    reports = Report.objects.filter(case__in=cases, submitted_at__gte=start, submitted_at__lt=end)
    opened = cases.filter(opened_at__gte=start, opened_at__lt=end)
    by_category: Counter = Counter()
    for row in reports.values_list("categories", flat=True):
        by_category.update(row)
    by_channel = Counter(reports.values_list("channel", flat=True))
    firsts = [first - at for first, at in opened.filter(first_action_at__isnull=False).values_list(
        "first_action_at", "opened_at")]
    # Only deadlines already due within the period: one still running is neither met nor missed.
    due = Deadline.objects.filter(case__in=cases, due_at__gte=start, due_at__lt=min(end, now))
    met_in_time = sum(1 for met, due_at in due.filter(met_at__isnull=False).values_list("met_at", "due_at")
                      if met <= due_at)
    takedowns = TakedownRequest.objects.filter(case__in=cases, removed_at__gte=start, removed_at__lt=end)
    by_unit = Counter(opened.values_list("unit__name", flat=True))  # rolled up: every unit in scope
    return {
        "period": period,
        "total_cases": opened.count(),
        "total_reports": reports.count(),
        "by_category": [(cats.label(c), n) for c, n in by_category.most_common()],
        "by_channel": [("Biểu mẫu web" if k == "web" else "Đối tác (API)", n) for k, n in by_channel.items()],
        "by_unit": by_unit.most_common(20),
        "first_action_hours": _hours(firsts),
        "deadlines_total": due.count(),
        "deadlines_met": met_in_time,
        "takedown_hours": _hours([t.time_to_removal for t in takedowns]),
        "takedowns_removed": takedowns.count(),
        "victims_supported": VictimSupport.objects.filter(case__in=opened, actions__isnull=False).distinct().count(),
    }


def export_rows(data: dict, buckets: list[dict]) -> list[list]:
    """The page as rows (section, item, value); every text cell goes through the formula guard."""
    period = data["period"]
    rows: list[list] = [
        ["Kỳ số liệu", period.label, ""],
        ["Tổng", "Phản ánh nhận trong kỳ", data["total_reports"]],
        ["Tổng", "Vụ việc mở trong kỳ (phản ánh trùng nội dung gộp vào một vụ việc)", data["total_cases"]],
        ["Thời hạn", "Thời hạn đã đến hạn trong kỳ", data["deadlines_total"]],
        ["Thời hạn", "Trong đó đáp ứng đúng hạn", data["deadlines_met"]],
        ["Xử lý", "Thời gian tới lần xử lý đầu (trung vị, giờ)", data["first_action_hours"] or ""],
        ["Gỡ bỏ", "Nội dung đã gỡ trong kỳ", data["takedowns_removed"]],
        ["Hỗ trợ", "Nạn nhân được hỗ trợ", data["victims_supported"]],
    ]
    rows += [["Phản ánh theo nhóm", label, n] for label, n in data["by_category"]]
    rows += [["Phản ánh theo kênh", label, n] for label, n in data["by_channel"]]
    rows += [["Vụ việc theo đơn vị", label, n] for label, n in data["by_unit"]]
    rows += [["Diễn biến: phản ánh nhận", b["label"], b["reports"]] for b in buckets]
    rows += [["Diễn biến: vụ việc mở", b["label"], b["cases"]] for b in buckets]
    return rows


HEADERS = ["Mục", "Chỉ tiêu", "Giá trị"]
EXPORTS = {"csv": "text/csv; charset=utf-8",
           "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def export_response(data: dict, buckets: list[dict], kind: str) -> HttpResponse:
    rows = export_rows(data, buckets)
    response = HttpResponse(to_csv(rows) if kind == "csv" else to_xlsx(rows), content_type=EXPORTS[kind])
    response["Content-Disposition"] = f'attachment; filename="so-lieu-tin-bao-{data["period"].first}.{kind}"'
    return response


def to_csv(rows: list[list]) -> bytes:
    out = io.StringIO()
    writer = SafeCsvWriter(out)
    writer.writerow(HEADERS)
    writer.writerows(rows)
    return ("\ufeff" + out.getvalue()).encode()  # BOM: Excel then reads the accents as UTF-8


def to_xlsx(rows: list[list]) -> bytes:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "So lieu tin bao"
    append_row(sheet, HEADERS)
    for row in rows:
        append_row(sheet, row)  # unit names are typed by administrators
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
