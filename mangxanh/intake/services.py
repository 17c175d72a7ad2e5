"""Intake logic: validate and store a report durably (its case is opened by mangxanh.intake.opening), decide on cases.

Views (form, API) stay thin: they build a ReportInput and call submit_report().
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from mangxanh.core import workflow
from mangxanh.core.notify import notify
from mangxanh.core.queue import enqueue_with
from mangxanh.core.text import clean_text
from mangxanh.files.models import StoredFile
from mangxanh.files.uploads import Accepted
from mangxanh.intake import categories as cats
from mangxanh.intake.models import (  # noqa: F401 (errors re-exported for views and tests)
    CLOSED_MESSAGE,
    MAX_LINKS,
    Case,
    CaseClosedError,
    CaseEvent,
    CaseNote,
    CaseState,
    CaseType,
    Channel,
    ClockTrigger,
    CustodyAction,
    CustodyEntry,
    Deadline,
    Evidence,
    LegalClock,
    NoticeKind,
    Priority,
    Referral,
    Report,
    ReportFile,
    ReportLink,
    ReportMessage,
    TakedownRequest,
    TakedownStatus,
    TransitionError,
    new_pin,
    new_reference_code,
    pin_digest,
)
from mangxanh.intake.notify import notify_report, notify_status
from mangxanh.intake.search import report_search_key
from mangxanh.org import permissions
from mangxanh.org.models import Role, Unit

MAX_DESCRIPTION = 20_000
_url_validator = URLValidator(schemes=["http", "https"])


# --- Cleaning input ---------------------------------------------------------------------------------

def clean_links(raw: list[str] | str | None) -> list[str]:
    """Split, validate and de-duplicate links; at most MAX_LINKS."""
    if raw is None:
        return []
    items = raw.split() if isinstance(raw, str) else list(raw)
    if len(items) > MAX_LINKS:
        raise ValidationError(f"Quá nhiều đường link: tối đa {MAX_LINKS} đường link cho một phản ánh.")
    links: list[str] = []
    for item in items:
        item = clean_text(item, field_label="Đường link", max_length=2000)
        if not item:
            continue
        if "://" not in item:
            item = "https://" + item
        try:
            _url_validator(item)
        except ValidationError as exc:
            raise ValidationError(f"Đường link không hợp lệ: {item[:100]}") from exc
        if item not in links:
            links.append(item)
    return links


def clean_categories(raw: list[str] | None) -> list[str]:
    chosen = sorted(set(raw or []))
    if not chosen:
        raise ValidationError("Hãy chọn ít nhất một loại sự việc.")
    unknown = [c for c in chosen if c not in cats.CATEGORIES]
    if unknown:
        raise ValidationError(f"Loại sự việc không hợp lệ: {', '.join(unknown)[:100]}")
    return chosen


# Parameters that say who shared a link or how, never which content it is: two reports of the same post,
# one shared with ?utm_source=… or &fbclid=…, are duplicates. Content ids (story_fbid, id, v) stay.
TRACKING_PARAMS = frozenset({"fbclid", "gclid", "mibextid", "igshid", "igsh", "rdid", "share_url", "si", "zarsrc",
                             "_rdc", "_rdr", "is_from_webapp", "sender_device", "_t", "_r", "ref", "ref_src"})
TRACKING_PREFIXES = ("utm_", "__cft__", "__tn__")


def link_key(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.rstrip("/") or "/"
    params = sorted((k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True)
                    if k.lower() not in TRACKING_PARAMS and not k.lower().startswith(TRACKING_PREFIXES))
    normal = urlunsplit(("https", host, path, urlencode(params), ""))
    return hashlib.sha256(normal.encode()).hexdigest()


def account_key(account: str) -> str:
    return "".join(account.lower().split()).lstrip("@")[:300]


# --- Submitting -------------------------------------------------------------------------------------

@dataclass
class ReportInput:
    categories: list[str]
    description: str
    links: list[str] = field(default_factory=list)
    files: list[Accepted] = field(default_factory=list)
    reported_account: str = ""
    incident_at: datetime | None = None
    in_danger: bool = False
    affects_child: bool = False
    victim_age_range: str = ""
    unit: Unit | None = None
    anonymous: bool = True
    contact_name: str = ""
    contact: str = ""
    may_contact: bool = False
    channel: str = Channel.WEB
    api_key: object | None = None
    idempotency_key: str = ""
    request_sha256: str = ""
    external_ref: str = ""


@dataclass
class Submitted:
    report: Report
    pin: str
    created: bool = True


def root_unit() -> Unit:
    return Unit.objects.filter(depth=1).order_by("path").first()


def route(unit: Unit | None) -> Unit:
    """The unit named (school or the lowest unit that matched), else the department at the root."""
    if unit is not None and unit.is_active:
        return unit
    return root_unit()


def priority_for(categories: list[str], *, in_danger: bool = False, severities: set[str] = frozenset()) -> int:
    codes = set(categories)
    if codes & cats.URGENT or (in_danger and ("violence" in codes or "critical" in severities)):
        return Priority.URGENT
    if "critical" in severities or codes & cats.HIGH or in_danger:
        return Priority.HIGH
    return Priority.NORMAL


def submit_report(data: ReportInput) -> Submitted:
    """Store the report and queue the opening of its case, in one transaction: all that acknowledging
    a report needs, so intake stays a few inserts under load (issue: 200 reports/s on two cores).

    Grouping into a case, routing, clocks, evidence custody, alerts, the audit entries and the scan follow
    in the task (mangxanh.intake.opening.open_case), queued in the same transaction: a commit stores the
    report and its task or neither. With an idempotency key, a second identical request returns the first
    report: the unique constraint decides (also when two race), and the loser reads the winner.
    """
    for attempt in range(3):
        try:
            with transaction.atomic():
                return _store(data)
        except IntegrityError:
            if data.api_key is not None and data.idempotency_key:
                existing = Report.objects.filter(api_key=data.api_key, idempotency_key=data.idempotency_key).first()
                if existing is not None:
                    return _replay(existing, data)
            if attempt == 2:
                raise
            # Else the drawn reference code was taken (1 in 10^12): draw again.
    raise AssertionError("unreachable")


class IdempotencyConflict(Exception):
    """The same idempotency key came with a different request body."""


def _replay(existing: Report, data: ReportInput) -> Submitted:
    if existing.request_sha256 != data.request_sha256:
        raise IdempotencyConflict(existing.code)
    return Submitted(existing, "", created=False)


def _store(data: ReportInput) -> Submitted:
    from mangxanh.intake.tasks import open_case

    pin = new_pin()
    code = new_reference_code()  # unique constraint: a clash (practically never) retries in submit_report
    anonymous = data.anonymous or not (data.contact or data.contact_name)
    report = Report.objects.create(
        code=code, pin_hash=pin_digest(code, pin), channel=data.channel, unit=data.unit,
        categories=data.categories, description=data.description, reported_account=data.reported_account,
        account_key=account_key(data.reported_account) if data.reported_account else "",
        search_key=report_search_key(data.description, data.reported_account, data.links),
        incident_at=data.incident_at, in_danger=data.in_danger, affects_child=data.affects_child,
        victim_age_range=data.victim_age_range, anonymous=anonymous,
        # Anonymity is absolute: nothing about the reporter is kept.
        contact_name="" if anonymous else data.contact_name,
        contact="" if anonymous else data.contact,
        may_contact=False if anonymous else data.may_contact,
        api_key=data.api_key, idempotency_key=data.idempotency_key, request_sha256=data.request_sha256,
        external_ref=data.external_ref,
    )
    ReportLink.objects.bulk_create(ReportLink(report=report, url=u, key=link_key(u)) for u in data.links)
    ReportFile.objects.bulk_create(ReportFile(report=report, **accepted.fields()) for accepted in data.files)
    enqueue_with(open_case, Report, report.pk)
    return Submitted(report, pin)


def is_urgent_child(case: Case) -> bool:
    return case.priority == Priority.URGENT and case.involves_child


def child_protection_officers(unit: Unit) -> list:
    """The unit's child-protection officers; where it has none, those of the nearest unit above that has."""
    User = get_user_model()
    while unit is not None:
        people = list(User.objects.filter(memberships__unit=unit, memberships__role=Role.CHILD_PROTECTION,
                                          is_active=True).distinct().order_by("pk"))
        if people:
            return people
        unit = unit.parent_unit()
    return []


