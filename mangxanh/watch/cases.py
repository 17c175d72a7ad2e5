"""Each security incident is a case of its own type («Sự cố an ninh mạng») in intake's case machinery,
so it shows in the unit's case list and board beside the reports.

The incident is the source of truth and is handled on its own page; its case follows it: priority
from the severity (urgent when personal data may have leaked), the containment steps as the case's
tasks (ticking one on either side ticks both), the 72-hour notification clock as the case's deadline
(met when the notification is recorded), and the state (open → new/verifying, contained → removed,
closed → closed «đã xử lý xong»).
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from mangxanh.intake.models import (
    Case,
    CaseEvent,
    CaseState,
    CaseTask,
    CaseType,
    ClockTrigger,
    ClosureReason,
    Deadline,
    LegalClock,
    Priority,
)
from mangxanh.watch.models import CHECKLIST, NOTIFY_WITHIN, IncidentStatus, SecurityIncident, Severity

CLOCK_CODE = "pdp-breach-72h"


def notification_clock() -> LegalClock:
    """The legal clock of the personal-data breach notification (editable data, like intake's clocks)."""
    clock, _ = LegalClock.objects.get_or_create(code=CLOCK_CODE, defaults={
        "name": "Thông báo vi phạm bảo vệ dữ liệu cá nhân (72 giờ)",
        "minutes": int(NOTIFY_WITHIN.total_seconds() // 60), "trigger": ClockTrigger.MANUAL,
        "source": "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15",
    })
    return clock


def _priority(incident: SecurityIncident) -> int:
    if incident.personal_data_risk:
        return Priority.URGENT
    return Priority.HIGH if incident.severity == Severity.HIGH else Priority.NORMAL


def _state(incident: SecurityIncident) -> str:
    if incident.status == IncidentStatus.CLOSED:
        return CaseState.CLOSED
    if incident.status == IncidentStatus.CONTAINED:
        return CaseState.REMOVED
    return CaseState.VERIFYING if any(incident.checklist.values()) else CaseState.NEW


def _title(incident: SecurityIncident) -> str:
    return f"{incident.number} · {incident.title}"[:200]


@transaction.atomic
def sync_case(incident: SecurityIncident) -> Case:
    """Create the incident's case on first sight, then bring it in step with the incident."""
    case = incident.case
    if case is None:
        case = Case.objects.create(unit=incident.unit, title=_title(incident), case_type=CaseType.SECURITY_INCIDENT,
                                   categories=list(incident.categories), priority=_priority(incident),
                                   opened_at=incident.detected_at)
        CaseEvent.objects.create(case=case, text=f"Mở từ sự cố an ninh mạng {incident.number}",
                                 to_state=case.state)
        CaseTask.objects.bulk_create(CaseTask(case=case, title=label) for label in CHECKLIST.values())
        SecurityIncident.objects.filter(pk=incident.pk).update(case=case)
        incident.case = case
    _sync_tasks(incident, case)
    _sync_deadline(incident, case)
    state = _state(incident)
    changed = {"priority": _priority(incident), "title": _title(incident), "unit_id": incident.unit_id}
    if case.state != state:
        CaseEvent.objects.create(case=case, from_state=case.state, to_state=state,
                                 text=f"Theo sự cố {incident.number}: {IncidentStatus(incident.status).label}")
        changed |= {"state": state, "first_action_at": case.first_action_at or timezone.now()}
        if state == CaseState.CLOSED:
            changed |= {"closure_reason": ClosureReason.RESOLVED, "closed_at": incident.closed_at or timezone.now()}
    if any(getattr(case, field) != value for field, value in changed.items()):
        for field, value in changed.items():
            setattr(case, field, value)
        case.save()
    return case


def _sync_tasks(incident: SecurityIncident, case: Case) -> None:
    labels = {label: key for key, label in CHECKLIST.items()}
    now = timezone.now()
    for task in case.tasks.filter(title__in=labels):
        done = bool(incident.checklist.get(labels[task.title]))
        if done != bool(task.done_at):
            CaseTask.objects.filter(pk=task.pk).update(done_at=now if done else None)


def _sync_deadline(incident: SecurityIncident, case: Case) -> None:
    if not incident.personal_data_risk or incident.notify_due_at is None:
        return
    clock = notification_clock()
    deadline, _ = Deadline.objects.get_or_create(case=case, clock=clock, defaults={
        "label": clock.name, "due_at": incident.notify_due_at})
    if deadline.met_at != incident.notified_at or deadline.due_at != incident.notify_due_at:
        deadline.met_at, deadline.due_at = incident.notified_at, incident.notify_due_at
        deadline.save(update_fields=["met_at", "due_at"])


# --- Signal receivers (connected in apps.ready) --------------------------------------------------------


def incident_saved(sender, instance: SecurityIncident, raw: bool = False, **kwargs) -> None:
    if not raw:
        sync_case(instance)


def task_saved(sender, instance: CaseTask, raw: bool = False, **kwargs) -> None:
    """A containment step ticked on the case's task list is ticked on the incident."""
    if raw:
        return
    key = {label: k for k, label in CHECKLIST.items()}.get(instance.title)
    incident = SecurityIncident.objects.filter(case_id=instance.case_id).first() if key else None
    if incident is None or bool(incident.checklist.get(key)) == bool(instance.done_at):
        return
    incident.checklist = {**{k: bool(incident.checklist.get(k)) for k in CHECKLIST}, key: bool(instance.done_at)}
    incident.save(update_fields=["checklist"])
