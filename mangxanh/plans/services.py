"""What people do with plans: create, send, acknowledge, record activities, report.

Views stay thin and call these functions; each checks its own preconditions and
raises ValidationError with a Vietnamese message, leaving stored data untouched.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models, transaction
from django.urls import reverse
from django.utils import timezone

from mangxanh import audit
from mangxanh.core import workflow
from mangxanh.core.notify import notify
from mangxanh.files.storage import DOCUMENTS, IMAGES, VIDEO, UploadError
from mangxanh.files.uploads import accept_upload
from mangxanh.org import permissions
from mangxanh.org.models import Membership, Unit
from mangxanh.plans import letterhead, rollup, sections, templates_data
from mangxanh.plans.models import (
    NARRATIVE_FIELDS,
    Activity,
    ActivityEvidence,
    Distribution,
    DistributionStatus,
    Document,
    DocumentStatus,
    IncidentReport,
    PlanTask,
    Report,
    ReportLocked,
    ReportPeriod,
    ReportStatus,
)

# Who may do what: "plan.issue", "plan.report", "plan.report_incident", "plan.receive" in mangxanh.org.permissions.


class PlanDenied(ValidationError, PermissionDenied):
    """The person lacks the capability: PermissionDenied, still a ValidationError for the views' forms."""


def _require(user, capability: str, unit: Unit, message: str = "Bạn không có quyền thực hiện thao tác này.") -> None:
    if not permissions.can(user, capability, unit):
        raise PlanDenied(message)
EVIDENCE_MAX_BYTES = 50 * 1024 * 1024
EVIDENCE_TYPES = IMAGES | DOCUMENTS | VIDEO


# --- Documents ---------------------------------------------------------------------------------

@transaction.atomic
def create_from_template(code: str, unit: Unit, user, *, year: int | None = None) -> Document:
    _require(user, "plan.issue", unit)
    template = templates_data.get(code)
    if template is None:
        raise ValidationError("Không có mẫu văn bản này.")
    year = year or timezone.localdate().year
    document = Document(unit=unit, template_code=code, created_by=user, **templates_data.document_fields(template))
    for field, value in templates_data.filled_fields(template, unit).items():
        setattr(document, field, value)
    # The template came from one unit; the number, place and signer are the issuing unit's own.
    document.symbol = letterhead.default_symbol(unit, document.kind)
    document.place = letterhead.place_name(unit)
    document.signer_title = letterhead.default_signer(unit)
    document.full_clean()
    document.save()
    for order, task in enumerate(template.tasks, start=1):
        plan_task = PlanTask.objects.create(
            document=document,
            order=order,
            section=task.get("section", ""),
            text=task["text"],
            target=task.get("target", ""),
            target_percent=task.get("target_percent"),
            activity_kinds=",".join(task.get("activity_kinds", [])),
            assigned_text=task.get("assigned_text", ""),
            due_date=templates_data.task_due(task, year),
        )
        plan_task.assigned_types.set(templates_data.task_types(task))
    return document


@transaction.atomic
def implement(distribution: Distribution, user) -> Document:
    """The recipient's own plan for a higher plan, pre-filled from it and linked to it."""
    _require(user, "plan.issue", distribution.unit)
    if distribution.implementation_id:
        return distribution.implementation
    higher = distribution.document
    unit = distribution.unit
    document = Document.objects.create(
        kind=higher.kind, unit=unit, parent=higher, template_code=higher.template_code,
        symbol=letterhead.default_symbol(unit, higher.kind),
        place=letterhead.place_name(unit), title=higher.title,
        basis=f"Thực hiện {letterhead.citation(higher)}.",
        purposes=higher.purposes, scope=higher.scope, contents=higher.contents, funding=higher.funding,
        organisation=higher.organisation, reporting=higher.reporting, report_day=higher.report_day,
        report_month=higher.report_month, incident_reports=higher.incident_reports,
        recipients=f"- {higher.unit.name} (báo cáo);\n- Lưu: VT.", signer_title=letterhead.default_signer(unit),
        created_by=user,
    )
    for task in higher.tasks.all():
        if _task_applies(task, unit):
            copy = PlanTask.objects.create(
                document=document, order=task.order, section=task.section, text=task.text, target=task.target,
                target_percent=task.target_percent, activity_kinds=task.activity_kinds, due_date=task.due_date,
            )
            copy.assigned_units.add(unit)
    distribution.implementation = document
    distribution.save(update_fields=["implementation"])
    return document