def alert_child_protection(case: Case) -> None:
    """An urgent child case: its child-protection officers hear at once, in the app and (after commit) by
    e-mail. The alert names the case, never what happened: someone else may read an officer's mail."""
    from mangxanh.intake.reminders import case_path, case_url

    text = (f"Vụ việc khẩn cấp liên quan trẻ em {case.number} vừa được tiếp nhận tại {case.unit.name}: "
            "cần cán bộ bảo vệ trẻ em xem ngay.")
    notify(child_protection_officers(case.unit), kind="case_urgent_child",
           subject=f"Khẩn cấp: vụ việc liên quan trẻ em {case.number}",
           body=f"{text}\n\nMở vụ việc: {case_url(case)}\n\nNếu có trẻ đang gặp nguy hiểm, gọi ngay 113 hoặc 111.",
           text=text, url=case_path(case))


def _link_duplicate(case: Case, other: Case) -> None:
    case.linked.add(other)  # symmetrical: both cases list each other
    CaseEvent.objects.create(case=case, text=f"Liên kết với {other.number}: cùng nội dung, phản ánh nêu đơn vị khác")
    CaseEvent.objects.create(case=other, text=f"Liên kết với {case.number}: cùng nội dung, phản ánh nêu đơn vị khác")


# --- Clocks, evidence, state ------------------------------------------------------------------------

