"""What the confirmation page tells a reporter to do right now, from their answers and the scan.

The scan normally runs in the worker after the report is stored; for this page the engine is asked
directly (milliseconds once loaded), so the advice never waits for the queue. Nothing is stored here.
"""

from __future__ import annotations

import logging

from mangxanh.intake.models import Report
from mangxanh.intake.services import route
from mangxanh.scanning.models import Scan, ScanStatus
from mangxanh.scanning.policies import engine_for_unit

log = logging.getLogger(__name__)

# In the order they are shown: the most urgent first.
KINDS = ("danger", "self_harm", "sextortion", "grooming")


def _findings(report: Report) -> list[tuple[str, str]]:
    """(category, rule) of what the engine finds in the report: the stored scan if done, else a fresh look."""
    scan = Scan.objects.latest_for(report)
    if scan is not None and scan.status == ScanStatus.DONE:
        return list(scan.findings.values_list("category", "rule"))
    try:
        engine, _ = engine_for_unit(report.case.unit if report.case_id else route(report.unit))
        return [(f.category, f.rule) for f in engine.scan(report.scan_text()).findings]
    except Exception:  # the page shows the PIN once: it must never fail because of the engine
        log.exception("guidance scan failed for report %s", report.pk)
        return []


def guidance_for(report: Report) -> list[str]:
    """Which guidance blocks to show, most urgent first."""
    findings = _findings(report)
    categories = set(report.categories) | {category for category, _ in findings}
    rules = " ".join(rule for _, rule in findings)
    wanted = {
        "danger": report.in_danger,
        "self_harm": "self_harm" in categories,
        "sextortion": "sextortion" in rules,
        "grooming": "child_abuse" in categories,
    }
    return [kind for kind in KINDS if wanted[kind]]
