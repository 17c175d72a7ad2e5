"""Numbers for the statistics page: by category and channel, time to first action, deadlines, takedowns."""

from __future__ import annotations

from collections import Counter
from statistics import median

from mangxanh.intake import categories as cats
from mangxanh.intake.models import Deadline, Report, TakedownRequest, VictimSupport


def _hours(deltas) -> float | None:
    values = [d.total_seconds() / 3600 for d in deltas if d is not None]
    return round(median(values), 1) if values else None


def numbers(cases) -> dict:
    reports = Report.objects.filter(case__in=cases)
    by_category: Counter = Counter()
    for row in reports.values_list("categories", flat=True):
        by_category.update(row)
    by_channel = Counter(reports.values_list("channel", flat=True))
    firsts = [first - opened for first, opened in cases.filter(first_action_at__isnull=False).values_list(
        "first_action_at", "opened_at")]
    deadlines = Deadline.objects.filter(case__in=cases)
    met_in_time = sum(1 for d in deadlines.filter(met_at__isnull=False) if d.met_at <= d.due_at)
    takedowns = TakedownRequest.objects.filter(case__in=cases, removed_at__isnull=False)
    by_unit = Counter(cases.values_list("unit__name", flat=True))  # rolled up: every unit in scope
    return {
        "total_cases": cases.count(),
        "total_reports": reports.count(),
        "by_category": [(cats.label(c), n) for c, n in by_category.most_common()],
        "by_channel": [("Biểu mẫu web" if k == "web" else "Đối tác (API)", n) for k, n in by_channel.items()],
        "by_unit": by_unit.most_common(20),
        "first_action_hours": _hours(firsts),
        "deadlines_total": deadlines.count(),
        "deadlines_met": met_in_time,
        "takedown_hours": _hours([t.time_to_removal for t in takedowns]),
        "takedowns_removed": takedowns.count(),
        "victims_supported": VictimSupport.objects.filter(case__in=cases, actions__isnull=False).distinct().count(),
    }