def apply_clocks(case: Case, trigger: str, *, start: datetime | None = None,
                 new_case: bool = False) -> list[Deadline]:
    start = start or timezone.now()
    clocks = [c for c in LegalClock.objects.filter(trigger=trigger, is_active=True) if c.applies_to(case)]
    if new_case:  # a case created in this transaction has no deadline yet: one insert for all
        return Deadline.objects.bulk_create(
            Deadline(case=case, clock=c, label=c.name, due_at=start + timedelta(minutes=c.minutes)) for c in clocks)
    made = []
    for clock in clocks:
        deadline, created = Deadline.objects.get_or_create(
            case=case, clock=clock, defaults={"label": clock.name, "due_at": start + timedelta(minutes=clock.minutes)},
        )
        if created:
            made.append(deadline)
    return made


def capture_evidence(case: Case, stored: StoredFile, name: str, *, report: Report | None = None,
                     user=None, viewing_copy: StoredFile | None = None, at: datetime | None = None) -> Evidence:
    """at: when custody began (a report's files: when the report was received); default now."""
    if user is not None:  # None: evidence that came with a report (submit_report), no person acting
        _require_act(user, case)
    evidence, created = Evidence.objects.get_or_create(
        case=case, file=stored,
        defaults={"name": name, "sha256": stored.sha256, "report": report, "captured_by": user,
                  "viewing_copy": viewing_copy, "captured_at": at or timezone.now()},
    )
    if created:
        CustodyEntry.objects.create(evidence=evidence, action=CustodyAction.CAPTURED, actor=user,
                                    note="Nhận từ phản ánh" if report else "Cán bộ tải lên", at=at or timezone.now())
    return evidence


def _require_act(user, case: Case) -> None:
    """Every change a person makes to a case: the "case.act" capability on its unit (views check it too)."""
    permissions.require(user, "case.act", case.unit, "Bạn không có quyền xử lý vụ việc này.")


def ensure_open(case: Case) -> None:
    case.ensure_open()


def open_for_change(case: Case) -> Case:
    """The case row, locked until the caller's transaction ends, when it is open; CaseClosedError otherwise.
    Read from the database: a case closed in another tab since this page was loaded takes nothing."""
    locked = Case.objects.select_for_update().get(pk=case.pk)
    locked.ensure_open()
    return locked


