"""Missed deadlines go up the tree; closed cases are purged after their retention period."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mangxanh import audit
from mangxanh.core.durations import until_vi
from mangxanh.core.notify import absolute, notify
from mangxanh.intake import categories as cats
from mangxanh.intake.models import Case, CaseEvent, CaseState, Deadline, Report, VictimSupport
from mangxanh.org import permissions
from mangxanh.org.models import Membership

# Days a closed case's reports are kept; the longest matching category wins.
DEFAULT_RETENTION_DAYS = {"default": 730, "child_abuse": 1825, "self_harm": 1825}


REMIND_BEFORE = timedelta(hours=1)


def remind(now=None) -> int:
    """One e-mail to the responsible unit's case handlers when a deadline is less than an hour away."""
    now = now or timezone.now()
    soon = (Deadline.objects.filter(met_at__isnull=True, reminded_at__isnull=True, due_at__gte=now,
                                    due_at__lt=now + REMIND_BEFORE)
            .exclude(case__state=CaseState.CLOSED).select_related("case", "case__unit"))
    count = 0
    for deadline in soon:
        deadline.reminded_at = now
        deadline.save(update_fields=["reminded_at"])
        _mail(deadline.case.unit, deadline.case, deadline,
              subject=f"Vụ việc {deadline.case.number} sắp đến hạn",
              text=f"Vụ việc {deadline.case.number} sắp đến hạn “{deadline.label}” "
                   f"(hạn {timezone.localtime(deadline.due_at):%H:%M %d/%m/%Y}, {until_vi(deadline.due_at, now)}).",
              escalation=False)
        count += 1
    return count


def escalate(now=None) -> int:
    """Mark each overdue deadline of an open case as escalated to the case unit's parent, once."""
    now = now or timezone.now()
    remind(now)
    overdue = (Deadline.objects.filter(met_at__isnull=True, escalated_at__isnull=True, due_at__lt=now)
               .exclude(case__state=CaseState.CLOSED).select_related("case", "case__unit"))
    count = 0
    for deadline in overdue:
        case = deadline.case
        parent = case.unit.parent_unit() or case.unit
        with transaction.atomic(), audit.acting_as(None, unit=case.unit):
            deadline.escalated_to, deadline.escalated_at = parent, now
            deadline.save(update_fields=["escalated_to", "escalated_at"])
            CaseEvent.objects.create(case=case, text=f"Quá hạn “{deadline.label}”: đã báo lên {parent.name}")
            audit.record("case_state", obj=case, message=f"Quá hạn, chuyển cấp trên: {deadline.label}")
        _mail(parent, case, deadline)
        count += 1
    return count


def case_url(case: Case) -> str:
    return absolute(case_path(case))


def case_path(case: Case) -> str:
    return reverse("intake:case_detail", args=[case.pk])


# At the parent unit itself (a ward or commune has leaders and specialists, rarely case officers),
# everyone who can see or act on its cases is told ("case.escalation"); above it, the case handlers.
def recipients(unit, *, own_unit: str = "case.assignee") -> list:
    """The people to tell about a case of this unit: holders of own_unit's roles at unit, the case handlers above."""
    roles_for = permissions.roles_for
    holders = (Membership.objects.holding(roles_for(own_unit), at=unit)
               | Membership.objects.holding(roles_for("case.assignee"), above=unit))
    return list(holders.people().order_by("pk"))


def _mail(unit, case: Case, deadline: Deadline, *, subject: str = "", text: str = "", escalation: bool = True) -> None:
    body = (text or f"Vụ việc {case.number} của {case.unit.name} đã quá hạn “{deadline.label}” "
            f"(hạn {timezone.localtime(deadline.due_at):%H:%M %d/%m/%Y}, {until_vi(deadline.due_at)}). "
            "Đề nghị đơn vị cấp trên đôn đốc.")
    notify(recipients(unit, own_unit="case.escalation" if escalation else "case.assignee"),
           kind="case_deadline", subject=subject or f"Vụ việc {case.number} quá hạn",
           body=f"{body}\n\nMở vụ việc: {case_url(case)}", text=body, url=case_path(case))


def retention_days(categories: list[str]) -> int:
    table = {**DEFAULT_RETENTION_DAYS, **getattr(settings, "INTAKE_RETENTION_DAYS", {})}
    return max([table.get(c, table["default"]) for c in categories] or [table["default"]])


def purge(now=None) -> int:
    """Erase reporter and victim data of cases closed longer than their retention; keep counts."""
    now = now or timezone.now()
    purged = 0
    for case in Case.objects.filter(state=CaseState.CLOSED, closed_at__isnull=False):
        if case.closed_at + timedelta(days=retention_days(case.categories)) > now:
            continue
        reports = case.reports.filter(purged_at__isnull=True)
        if not reports.exists():
            continue
        with transaction.atomic(), audit.acting_as(None, unit=case.unit):
            for report in reports:
                report.links.all().delete()
                report.files.all().delete()
                report.messages.all().delete()
            n = reports.update(description="", reported_account="", account_key="", search_key="", contact="",
                               contact_name="",
                               may_contact=False, purged_at=now)
            for evidence in case.evidence.all():
                evidence.custody.all().delete()
            case.evidence.all().delete()
            VictimSupport.objects.filter(case=case).delete()
            audit.record("report_purge", obj=case,
                         message=f"Xóa dữ liệu {n} phản ánh sau {retention_days(case.categories)} ngày lưu trữ "
                                 f"({', '.join(cats.label(c) for c in case.categories)})")
        purged += n
    return purged


def export_person(contact: str) -> dict:
    """Everything held about a reporter who left a contact (anonymous reports hold nothing)."""
    reports = Report.objects.filter(contact__iexact=contact.strip()).prefetch_related("links", "messages")
    data = {"contact": contact, "reports": []}
    for r in reports:
        data["reports"].append({
            "code": r.code, "submitted_at": r.submitted_at.isoformat(), "name": r.contact_name,
            "may_contact": r.may_contact, "categories": r.categories, "description": r.description,
            "links": [link.url for link in r.links.all()],
            "messages": [{"from_reporter": m.from_reporter, "text": m.text, "at": m.created_at.isoformat()}
                         for m in r.messages.all()],
            "case_status": r.public_state,
        })
    with audit.acting_as(None):
        audit.record("person_export", message=f"Xuất dữ liệu của một người báo tin: {len(data['reports'])} phản ánh")
    return data