def tasks_for_activity(unit: Unit) -> list[PlanTask]:
    """The tasks an activity of this unit can serve, each once: the unit's own documents' tasks,
    and a received plan's tasks assigned to the unit only while it has no plan of its own for
    it (its implementation copies them, and progress counts a copy for the original)."""
    own = list(PlanTask.objects.filter(document__unit=unit).select_related("document", "document__unit"))
    implemented = set(Document.objects.filter(unit=unit).exclude(parent=None).values_list("parent_id", flat=True))
    received = (
        PlanTask.objects.filter(document__distributions__unit=unit)
        .exclude(document_id__in=implemented)
        .select_related("document", "document__unit")
        .prefetch_related("assigned_types", "assigned_units")
        .distinct()
    )
    tasks = own + [task for task in received if _task_applies(task, unit)]
    return sorted({t.pk: t for t in tasks}.values(), key=lambda t: (-t.document_id, t.order, t.pk))


def _task_applies(task: PlanTask, unit: Unit) -> bool:
    type_ids = {t.pk for t in task.assigned_types.all()}
    unit_ids = {u.pk for u in task.assigned_units.all()}
    if not type_ids and not unit_ids:
        return True
    return unit.unit_type_id in type_ids or unit.pk in unit_ids


def recipients_for(document: Document, *, root: Unit | None = None, type_ids: Iterable[int] = (),
                   unit_ids: Iterable[int] = ()) -> list[Unit]:
    """Units below the issuing unit selected by subtree, unit types or explicit choice."""
    base = Unit.objects.subtree(document.unit).active().exclude(pk=document.unit_id)
    type_ids, unit_ids = set(type_ids), set(unit_ids)
    chosen = base
    if root is not None:
        if not root.is_within(document.unit):
            raise ValidationError("Chỉ gửi được cho đơn vị trực thuộc đơn vị ban hành.")
        chosen = chosen.filter(path__startswith=root.path)
    if type_ids:
        chosen = chosen.filter(unit_type_id__in=type_ids)
    units = list(chosen.order_by("path"))
    if unit_ids:
        extra = list(base.filter(pk__in=unit_ids))
        if len(extra) != len(unit_ids):
            raise ValidationError("Có đơn vị nhận không thuộc phạm vi của đơn vị ban hành.")
        units = sorted({u.pk: u for u in units + extra}.values(), key=lambda u: u.path)
    return units


@transaction.atomic
def send(document: Document, units: list[Unit], user) -> int:
    """Issue the document (if still a draft) and give every recipient one item; returns new items."""
    _require(user, "plan.issue", document.unit)
    if not units:
        raise ValidationError("Chưa chọn đơn vị nhận nào.")
    if document.status == DocumentStatus.DRAFT:
        document.status = DocumentStatus.ISSUED
        document.issued_on = document.issued_on or timezone.localdate()
        document.save()
    existing = set(document.distributions.values_list("unit_id", flat=True))
    new = [Distribution(document=document, unit=u) for u in units if u.pk not in existing]
    Distribution.objects.bulk_create(new)
    fresh = document.distributions.filter(unit_id__in=[d.unit_id for d in new]).select_related("unit")
    for distribution in fresh:
        notify_in_app(people_to_notify(distribution.unit), "plan_received",
                      f"{letterhead.short_unit_name(document.unit)} gửi {document.get_kind_display().lower()} "
                      f"“{document.title[:200]}”: đơn vị cần xác nhận quán triệt và triển khai.",
                      reverse("plans:distribution_detail", args=[distribution.pk]))
    audit.record("plans_send", obj=document, message=f"Gửi tới {len(new)} đơn vị")
    return len(new)


