"""Numbers for a unit and everything below it (DESIGN.md §3: roll-ups follow the tree)."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field

from django.contrib.contenttypes.models import ContentType
from django.db.models import CharField, Count, Max, Q
from django.db.models.functions import Cast

from mangxanh.org.models import Unit
from mangxanh.review.models import (
    Draft,
    DraftVersion,
    OfficialChannel,
    PublishedItem,
    ReviewAction,
    ReviewEvent,
)
from mangxanh.scanning.models import Scan, ScanStatus, StoredFinding


@dataclass
class UnitNumbers:
    unit: Unit
    reviewed: int = 0
    approved: int = 0
    returned: int = 0
    decisions: int = 0
    median_hours: float | None = None
    channels: int = 0
    channels_without_2fa: int = 0
    findings: dict[str, int] = field(default_factory=dict)

    @property
    def share_returned(self) -> int | None:
        return round(100 * self.returned / self.decisions) if self.decisions else None


def numbers_for(unit: Unit, with_findings: bool = True) -> UnitNumbers:
    below = {"unit__path__startswith": unit.path}
    result = UnitNumbers(unit)
    events = ReviewEvent.objects.filter(draft__unit__path__startswith=unit.path)
    decided = events.filter(action__in=[ReviewAction.APPROVE, ReviewAction.RETURN, ReviewAction.REJECT])
    result.decisions = decided.count()
    result.returned = decided.filter(action=ReviewAction.RETURN).count()
    result.reviewed = decided.values("draft").distinct().count()
    approved = Draft.objects.filter(approval_code__isnull=False, submitted_at__isnull=False, **below)
    hours = [(d.decided_at - d.submitted_at).total_seconds() / 3600
             for d in approved.only("decided_at", "submitted_at") if d.decided_at]
    result.approved = len(hours)
    result.median_hours = round(statistics.median(hours), 1) if hours else None
    channels = OfficialChannel.objects.filter(active=True, **below)
    result.channels = channels.count()
    result.channels_without_2fa = channels.filter(two_factor_enabled=False).count()
    if with_findings:
        rows = (StoredFinding.objects.filter(scan_id__in=current_scan_ids(unit))
                .values("category").annotate(n=Count("pk")).order_by("-n"))
        result.findings = {row["category"]: row["n"] for row in rows}
    return result


def current_scan_ids(unit: Unit):
    """The latest finished scan of each post's current version and of each published item as it
    is now (a query): older versions and rescans of the same text would count one finding many times."""
    version_type = ContentType.objects.get_for_model(DraftVersion)
    item_type = ContentType.objects.get_for_model(PublishedItem)
    latest_versions = (DraftVersion.objects.filter(draft__unit__path__startswith=unit.path)
                       .values("draft").annotate(last=Cast(Max("pk"), CharField())).values("last"))
    scans = Scan.objects.filter(
        Q(content_type=version_type, object_id__in=latest_versions) | Q(content_type=item_type),
        status=ScanStatus.DONE, unit__path__startswith=unit.path,
    )
    return scans.values("content_type", "object_id").annotate(last=Max("pk")).values("last")