@transaction.atomic
def change_state(case: Case, to: str, *, user, reason: str = "", note: str = "", scan=None) -> Case:
    """One decision on a case (mangxanh.core.workflow): declared step and guard, history, audit, clocks,
    then the reporter's notice and the partner's webhook, both sent after commit."""
    _require_act(user, case)
    locked = open_for_change(case)
    _state_follows_incident(locked)
    if to not in CaseState.values:
        raise TransitionError(Case.TRANSITION_REFUSED)
    before = locked.state
    now = timezone.now()
    fields = {"first_action_at": locked.first_action_at or now}
    if to == CaseState.CLOSED:
        fields.update(closure_reason=reason, closed_at=now)
    caller = case
    case = workflow.transition(locked, to, user=user, reason=reason, note=note, scan=scan, fields=fields,
                               message=f"{CaseState(before).label} → {CaseState(to).label}")
    caller.refresh_from_db()  # the caller's object shows the decision too
    _meet(case, to, now)
    notify_status(case)
    from mangxanh.intake.webhooks import notify_state_change

    notify_state_change(case, previous_state=before)
    return case


def _state_follows_incident(case: Case) -> None:
    # A security incident's case follows the incident (mangxanh.watch.cases), handled on the incident's page.
    if case.case_type == CaseType.SECURITY_INCIDENT:
        raise TransitionError("Vụ việc này là sự cố an ninh mạng: trạng thái được cập nhật tại trang sự cố.")


def _meet(case: Case, state: str, now) -> None:
    # Matched in Python: SQLite has no JSON containment lookup.
    for deadline in Deadline.objects.filter(case=case, met_at__isnull=True).select_related("clock"):
        if state in deadline.clock.met_by_states:
            deadline.met_at = now
            deadline.save(update_fields=["met_at"])


@transaction.atomic
def reopen(case: Case, *, user, reason: str) -> Case:
    """Reopen a closed case: the declared step CLOSED → VERIFYING (core.workflow), with a reason required
    by the case's guard, in the case history and the audit log; then the reporter and the partner are told."""
    _require_act(user, case)
    locked = Case.objects.select_for_update().get(pk=case.pk)
    _state_follows_incident(locked)
    if locked.state != CaseState.CLOSED:
        raise TransitionError("Vụ việc đang mở, không cần mở lại.")
    reason = clean_text(reason, field_label="Lý do mở lại", max_length=300)
    was = locked.get_closure_reason_display() or "không rõ lý do"
    case = workflow.transition(locked, CaseState.VERIFYING, user=user, reason=reason,
                               fields={"closure_reason": "", "closed_at": None}, audit_action="case_reopen",
                               message=f"Mở lại vụ việc đã đóng ({was}): {reason}")
    notify_status(case)
    from mangxanh.intake.webhooks import notify_state_change

    notify_state_change(case, previous_state=CaseState.CLOSED)
    return case


@transaction.atomic
def add_note(case: Case, text: str, *, user) -> CaseNote:
    _require_act(user, case)
    return CaseNote.objects.create(case=open_for_change(case), author=user, text=text)


@transaction.atomic
def message_reporter(report: Report, text: str, *, user) -> ReportMessage:
    _require_act(user, report.case)
    report.case = open_for_change(report.case)
    message = ReportMessage.objects.create(report=report, from_reporter=False, author=user, text=text)
    notify_report(report, NoticeKind.MESSAGE)
    return message


@transaction.atomic
def assign(case: Case, assignee, *, user) -> None:
    _require_act(user, case)
    locked = open_for_change(case)
    case.assignee = locked.assignee = assignee
    case.first_action_at = locked.first_action_at = locked.first_action_at or timezone.now()
    locked.save(update_fields=["assignee", "first_action_at", "updated_at"])
    who = str(assignee) if assignee else "không ai"
    CaseEvent.objects.create(case=case, actor=user, text=f"Giao cho: {who}")