def notify_in_app(users, kind: str, text: str, url: str) -> int:
    """An item in each person's notification list (the header bell and the home page count it).
    E-mail stays with the reminders, so sending a plan to 300 schools sends no mail storm."""
    return notify(users, kind=kind, subject=text[:120], body=text, url=url, email=False).in_app


@transaction.atomic
def acknowledge(distribution: Distribution, user, *, staff: int, students: int, note: str = "") -> Distribution:
    _require(user, "plan.report", distribution.unit, "Bạn không có quyền xác nhận cho đơn vị này.")
    for label, value in (("cán bộ, giáo viên", staff), ("học sinh", students)):
        if not isinstance(value, int) or value < 0 or value > 1_000_000:
            raise ValidationError(f"Số {label} được quán triệt phải là số nguyên từ 0 đến 1.000.000.")
    now = timezone.now()
    distribution.received_at = distribution.received_at or now
    distribution.acknowledged_at = now
    distribution.acknowledged_by = user
    distribution.staff_informed = staff
    distribution.students_informed = students
    distribution.note = note[:500]
    distribution.status = DistributionStatus.ACKNOWLEDGED
    distribution.save()
    return distribution


def mark_received(distribution: Distribution, user) -> None:
    """The receiving unit's staff opened the plan."""
    _require(user, "plan.report", distribution.unit)
    if distribution.status == DistributionStatus.SENT:
        distribution.status = DistributionStatus.RECEIVED
        distribution.received_at = timezone.now()
        distribution.save(update_fields=["status", "received_at"])


def people_to_notify(unit: Unit, capability: str = "plan.receive") -> list:
    return list(Membership.objects.holding(permissions.roles_for(capability), at=unit).people())


def remind(document: Document, user=None) -> int:
    """E-mail the people of every unit that has not acknowledged yet; the home panel shows it in-app."""
    if user is not None:  # None: the scheduled reminder task
        _require(user, "plan.issue", document.unit)
    pending = document.distributions.exclude(status=DistributionStatus.ACKNOWLEDGED).select_related("unit")
    now = timezone.now()
    sent = 0
    for distribution in pending:
        person_text = (f"{distribution.unit.name} chưa xác nhận đã quán triệt văn bản "
                       f"{document.number_and_symbol.removeprefix('Số: ')} của {document.unit.name}: {document.title}.\n"
                       "Đề nghị đơn vị đăng nhập Mạng Xanh để xác nhận và triển khai thực hiện.")
        sent += notify(people_to_notify(distribution.unit), kind="plan_reminder",
                       subject=f"Nhắc việc: {document.title[:120]}", body=person_text,
                       text=f"Nhắc việc: {distribution.unit.name} chưa xác nhận đã quán triệt "
                            f"{letterhead.citation(document, capital=False)}.",
                       url=reverse("plans:distribution_detail", args=[distribution.pk])).emails
        distribution.reminded_at = now
        distribution.reminder_count += 1
        distribution.save(update_fields=["reminded_at", "reminder_count"])
    return sent


# --- Activities ---------------------------------------------------------------------------------

@transaction.atomic
def record_activity(unit: Unit, user, data: dict, *, files: Iterable = (), tasks: Iterable[PlanTask] = ()) -> Activity:
    """Store an activity with its evidence; any refused file leaves nothing stored."""
    _require(user, "plan.report", unit)
    activity = Activity(unit=unit, created_by=user, **data)
    activity.full_clean()
    activity.save()
    for upload in files:
        try:
            # Photos of pupils at an activity keep no GPS, camera or author: the stripped file only.
            accepted = accept_upload(upload, allowed=EVIDENCE_TYPES, max_bytes=EVIDENCE_MAX_BYTES)
        except UploadError as exc:
            raise ValidationError({"evidence": str(exc)}) from exc
        ActivityEvidence.objects.create(activity=activity, **accepted.fields())
    if tasks:
        activity.tasks.set(tasks)
    return activity


