"""Sections of the periodic report that other apps add (learning's computed figures, for one).

A builder takes a report and returns (heading, body) or None when it has nothing to say. The text
is computed live while the report is open and frozen into `Report.numbers["sections"]` when it is
submitted, like the activity numbers, so a submitted report never changes afterwards.
"""

from __future__ import annotations

from collections.abc import Callable

Builder = Callable[[object], "tuple[str, str] | None"]
BUILDERS: list[Builder] = []


def register_report_section(builder: Builder) -> None:
    if builder not in BUILDERS:
        BUILDERS.append(builder)


def extra_sections(report) -> list[tuple[str, str]]:
    if report.is_locked and "sections" in (report.numbers or {}):
        return [(heading, body) for heading, body in report.numbers["sections"]]
    found = []
    for builder in BUILDERS:
        section = builder(report)
        if section:
            found.append(section)
    return found
