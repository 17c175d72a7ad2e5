"""Intake logic: validate, store a report durably, group it into a case, route, prioritise, set clocks.

Views (form, API) stay thin: they build a ReportInput and call submit_report().
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import IntegrityError, transaction
from django.utils import timezone

from mangxanh import audit
from mangxanh.files.models import StoredFile
from mangxanh.intake import categories as cats
from mangxanh.intake.models import (
    MAX_LINKS,
    Case,
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
    new_pin,
    new_reference_code,
    pin_digest,
)
from mangxanh.intake.notify import notify_report, notify_status
from mangxanh.intake.search import report_search_key
from mangxanh.org.models import Unit

MAX_DESCRIPTION = 20_000
_url_validator = URLValidator(schemes=["http", "https"])


# --- Cleaning input ---------------------------------------------------------------------------------

def clean_text(value: str | None, *, field_label: str, max_length: int, required: bool = False) -> str:
    """NFC text without NUL/lone surrogates; a Vietnamese ValidationError otherwise."""
    value = value or ""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise ValidationError(f"{field_label}: có ký tự không hợp lệ (lỗi mã hóa Unicode).") from exc
    if "\x00" in value or "\ufffd" in value:
        # U+FFFD is what a broken byte sequence decodes to: the sender's encoding was wrong.
        raise ValidationError(f"{field_label}: có ký tự không hợp lệ (lỗi mã hóa Unicode).")
    value = unicodedata.normalize("NFC", value).strip()
    if required and not value:
        raise ValidationError(f"{field_label}: không được để trống.")
    if len(value) > max_length:
        raise ValidationError(f"{field_label}: quá dài (tối đa {max_length:,} ký tự).".replace(",", "."))
    return value


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


def link_key(url: str) -> str:
    parts = urlsplit(url.strip())
    host = (parts.hostname or "").lower().removeprefix("www.").removeprefix("m.")
    path = parts.path.rstrip("/") or "/"
    normal = urlunsplit(("https", host, path, parts.query, ""))
    return hashlib.sha256(normal.encode()).hexdigest()


def account_key(account: str) -> str:
    return "".join(account.lower().split()).lstrip("@")[:300]


# --- Submitting -------------------------------------------------------------------------------------

@dataclass
class ReportInput:
    categories: list[str]
    description: str
    links: list[str] = field(default_factory=list)
    files: list[tuple[StoredFile, str]] = field(default_factory=list)
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


def find_duplicate_case(data: ReportInput, link_keys: list[str]) -> Case | None:
    reports = Report.objects.filter(case__state__in=[s for s in CaseState.values if s != CaseState.CLOSED])
    matches = Report.objects.none()
    if link_keys:
        matches |= reports.filter(links__key__in=link_keys)
    if data.files:
        matches |= reports.filter(files__file__in=[f for f, _ in data.files])
    if data.reported_account:
        matches |= reports.filter(account_key=account_key(data.reported_account))
    first = matches.select_related("case").order_by("submitted_at").first()
    return first.case if first else None


def _title(data: ReportInput) -> str:
    label = ", ".join(cats.label(c) for c in data.categories)
    return f"{label}: {data.description[:120]}"[:200]


def submit_report(data: ReportInput) -> Submitted:
    """Store the report, its links and files, its case and clocks in one transaction; then scan.

    With an idempotency key, a second identical request returns the first report (even
    when the two race: the unique constraint decides, and the loser reads the winner).
    """
    if data.api_key is not None and data.idempotency_key:
        existing = Report.objects.filter(api_key=data.api_key, idempotency_key=data.idempotency_key).first()
        if existing is not None:
            return _replay(existing, data)
    try:
        with transaction.atomic():
            return _create(data)
    except IntegrityError:
        if data.api_key is None or not data.idempotency_key:
            raise
        existing = Report.objects.get(api_key=data.api_key, idempotency_key=data.idempotency_key)
        return _replay(existing, data)


class IdempotencyConflict(Exception):
    """The same idempotency key came with a different request body."""


def _replay(existing: Report, data: ReportInput) -> Submitted:
    if existing.request_sha256 != data.request_sha256:
        raise IdempotencyConflict(existing.code)
    return Submitted(existing, "", created=False)


def _create(data: ReportInput) -> Submitted:
    from mangxanh.scanning.service import request_scan

    keys = [link_key(u) for u in data.links]
    unit = route(data.unit)
    case = find_duplicate_case(data, keys)
    duplicate_of = None
    if case is not None and data.unit is not None and not unit.is_within(case.unit):
        # Another unit's matter with the same content: that unit gets its own case, linked to the
        # first. A duplicate never moves a case out of its unit's hands; reassigning is a decision.
        duplicate_of, case = case, None
    involves_child = data.affects_child or bool(set(data.categories) & cats.CHILD)
    priority = priority_for(data.categories, in_danger=data.in_danger)
    if case is None:
        case = Case.objects.create(
            unit=unit, title=_title(data), categories=data.categories, priority=priority,
            involves_child=involves_child,
        )
        CaseEvent.objects.create(case=case, text="Tiếp nhận phản ánh, mở vụ việc")
        if duplicate_of is not None:
            _link_duplicate(case, duplicate_of)
    else:
        case.categories = sorted(set(case.categories) | set(data.categories))
        case.priority = min(case.priority, priority)
        case.involves_child = case.involves_child or involves_child
        case.save()
        CaseEvent.objects.create(case=case, text="Nhận thêm phản ánh trùng nội dung")
    pin = new_pin()
    code = _unique_code()
    anonymous = data.anonymous or not (data.contact or data.contact_name)
    report = Report.objects.create(
        code=code, pin_hash=pin_digest(code, pin), channel=data.channel, case=case, unit=data.unit,
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
    ReportLink.objects.bulk_create(ReportLink(report=report, url=u, key=k) for u, k in zip(data.links, keys,
                                                                                            strict=True))
    for stored, name in data.files:
        ReportFile.objects.create(report=report, file=stored, name=name)
        capture_evidence(case, stored, name, report=report)
    apply_clocks(case, ClockTrigger.CASE_OPENED)
    request_scan(report)
    return Submitted(report, pin)


def _link_duplicate(case: Case, other: Case) -> None:
    case.linked.add(other)  # symmetrical: both cases list each other
    CaseEvent.objects.create(case=case, text=f"Liên kết với {other.number}: cùng nội dung, phản ánh nêu đơn vị khác")
    CaseEvent.objects.create(case=other, text=f"Liên kết với {case.number}: cùng nội dung, phản ánh nêu đơn vị khác")


def _unique_code() -> str:
    for _ in range(10):
        code = new_reference_code()
        if not Report.objects.filter(code=code).exists():
            return code
    raise RuntimeError("could not draw a free reference code")


# --- Clocks, evidence, state ------------------------------------------------------------------------

def apply_clocks(case: Case, trigger: str, *, start: datetime | None = None) -> list[Deadline]:
    start = start or timezone.now()
    made = []
    for clock in LegalClock.objects.filter(trigger=trigger, is_active=True):
        if clock.applies_to(case):
            deadline, created = Deadline.objects.get_or_create(
                case=case, clock=clock,
                defaults={"label": clock.name, "due_at": start + timedelta(minutes=clock.minutes)},
            )
            if created:
                made.append(deadline)
    return made


def capture_evidence(case: Case, stored: StoredFile, name: str, *, report: Report | None = None,
                     user=None) -> Evidence:
    evidence, created = Evidence.objects.get_or_create(
        case=case, file=stored,
        defaults={"name": name, "sha256": stored.sha256, "report": report, "captured_by": user},
    )
    if created:
        CustodyEntry.objects.create(evidence=evidence, action=CustodyAction.CAPTURED, actor=user,
                                    note="Nhận từ phản ánh" if report else "Cán bộ tải lên")
    return evidence


class TransitionError(ValueError):
    pass


class CaseClosedError(TransitionError):
    """A closed case takes no assignment, note, message or other change until it is reopened."""


CLOSED_MESSAGE = ("Vụ việc đã đóng nên không nhận giao việc, ghi chú, tin nhắn hay thay đổi nào. "
                  "Nếu cần xử lý tiếp, hãy mở lại vụ việc và ghi rõ lý do.")


def ensure_open(case: Case) -> None:
    if case.state == CaseState.CLOSED:
        raise CaseClosedError(CLOSED_MESSAGE)


@transaction.atomic
def change_state(case: Case, to: str, *, user, reason: str = "", note: str = "") -> Case:
    case = Case.objects.select_for_update().get(pk=case.pk)
    ensure_open(case)
    _state_follows_incident(case)
    if to not in CaseState.values or not case.can_move_to(to):
        raise TransitionError("Không thể chuyển vụ việc sang trạng thái này từ trạng thái hiện tại.")
    if to == CaseState.CLOSED and reason not in {c for c, _ in _closure_choices()}:
        raise TransitionError("Hãy chọn lý do đóng vụ việc.")
    before = case.state
    now = timezone.now()
    case.state = to
    case.first_action_at = case.first_action_at or now
    if to == CaseState.CLOSED:
        case.closure_reason = reason
        case.closed_at = now
    case.save()
    label = CaseState(to).label
    CaseEvent.objects.create(case=case, actor=user, from_state=before, to_state=to,
                             text=f"Chuyển sang: {label}" + (f" — {note}" if note else ""))
    _meet(case, to, now)
    audit.record("case_state", obj=case, message=f"{CaseState(before).label} → {label}")
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


def _closure_choices():
    from mangxanh.intake.models import ClosureReason

    return ClosureReason.choices


@transaction.atomic
def reopen(case: Case, *, user, reason: str) -> Case:
    """Reopen a closed case: an explicit decision with a reason, in the case history and the audit log."""
    case = Case.objects.select_for_update().get(pk=case.pk)
    _state_follows_incident(case)
    if case.state != CaseState.CLOSED:
        raise TransitionError("Vụ việc đang mở, không cần mở lại.")
    reason = clean_text(reason, field_label="Lý do mở lại", max_length=300)
    if not reason:
        raise TransitionError("Hãy ghi lý do mở lại vụ việc.")
    was = case.get_closure_reason_display() or "không rõ lý do"
    case.state, case.closure_reason, case.closed_at = CaseState.VERIFYING, "", None
    case.save()
    CaseEvent.objects.create(case=case, actor=user, from_state=CaseState.CLOSED, to_state=CaseState.VERIFYING,
                             text=f"Mở lại vụ việc — {reason}")
    audit.record("case_reopen", obj=case, message=f"Mở lại vụ việc đã đóng ({was}): {reason}")
    notify_status(case)
    from mangxanh.intake.webhooks import notify_state_change

    notify_state_change(case, previous_state=CaseState.CLOSED)
    return case


def add_note(case: Case, text: str, *, user) -> CaseNote:
    ensure_open(case)
    return CaseNote.objects.create(case=case, author=user, text=text)


@transaction.atomic
def message_reporter(report: Report, text: str, *, user) -> ReportMessage:
    ensure_open(report.case)
    message = ReportMessage.objects.create(report=report, from_reporter=False, author=user, text=text)
    notify_report(report, NoticeKind.MESSAGE)
    return message


def assign(case: Case, assignee, *, user) -> None:
    ensure_open(case)
    case.assignee = assignee
    case.first_action_at = case.first_action_at or timezone.now()
    case.save(update_fields=["assignee", "first_action_at", "updated_at"])
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
        merged = sorted(set(case.categories) | set(engine_cats))
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
            case.categories, case.priority, case.involves_child = merged, priority, involves_child
            case.save(update_fields=["categories", "priority", "involves_child", "updated_at"])
            apply_clocks(case, ClockTrigger.CASE_OPENED, start=case.opened_at)


@transaction.atomic
def refer(case: Case, agency, *, user, with_package: bool = False, their_reference: str = "",
          note: str = "") -> Referral:
    """Record a hand-over to an agency. Only the clocks the agency's data names are met by it."""
    ensure_open(case)
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


def meet_clocks(case: Case, codes: set[str], now) -> list[str]:
    """Mark the open deadlines of these clock codes met; returns their labels."""
    met = []
    for deadline in Deadline.objects.filter(case=case, met_at__isnull=True, clock__code__in=codes):
        deadline.met_at = now
        deadline.save(update_fields=["met_at"])
        met.append(deadline.label)
    return met