# --- Report periods and reports ------------------------------------------------------------------

def _periodic_deadline(document: Document, year: int) -> dt.date:
    if document.report_day and document.report_month:
        return dt.date(year, document.report_month, document.report_day)
    return dt.date(year, 12, 31)


def period_name(starts_on: dt.date, ends_on: dt.date) -> str:
    """A period named from its dates as a reader would say it: a calendar year is «năm 2027», a
    year from August or September is a school year, anything else names its two dates (a year
    from 01/12/2026 to 30/11/2027 is not «năm 2027»)."""
    try:
        whole_year = ends_on + dt.timedelta(days=1) == starts_on.replace(year=starts_on.year + 1)
    except ValueError:  # starts on 29 February
        whole_year = False
    if whole_year and (starts_on.month, starts_on.day) == (1, 1):
        return f"Báo cáo năm {starts_on.year}"
    if whole_year and starts_on.day == 1 and starts_on.month in (8, 9):
        return f"Báo cáo năm học {starts_on.year}–{ends_on.year}"
    return f"Báo cáo từ {starts_on:%d/%m/%Y} đến {ends_on:%d/%m/%Y}"


def suggested_period(document: Document, today: dt.date) -> ReportPeriod:
    """The current period of the plan's reporting regime: the one today falls in (from the day
    after the last periodic report date up to the next one)."""
    deadline = _periodic_deadline(document, today.year)
    if deadline < today:
        deadline = _periodic_deadline(document, today.year + 1)
    start = _periodic_deadline(document, deadline.year - 1) + dt.timedelta(days=1)
    return ReportPeriod(document=document, name=period_name(start, deadline), starts_on=start, ends_on=deadline,
                        deadline=deadline)


@dataclass(frozen=True)
class CalendarDate:
    day: dt.date
    label: str


def deadline_calendar(document: Document, today: dt.date) -> list[CalendarDate]:
    """The plan's dates a report can be due on: its tasks' deadlines and the periodic report
    dates of this year and the next, from a year back on, each date once."""
    dates: dict[dt.date, list[str]] = {}
    for task in document.tasks.exclude(due_date=None):
        dates.setdefault(task.due_date, []).append(f"Hạn nhiệm vụ: {task.text[:120]}")
    if document.report_day and document.report_month:
        for year in (today.year - 1, today.year, today.year + 1):
            dates.setdefault(_periodic_deadline(document, year), []).append("Báo cáo định kỳ")
    horizon = today - dt.timedelta(days=366)
    return [CalendarDate(day, "; ".join(labels)) for day, labels in sorted(dates.items()) if day >= horizon]


def period_for_deadline(document: Document, deadline: dt.date, today: dt.date) -> ReportPeriod | None:
    """A period ending on one of the plan's calendar dates: it starts the day after the date
    before it (or when the plan was issued), so consecutive periods neither overlap nor gap."""
    calendar = [entry.day for entry in deadline_calendar(document, today)]
    if deadline not in calendar:
        return None
    earlier = [day for day in calendar if day < deadline]
    if earlier:
        start = earlier[-1] + dt.timedelta(days=1)
    elif document.issued_on and document.issued_on <= deadline:
        start = document.issued_on
    else:
        start = _periodic_deadline(document, deadline.year - 1) + dt.timedelta(days=1)
    return ReportPeriod(document=document, name=period_name(start, deadline), starts_on=start,
                        ends_on=deadline, deadline=deadline)


