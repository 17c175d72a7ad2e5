"""Request, run and show scans of any item that can say its text and its unit."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from typing import Protocol

from django.contrib.contenttypes.models import ContentType
from django.db import transaction
from django.dispatch import Signal
from django.utils import timezone

from mangxanh.core.queue import enqueue_with
from mangxanh.org.models import Unit
from mangxanh.scanning.models import Scan, ScanStatus, StoredFinding
from mangxanh.scanning.policies import engine_for_unit

log = logging.getLogger(__name__)

# Sent after a scan is stored: sender=item's class, item=..., scan=...
scan_completed = Signal()


class Scannable(Protocol):
    pk: object

    def scan_text(self) -> str: ...

    def scan_unit(self) -> Unit: ...


def request_scan(item: Scannable, *, text: str | None = None) -> Scan:
    """Store a pending scan and its task together: in the caller's transaction when the tasks live
    in the same database, so a crash after the commit can no longer leave a scan without a task.

    text: item.scan_text() when the caller already has it (saves reading it back). No savepoint:
    if either row cannot be written, the caller's change must not commit without its scan.
    """
    from mangxanh.scanning.tasks import run_scan

    text = item.scan_text() if text is None else text
    with transaction.atomic(savepoint=False):
        scan = Scan.objects.create(
            content_type=ContentType.objects.get_for_model(item),
            object_id=str(item.pk),
            unit=item.scan_unit(),
            text_sha256=Scan.digest(text),
        )
        enqueue_with(run_scan, Scan, scan.pk)
    return scan


def perform_scan(scan: Scan) -> Scan:
    """Run the engine for a pending scan and store its findings (what the task does)."""
    if scan.status != ScanStatus.PENDING:
        return scan
    newer = Scan.objects.filter(
        content_type=scan.content_type, object_id=scan.object_id, pk__gt=scan.pk
    ).exists()
    if newer:
        # The item was saved again; only its latest text matters.
        return _finish(scan, ScanStatus.SUPERSEDED)
    item = scan.item
    if item is None:
        return _finish(scan, ScanStatus.FAILED, error="Mục cần quét không còn tồn tại.")
    text = item.scan_text()
    engine, digest = engine_for_unit(scan.unit)
    result = engine.scan(text, id=scan.object_id)
    with transaction.atomic():
        scan.findings.all().delete()
        StoredFinding.objects.bulk_create(
            StoredFinding(
                scan=scan,
                category=f.category,
                severity=f.severity,
                rule=f.rule,
                start=f.start,
                end=f.end,
                evidence=f.evidence,
                explanation=f.explanation,
                suggestion=f.suggestion or "",
                score=f.score,
                context=f.context or "",
            )
            for f in result.findings
        )
        scan.text_sha256 = Scan.digest(text)
        scan.verdict = result.verdict
        scan.categories = result.categories
        scan.discussed = sorted({f.category for f in result.discussed})
        scan.policy_digest = digest
        _finish(scan, ScanStatus.DONE)
    scan_completed.send(sender=type(item), item=item, scan=scan)
    return scan


def _finish(scan: Scan, status: str, error: str = "") -> Scan:
    scan.status = status
    scan.error = error
    scan.finished_at = timezone.now()
    scan.save()
    return scan


@dataclass(frozen=True)
class Segment:
    """A piece of the text for display; findings is empty for unflagged text."""

    text: str
    findings: tuple[StoredFinding, ...] = ()


def highlight(text: str, findings) -> list[Segment]:
    """Cut text into plain and flagged segments (overlapping findings share a segment)."""
    valid = [f for f in findings if 0 <= f.start < f.end <= len(text) and text[f.start : f.end] == f.evidence]
    cuts = sorted({0, len(text), *(f.start for f in valid), *(f.end for f in valid)})
    segments = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = tuple(f for f in valid if f.start <= start and end <= f.end)
        segments.append(Segment(text[start:end], covering))
    return segments
