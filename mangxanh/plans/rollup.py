"""Numbers per unit, rolled up the tree.

Each unit's own rows are read once (one grouped query), then added to the unit itself
and to every ancestor found by cutting its materialised path; a unit therefore counts
exactly once in every subtree that contains it, and never in a sibling's.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Count, Q, Sum

from mangxanh.org.models import Unit, UnitKind
from mangxanh.plans.models import Activity, ActivityKind, Distribution, DistributionStatus, IncidentReport

COUNTERS = ("activities", "staff", "students", "parents", "units", "schools")
KINDS = tuple(ActivityKind.values)  # Django recomputes .values on every access; read it once
ANY_KINDS = ("any", *KINDS)


def empty() -> dict:
    numbers = {key: 0 for key in COUNTERS}
    numbers["by_kind"] = dict.fromkeys(KINDS, 0)
    # Units (and schools) with at least one activity, in total and per kind.
    numbers["active_units"] = dict.fromkeys(ANY_KINDS, 0)
    numbers["active_schools"] = dict.fromkeys(ANY_KINDS, 0)
    return numbers


def add(total: dict, part: dict) -> None:
    for key in COUNTERS:
        total[key] += part.get(key, 0)
    for group in ("by_kind", "active_units", "active_schools"):
        for kind, value in part.get(group, {}).items():
            total[group][kind] = total[group].get(kind, 0) + value


def _activities(units_q: Q, start: dt.date | None, end: dt.date | None):
    qs = Activity.objects.filter(units_q)
    if start:
        qs = qs.filter(held_on__gte=start)
    if end:
        qs = qs.filter(held_on__lte=end)
    return qs.values("unit_id", "kind").annotate(
        n=Count("id"), staff=Sum("staff_count"), students=Sum("student_count"), parents=Sum("parent_count")
    )


def own_numbers(root: Unit, start: dt.date | None, end: dt.date | None, *, subtree: bool = True) -> dict[int, dict]:
    """Each unit's own numbers (not its subtree's), keyed by unit id."""
    unit_filter = Q(path__startswith=root.path) if subtree else Q(pk=root.pk)
    units = Unit.objects.filter(unit_filter).values_list("id", "unit_type__kind")
    own: dict[int, dict] = {}
    for unit_id, kind in units:
        numbers = empty()
        numbers["units"] = 1
        numbers["schools"] = int(kind == UnitKind.SCHOOL)
        own[unit_id] = numbers
    act_filter = Q(unit__path__startswith=root.path) if subtree else Q(unit=root)
    for row in _activities(act_filter, start, end):
        numbers = own[row["unit_id"]]
        numbers["activities"] += row["n"]
        numbers["staff"] += row["staff"] or 0
        numbers["students"] += row["students"] or 0
        numbers["parents"] += row["parents"] or 0
        numbers["by_kind"][row["kind"]] += row["n"]
    for numbers in own.values():
        is_school = numbers["schools"]
        for kind in ANY_KINDS:
            active = numbers["activities"] > 0 if kind == "any" else numbers["by_kind"][kind] > 0
            numbers["active_units"][kind] = int(active)
            numbers["active_schools"][kind] = int(active and is_school)
    return own


def rollup(root: Unit, start: dt.date | None = None, end: dt.date | None = None) -> dict[int, dict]:
    """Subtree totals for root and every unit below it, keyed by unit id."""
    paths = dict(Unit.objects.subtree(root).values_list("path", "id"))
    own = own_numbers(root, start, end)
    totals = {unit_id: empty() for unit_id in paths.values()}
    for path, unit_id in paths.items():
        # The unit itself and each ancestor down to root: prefixes of its path.
        for prefix in Unit.path_prefixes(path, below=root.path):
            ancestor = paths.get(prefix)
            if ancestor is not None:
                add(totals[ancestor], own[unit_id])
    return totals


def children_rows(root: Unit, start: dt.date | None = None, end: dt.date | None = None) -> list[tuple[Unit, dict]]:
    """(child, its subtree totals) for each direct child of root, in tree order."""
    totals = rollup(root, start, end)
    children = root.child_units().select_related("unit_type")
    return [(child, totals[child.pk]) for child in children.order_by("path")]


def share(part: int, whole: int) -> float:
    return round(100.0 * part / whole, 1) if whole else 0.0


def function_value(call, unit: Unit, start: dt.date | None, end: dt.date | None) -> float:
    """The value of one formula call (mangxanh.plans.formula) over unit's subtree."""
    name = call.name
    if name in ("count_activities", "sum_activities", "share_units_with_activity", "count_units"):
        numbers = rollup(unit, start, end)[unit.pk]
        kind = call.arg("type", "any")
        if name == "count_activities":
            return numbers["activities"] if kind == "any" else numbers["by_kind"][kind]
        if name == "count_units":
            return numbers["schools"] if call.arg("units", "school") == "school" else numbers["units"]
        if name == "share_units_with_activity":
            if call.arg("units", "school") == "school":
                return share(numbers["active_schools"][kind], numbers["schools"])
            return share(numbers["active_units"][kind], numbers["units"])
        return _sum_field(unit, call.arg("field", "students"), kind, start, end)
    if name == "share_ack":
        dists = Distribution.objects.filter(document_id=call.arg("document", 0), unit__path__startswith=unit.path)
        done = dists.filter(status=DistributionStatus.ACKNOWLEDGED).count()
        return share(done, dists.count())
    if name == "count_incidents":
        qs = IncidentReport.objects.filter(unit__path__startswith=unit.path)
        if start:
            qs = qs.filter(occurred_on__gte=start)
        if end:
            qs = qs.filter(occurred_on__lte=end)
        return qs.count()
    from mangxanh.plans.formula import EXTERNAL

    if name in EXTERNAL:
        return EXTERNAL[name](call, unit, start, end)
    raise ValueError(name)


def _sum_field(unit: Unit, field: str, kind: str, start, end) -> int:
    from mangxanh.plans.formula import FIELDS

    qs = Activity.objects.filter(unit__path__startswith=unit.path)
    if kind != "any":
        qs = qs.filter(kind=kind)
    if start:
        qs = qs.filter(held_on__gte=start)
    if end:
        qs = qs.filter(held_on__lte=end)
    return qs.aggregate(total=Sum(FIELDS[field]))["total"] or 0