@transaction.atomic
def create_period(document: Document, *, user, name: str, starts_on, ends_on, deadline) -> ReportPeriod:
    _require(user, "plan.issue", document.unit, "Chỉ lãnh đạo đơn vị ban hành mới tạo được kỳ báo cáo.")
    period = ReportPeriod(document=document, name=name, starts_on=starts_on, ends_on=ends_on, deadline=deadline)
    period.full_clean()
    period.save()
    return period


def report_units(period: ReportPeriod) -> list[Unit]:
    """The issuing unit, every unit that received the plan, and the units between them
    (a commune reports for its schools even when the plan went to the schools only)."""
    issuer = period.document.unit
    paths = {issuer.path}
    for path in period.document.distributions.values_list("unit__path", flat=True):
        paths.update(Unit.path_prefixes(path, below=issuer.path))
    return list(Unit.objects.filter(path__in=paths).order_by("path"))


def report_for(period: ReportPeriod, unit: Unit) -> Report:
    report, _ = Report.objects.get_or_create(period=period, unit=unit)
    return report


def child_reporters(report: Report) -> list[Unit]:
    """Units expected to report to this report's unit: the nearest report-takers below it."""
    units = [u for u in report_units(report.period) if u.path.startswith(report.unit.path) and u.pk != report.unit_id]
    nearest = []
    for unit in units:
        if not any(unit.path.startswith(other.path) and other.pk != unit.pk for other in units):
            nearest.append(unit)
    return nearest


def live_numbers(report: Report) -> dict:
    """Own activities of the unit in the period, plus what its reporting children submitted."""
    period = report.period
    own = rollup.own_numbers(report.unit, period.starts_on, period.ends_on, subtree=False)[report.unit_id]
    total = rollup.empty()
    rollup.add(total, own)
    children = child_reporters(report)
    submitted = {
        r.unit_id: r for r in Report.objects.filter(period=period, unit__in=children, status=ReportStatus.SUBMITTED)
    }
    missing, rows = [], []
    for child in children:
        child_report = submitted.get(child.pk)
        if child_report is None:
            missing.append(child)
            continue
        rollup.add(total, child_report.numbers.get("total", rollup.empty()))
        rows.append((child, child_report))
    late = [child for child, r in rows if r.is_late]
    return {"own": own, "total": total, "children": rows, "missing": missing, "late": late}


def edit_narrative(report: Report, user, data: dict) -> Report:
    _require(user, "plan.report", report.unit)
    if report.is_locked:
        raise ReportLocked("Báo cáo đã gửi cấp trên nên không sửa được; cần đơn vị cấp trên mở lại.")
    for field in NARRATIVE_FIELDS:
        if field in data:
            value = data[field]
            if not isinstance(value, str) or len(value) > 20_000:
                raise ValidationError("Nội dung báo cáo không hợp lệ hoặc quá dài (tối đa 20.000 ký tự mỗi phần).")
            setattr(report, field, value)
    if report.status == ReportStatus.APPROVED:
        report.status = ReportStatus.DRAFT  # a change after approval needs approval again
    report.save()
    return report


def approve(report: Report, user) -> Report:
    _require(user, "plan.issue", report.unit, "Chỉ lãnh đạo đơn vị mới duyệt được báo cáo.")
    if report.is_locked:
        raise ReportLocked("Báo cáo đã gửi cấp trên.")
    return workflow.transition(report, ReportStatus.APPROVED, user=user, audit_action="plans_approve",
                               message=f"Duyệt báo cáo {report.period.name}",
                               fields={"approved_by": user, "approved_at": timezone.now()})


TOP_LEVEL_REPORT = ("Đơn vị ở cấp cao nhất trong hệ thống nên không có cấp trên để gửi: "
                    "hãy tải báo cáo (Word hoặc PDF) để ký, đóng dấu và gửi theo đường văn bản.")


