"""Open the case of a received report: the work that follows the acknowledgement, in the worker.

submit_report() stores only the report (with its links and files) and queues open_case in the same
transaction. open_case then, in one transaction of its own: groups the report with an open case about
the same link, file or account (or opens a new case in the unit named, else the department at the root),
sets the legal clocks, takes the report's files into evidence custody, alerts child protection for an
urgent child case, writes the audit entries and requests the scan. It is idempotent (the report row is
locked and a report that has its case is left alone), so the sweep below can run it again for any report
whose task was lost.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from mangxanh.audit import chain as audit_chain
from mangxanh.intake import categories as cats
from mangxanh.intake.models import Case, CaseEvent, CaseState, ClockTrigger, Report
from mangxanh.intake.services import (
    _link_duplicate,
    alert_child_protection,
    apply_clocks,
    capture_evidence,
    is_urgent_child,
    priority_for,
    root_unit,
    route,
)

SWEEP_AFTER = timedelta(minutes=1)  # a younger report may still have its task waiting in the queue
# The sweep runs every minute: a report still without its case after two has no worker taking tasks,
# and a danger report must not wait unseen for the five minutes the health page allows other work.
REPORT_STUCK_AFTER = timedelta(minutes=2)
TITLE_WORDS_CHARS = 120


def case_title(categories: list[str], description: str) -> str:
    label = ", ".join(cats.label(c) for c in categories)
    words = " ".join(description.split())
    if len(words) > TITLE_WORDS_CHARS:
        # A heading cut mid-word reads as a typo: end on the last whole word, and say it goes on.
        head = words[:TITLE_WORDS_CHARS + 1]
        cut = head.rsplit(" ", 1)[0] if " " in head else head[:TITLE_WORDS_CHARS]
        words = cut.rstrip(" ,.;:") + "…"
    return f"{label}: {words}"[:200]


def find_duplicate_case(report: Report, link_keys: list[str], file_ids: list[int]) -> Case | None:
    """The open case of the earliest other report about the same link, file or account."""
    # One OR of plain conditions (not a union of querysets, which costs milliseconds to compile).
    same = Q()
    if link_keys:
        same |= Q(links__key__in=link_keys)
    if file_ids:
        same |= Q(files__file__in=file_ids)
    if report.account_key:
        same |= Q(account_key=report.account_key)
    if not same:
        return None
    first = (Report.objects.filter(same, case__isnull=False).exclude(pk=report.pk)
             .exclude(case__state=CaseState.CLOSED).select_related("case").order_by("submitted_at").first())
    return first.case if first else None


def open_case(report_id: int) -> Case | None:
    """Group, route and set up the case of a received report; None when it already has one (or is gone)."""
    from mangxanh.scanning.service import request_scan

    with transaction.atomic(), audit_chain.deferred():
        _lock_openings()
        report = (Report.objects.select_for_update(of=("self",)).select_related("unit", "api_key")
                  .filter(pk=report_id, case__isnull=True).first())
        if report is None:
            return None
        links = list(report.links.all())
        files = list(report.files.all())
        case, case_is_new = _case_for(report, [link.key for link in links], [f.file_id for f in files])
        report.case = case
        Report.objects.filter(pk=report.pk).update(case=case)
        # The report's own audit entry: written here rather than in the request, so acknowledging a
        # report never waits for the chain's lock. Its contact details are never logged (registration).
        who = f"đối tác “{report.api_key.name}”" if report.api_key else "biểu mẫu công khai"
        audit_chain.append("create", obj=report, message=f"Tiếp nhận phản ánh qua {who} lúc "
                           f"{timezone.localtime(report.submitted_at):%H:%M:%S %d/%m/%Y}")
        # The law's clocks, the case's opening and the custody of the files run from the receipt, not from
        # when a worker got to it: after a worker outage the deadlines must show the time really left.
        received = report.submitted_at
        for f in files:
            capture_evidence(case, f.file, f.name, report=report, viewing_copy=f.viewing_copy, at=received)
        apply_clocks(case, ClockTrigger.CASE_OPENED, start=received, new_case=case_is_new)
        text = "\n".join(p for p in (report.description, report.reported_account, *(x.url for x in links)) if p)
        request_scan(report, text=text)
    return case


OPENING_LOCK_KEY = 0x6D78_6F70_656E  # "mxopen": one case opening at a time across workers


def _lock_openings() -> None:
    """Two workers opening duplicates at once would each miss the other's case and open two."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [OPENING_LOCK_KEY])
    # SQLite: the IMMEDIATE transaction already holds the database's single write lock.


def _case_for(report: Report, link_keys: list[str], file_ids: list[int]) -> tuple[Case, bool]:
    unit = route(report.unit)
    case = find_duplicate_case(report, link_keys, file_ids)
    duplicate_of = None
    if case is not None and report.unit is not None and not unit.is_within(case.unit):
        # Another unit's matter with the same content: that unit gets its own case, linked to the
        # first. A duplicate never moves a case out of its unit's hands; reassigning is a decision.
        duplicate_of, case = case, None
    involves_child = report.affects_child or bool(set(report.categories) & cats.CHILD)
    priority = priority_for(report.categories, in_danger=report.in_danger)
    if case is None:
        case = Case.objects.create(
            unit=unit, title=case_title(report.categories, report.description), categories=report.categories,
            priority=priority, involves_child=involves_child, opened_at=report.submitted_at,
        )
        CaseEvent.objects.create(case=case, text="Tiếp nhận phản ánh, mở vụ việc", at=report.submitted_at)
        if duplicate_of is not None:
            _link_duplicate(case, duplicate_of)
        if is_urgent_child(case):
            alert_child_protection(case)
        return case, True
    case = Case.objects.select_for_update().get(pk=case.pk)
    was_urgent_child = is_urgent_child(case)
    case.categories = sorted(set(case.categories) | set(report.categories))
    case.priority = min(case.priority, priority)
    case.involves_child = case.involves_child or involves_child
    case.save()
    CaseEvent.objects.create(case=case, text="Nhận thêm phản ánh trùng nội dung", at=report.submitted_at)
    if is_urgent_child(case) and not was_urgent_child:
        alert_child_protection(case)
    return case, False


def waiting_reports(now: datetime | None = None, older_than: timedelta = SWEEP_AFTER):
    """Reports stored more than older_than ago that still have no case."""
    now = now or timezone.now()
    return Report.objects.filter(case__isnull=True, submitted_at__lt=now - older_than)


def open_waiting_reports(now: datetime | None = None, older_than: timedelta = SWEEP_AFTER) -> int:
    """Open the case of every report whose task was lost (a worker killed mid-task, a backend that queues
    after commit, rows restored from a backup); the worker's scheduler runs this every minute."""
    opened = 0
    for pk in waiting_reports(now, older_than).order_by("pk").values_list("pk", flat=True)[:1000]:
        opened += open_case(pk) is not None
    return opened


def stuck_report_count(now: datetime | None = None) -> int:
    return waiting_reports(now, REPORT_STUCK_AFTER).count()


def waiting_count_for(user, now: datetime | None = None) -> int:
    """Reports over a minute old, still without a case, that would land in cases this user can see."""
    from mangxanh.org import permissions

    scope = permissions.scope_q(user, "case.view", field="unit")
    root = root_unit()
    if root is not None and permissions.can(user, "case.view", root):
        scope |= Q(unit__isnull=True)  # a report naming no unit goes to the department at the root
    return waiting_reports(now).filter(scope).count()
