"""Deadline reminders: e-mail a unit's people a few days before a report is due, and tell the
parent unit when it is overdue (escalation). The worker's scheduler runs it daily (mangxanh.core.scheduler); `mangxanh plans_remind` runs it by hand."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from mangxanh.core.notify import notify
from mangxanh.plans import services
from mangxanh.plans.models import Report, ReportPeriod, ReportStatus


@dataclass
class Sent:
    reminders: int = 0
    escalations: int = 0


def _mail(people, subject: str, body: str) -> int:
    """In-app and (after commit) e-mail through the one notification service; returns e-mails queued."""
    return notify(people, kind="plan_deadline", subject=subject, body=body).emails


def send_reminders(today: dt.date, *, days_before: int = 3) -> Sent:
    """One reminder on the day that is days_before the deadline; escalation on the first overdue day."""
    sent = Sent()
    due_soon = today + dt.timedelta(days=days_before)
    overdue = today - dt.timedelta(days=1)
    for period in ReportPeriod.objects.filter(deadline__in=[due_soon, overdue]).select_related("document__unit"):
        done = set(Report.objects.filter(period=period, status=ReportStatus.SUBMITTED).values_list("unit_id",
                                                                                                   flat=True))
        for unit in services.report_units(period):
            if unit.pk in done or unit.pk == period.document.unit_id:
                continue
            if period.deadline == due_soon:
                sent.reminders += _mail(
                    services.people_to_notify(unit), f"Sắp đến hạn báo cáo: {period.name}",
                    f"{unit.name} cần gửi báo cáo “{period.name}” ({period.document.title}) "
                    f"trước ngày {period.deadline:%d/%m/%Y}.")
            else:
                parent = unit.parent_unit()
                if parent is None:
                    continue
                sent.escalations += _mail(
                    services.people_to_notify(parent), f"Đơn vị quá hạn báo cáo: {unit.name}",
                    f"{unit.name} chưa gửi báo cáo “{period.name}”; hạn nộp là {period.deadline:%d/%m/%Y}.")
    return sent