@transaction.atomic
def submit(report: Report, user) -> Report:
    if report.is_locked:
        raise ReportLocked("Báo cáo đã được gửi trước đó.")
    if report.status != ReportStatus.APPROVED:
        raise ValidationError("Báo cáo cần được lãnh đạo đơn vị duyệt trước khi gửi cấp trên.")
    _require(user, "plan.issue", report.unit, "Chỉ lãnh đạo đơn vị mới gửi được báo cáo.")
    if report.unit.parent_unit() is None:
        raise ValidationError(TOP_LEVEL_REPORT)
    numbers = live_numbers(report)
    return workflow.transition(
        report, ReportStatus.SUBMITTED, user=user, audit_action="plans_submit",
        message=f"Gửi báo cáo {report.period.name} lên cấp trên",
        fields={"numbers": {"own": numbers["own"], "total": numbers["total"],
                            "missing": [u.name for u in numbers["missing"]],
                            # other apps' figures, frozen with the numbers
                            "sections": sections.extra_sections(report)},
                "submitted_by": user, "submitted_at": timezone.now()},
    )


def can_reopen(user, report: Report) -> bool:
    parent = report.unit.parent_unit()
    return parent is not None and permissions.can(user, "plan.issue", parent)


@transaction.atomic
def reopen(report: Report, user, reason: str) -> Report:
    if not can_reopen(user, report):
        raise PlanDenied("Chỉ lãnh đạo đơn vị cấp trên mới mở lại được báo cáo đã gửi.")
    if not report.is_locked:
        raise ValidationError("Báo cáo chưa được gửi nên không cần mở lại.")
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError("Cần ghi lý do mở lại báo cáo.")
    # Report.save() refuses changes to a submitted report: reopening is the one step allowed through.
    report = workflow.transition(report, ReportStatus.DRAFT, user=user, reason=reason, audit_action="plans_reopen",
                                 message=f"Mở lại báo cáo: {reason[:300]}",
                                 fields={"reopened_count": report.reopened_count + 1, "_allow_locked_change": True})
    report._allow_locked_change = False
    return report


@transaction.atomic
def raise_incident(unit: Unit, user, data: dict) -> IncidentReport:
    _require(user, "plan.report_incident", unit)
    incident = IncidentReport(unit=unit, created_by=user, **data)
    incident.full_clean()
    incident.save()
    parent = unit.parent_unit()
    if parent is not None:
        notify(people_to_notify(parent), kind="plan_incident",
               subject=f"Báo cáo đột xuất từ {unit.name}: {incident.title[:120]}",
               body=f"{unit.name} vừa gửi báo cáo đột xuất.\n\nSự việc: {incident.title}\n"
                    f"Ngày xảy ra: {incident.occurred_on:%d/%m/%Y}\n\n{incident.description[:2000]}",
               text=f"Báo cáo đột xuất từ {unit.name}: {incident.title[:200]}",
               url=reverse("plans:incident_detail", args=[incident.pk]))
    return incident


def acknowledgement_numbers(report: Report) -> dict:
    """How the plan was taken in within the report's unit: recipients there, how many confirmed
    they had briefed their people, and the staff and students briefed."""
    document = report.period.document
    distributions = document.distributions.filter(unit__path__startswith=report.unit.path)
    acknowledged = distributions.filter(status=DistributionStatus.ACKNOWLEDGED)
    sums = acknowledged.aggregate(staff=models.Sum("staff_informed"), students=models.Sum("students_informed"))
    # Units below only: a school never reports «1/1 đơn vị» about itself.
    below = distributions.exclude(unit=report.unit)
    return {
        "document": letterhead.citation(document, capital=False, about=False),
        "recipients": below.count(),
        "acknowledged": below.filter(status=DistributionStatus.ACKNOWLEDGED).count(),
        "own_acknowledged": acknowledged.filter(unit=report.unit).exists(),
        "staff": sums["staff"] or 0,
        "students": sums["students"] or 0,
    }