def reaction_to_scan(report: Report, scan) -> None:
    """scan_completed: raise the case's priority and clocks from what the engine found."""
    findings = list(scan.findings.all())
    engine_cats = sorted({f.category for f in findings if f.category in cats.CATEGORIES})
    severities = {f.severity for f in findings}
    with transaction.atomic():
        Report.objects.filter(pk=report.pk).update(engine_categories=engine_cats)
        case = Case.objects.select_for_update().get(pk=report.case_id)
        found = set(case.categories) | set(engine_cats)
        if engine_cats:  # the engine named the harm: "other / not sure" no longer says anything
            found.discard(cats.UNKNOWN)
        merged = sorted(found)
        priority = min(case.priority, priority_for(merged, in_danger=report.in_danger, severities=severities))
        involves_child = case.involves_child or bool(set(engine_cats) & cats.CHILD)
        disclosure = any(f.context == "disclosure" for f in findings)
        if disclosure:
            # Someone tells of harm done to them or their child: child protection first, not a queue.
            priority = min(priority, Priority.HIGH)
            involves_child = True
        if (merged, priority, involves_child) != (case.categories, case.priority, case.involves_child):
            if disclosure and not case.involves_child:
                CaseEvent.objects.create(
                    case=case, actor=None,
                    text="Người phản ánh kể việc chính mình hoặc con mình bị hại: chuyển cán bộ bảo vệ trẻ em xử lý ưu tiên.",
                )
            was_urgent_child = is_urgent_child(case)
            case.categories, case.priority, case.involves_child = merged, priority, involves_child
            case.save(update_fields=["categories", "priority", "involves_child", "updated_at"])
            if is_urgent_child(case) and not was_urgent_child:
                alert_child_protection(case)
            apply_clocks(case, ClockTrigger.CASE_OPENED, start=case.opened_at)


@transaction.atomic
def refer(case: Case, agency, *, user, with_package: bool = False, their_reference: str = "",
          note: str = "") -> Referral:
    """Record a hand-over to an agency; the case moves to "handed over" where its state allows.
    Only the clocks the agency's data names are met by it."""
    _require_act(user, case)
    case = open_for_change(case)
    package = case.packages.first() if with_package else None
    referral = Referral.objects.create(case=case, agency=agency, package=package, their_reference=their_reference,
                                       note=note, sent_by=user)
    if package is not None:
        for evidence in case.evidence.all():
            CustodyEntry.objects.create(evidence=evidence, action=CustodyAction.HANDED_OVER, actor=user,
                                        note=f"Bàn giao cho {agency.name}")
    met = meet_clocks(case, set(agency.meets_clocks or []), referral.sent_at)
    if met:
        CaseEvent.objects.create(case=case, actor=user,
                                 text=f"Chuyển giao {agency.name} đáp ứng thời hạn: " + "; ".join(met))
    if case.can_move_to(CaseState.HANDED_OVER):
        change_state(case, CaseState.HANDED_OVER, user=user, note=agency.name)
    return referral


@transaction.atomic
def request_takedown(case: Case, agency, url: str, *, user) -> TakedownRequest:
    """Record a takedown request: the 24-hour clock starts, the case moves on, the platform is told."""
    _require_act(user, case)
    case = open_for_change(case)
    takedown = TakedownRequest.objects.create(case=case, agency=agency, url=url, sent_by=user)
    apply_clocks(case, ClockTrigger.TAKEDOWN)
    if case.can_move_to(CaseState.TAKEDOWN_REQUESTED):
        change_state(case, CaseState.TAKEDOWN_REQUESTED, user=user)
    from mangxanh.intake.webhooks import notify_platform

    notify_platform(takedown)
    return takedown


@transaction.atomic
def update_takedown(takedown: TakedownRequest, to: str, *, user, still_removed: bool = True) -> TakedownRequest:
    """The platform's answer, as a declared step (TAKEDOWN_NEXT); a removal moves the case to "removed"."""
    _require_act(user, takedown.case)
    now = timezone.now()
    fields = {
        TakedownStatus.ACKNOWLEDGED: {"acknowledged_at": now},
        TakedownStatus.REMOVED: {"removed_at": now},
        TakedownStatus.RECHECKED: {"rechecked_at": now, "still_removed": still_removed},
    }.get(to, {})
    takedown = workflow.transition(takedown, to, user=user, fields=fields)
    case = takedown.case
    if to == TakedownStatus.REMOVED and case.can_move_to(CaseState.REMOVED):
        change_state(case, CaseState.REMOVED, user=user)
    return takedown


def meet_clocks(case: Case, codes: set[str], now) -> list[str]:
    """Mark the open deadlines of these clock codes met; returns their labels."""
    met = []
    for deadline in Deadline.objects.filter(case=case, met_at__isnull=True, clock__code__in=codes):
        deadline.met_at = now
        deadline.save(update_fields=["met_at"])
        met.append(deadline.label)
    return met
