"""Report periods (issue 12 item 14): the default is the current period; a period comes from
the plan's calendar of deadlines."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse
from django.utils import timezone

from mangxanh.plans import services
from mangxanh.plans.models import ReportPeriod


def test_default_period_contains_today_even_after_this_years_report_date(plan):
    # Nam Định reports every 30/11: on 6 December the current period runs to next 30/11.
    period = services.suggested_period(plan, dt.date(2026, 12, 6))
    assert (period.starts_on, period.ends_on, period.deadline) == (
        dt.date(2026, 12, 1), dt.date(2027, 11, 30), dt.date(2027, 11, 30))
    assert period.name == "Báo cáo từ 01/12/2026 đến 30/11/2027"  # not «năm 2027»: it starts in 2026
    period = services.suggested_period(plan, dt.date(2026, 11, 30))
    assert period.starts_on <= dt.date(2026, 11, 30) <= period.ends_on == dt.date(2026, 11, 30)
    for day in (dt.date(2026, 1, 1), dt.date(2026, 6, 15), dt.date(2026, 12, 31)):
        period = services.suggested_period(plan, day)
        assert period.starts_on <= day <= period.ends_on


def test_period_screen_suggests_the_current_period(sent_plan, user_client):
    page = user_client("so.lanhdao").get(reverse("plans:period_create", args=[sent_plan.pk])).content.decode()
    today = timezone.localdate()
    period = services.suggested_period(sent_plan, today)
    assert period.starts_on <= today <= period.ends_on
    assert f'value="{period.ends_on:%Y-%m-%d}"' in page and f'value="{period.starts_on:%Y-%m-%d}"' in page


def test_period_from_the_calendar_of_deadlines(sent_plan, user_client):
    task = sent_plan.tasks.first()
    today = timezone.localdate()
    task.due_date = today + dt.timedelta(days=40)
    task.save()
    calendar = services.deadline_calendar(sent_plan, today)
    assert task.due_date in [entry.day for entry in calendar]
    assert [entry.day for entry in calendar] == sorted({entry.day for entry in calendar})  # each date once
    client = user_client("so.lanhdao")
    url = reverse("plans:period_create", args=[sent_plan.pk])
    page = client.get(url).content.decode()
    assert "Tạo kỳ báo cáo theo lịch hạn của kế hoạch" in page and f"?han={task.due_date:%Y-%m-%d}" in page
    page = client.get(url, {"han": task.due_date.isoformat()}).content.decode()
    assert f'value="{task.due_date:%Y-%m-%d}"' in page
    earlier = [e.day for e in calendar if e.day < task.due_date]
    expected_start = earlier[-1] + dt.timedelta(days=1) if earlier else sent_plan.issued_on
    assert f'value="{expected_start:%Y-%m-%d}"' in page
    response = client.post(url, {"name": f"Báo cáo đến ngày {task.due_date:%d/%m/%Y}",
                                 "starts_on": expected_start.isoformat(), "ends_on": task.due_date.isoformat(),
                                 "deadline": task.due_date.isoformat()})
    assert response.status_code == 302
    assert ReportPeriod.objects.get(document=sent_plan).deadline == task.due_date


def test_a_date_outside_the_calendar_is_not_taken(sent_plan, user_client):
    url = reverse("plans:period_create", args=[sent_plan.pk])
    page = user_client("so.lanhdao").get(url, {"han": "2031-02-03"}).content.decode()
    assert "không có trong lịch hạn" in page and "2031-02-03" not in page.split("<form", 1)[1].split("</form>")[0]
    page = user_client("so.lanhdao").get(url, {"han": "not-a-date"}).content.decode()
    assert "không có trong lịch hạn" in page


def test_periods_are_named_from_their_dates():
    assert services.period_name(dt.date(2027, 1, 1), dt.date(2027, 12, 31)) == "Báo cáo năm 2027"
    assert services.period_name(dt.date(2026, 9, 1), dt.date(2027, 8, 31)) == "Báo cáo năm học 2026–2027"
    assert services.period_name(dt.date(2026, 12, 1), dt.date(2027, 11, 30)) == "Báo cáo từ 01/12/2026 đến 30/11/2027"
    assert services.period_name(dt.date(2028, 2, 29), dt.date(2028, 6, 30)) == "Báo cáo từ 29/02/2028 đến 30/06/2028"
