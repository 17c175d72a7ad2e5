"""Must hold: for random trees and activities, every unit's numbers equal a recomputation over its
subtree, and no unit's data counts twice."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from mangxanh.org.models import Unit, UnitType
from mangxanh.org.seed import seed_unit_types
from mangxanh.plans import rollup
from mangxanh.plans.models import Activity, ActivityKind

KINDS = ActivityKind.values

trees = st.lists(st.integers(min_value=0, max_value=30), min_size=1, max_size=25)  # parent index choices
activities = st.lists(
    st.tuples(st.integers(min_value=0, max_value=25), st.sampled_from(KINDS), st.integers(0, 50),
              st.integers(0, 500), st.integers(0, 200), st.integers(0, 400)),
    max_size=40,
)


def build(parents: list[int]) -> list[Unit]:
    seed_unit_types(UnitType)
    types = {t.code: t for t in UnitType.objects.all()}
    root = Unit.objects.add_root({"code": "R", "name": "Sở thử", "unit_type": types["so-gddt"]})
    units = [root]
    for i, choice in enumerate(parents):
        parent = units[choice % len(units)]
        kind = types["truong-thcs"] if i % 3 else types["ubnd-xa"]
        parent = Unit.objects.get(pk=parent.pk)  # fresh numchild for treebeard
        units.append(Unit.objects.add_child(parent, {"code": f"U{i}", "name": f"Đơn vị {i}", "unit_type": kind}))
    return [Unit.objects.get(pk=u.pk) for u in units]


@pytest.mark.django_db
@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parents=trees, acts=activities)
def test_rollup_equals_recomputation_over_each_subtree(parents, acts):
    Activity.objects.all().delete()
    Unit.objects.all().delete()
    units = build(parents)
    start = dt.date(2026, 1, 1)
    for index, kind, day, students, staff, parents_count in acts:
        Activity.objects.create(unit=units[index % len(units)], kind=kind, title="Hoạt động",
                                held_on=start + dt.timedelta(days=day * 7), student_count=students,
                                staff_count=staff, parent_count=parents_count)
    window = (dt.date(2026, 1, 1), dt.date(2026, 6, 30))
    totals = rollup.rollup(units[0], *window)
    assert set(totals) == {u.pk for u in units}
    for unit in units:
        mine = [a for a in Activity.objects.all() if a.unit.path.startswith(unit.path)
                and window[0] <= a.held_on <= window[1]]
        numbers = totals[unit.pk]
        assert numbers["activities"] == len(mine)
        assert numbers["students"] == sum(a.student_count for a in mine)
        assert numbers["staff"] == sum(a.staff_count for a in mine)
        assert numbers["parents"] == sum(a.parent_count for a in mine)
        for kind in KINDS:
            assert numbers["by_kind"][kind] == sum(1 for a in mine if a.kind == kind)
        subtree = [u for u in units if u.path.startswith(unit.path)]
        assert numbers["units"] == len(subtree)
        active = {a.unit_id for a in mine}
        assert numbers["active_units"]["any"] == len(active)
        assert numbers["active_schools"]["any"] == len([u for u in subtree if u.pk in active
                                                        and u.unit_type.kind == "school"])
        # A parent is exactly itself plus its children: nothing counted twice, nothing lost.
        children = [u for u in units if u.depth == unit.depth + 1 and u.path.startswith(unit.path)]
        own = rollup.own_numbers(unit, *window, subtree=False)[unit.pk]
        assert numbers["activities"] == own["activities"] + sum(totals[c.pk]["activities"] for c in children)
        assert numbers["students"] == own["students"] + sum(totals[c.pk]["students"] for c in children)


@pytest.mark.django_db
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parents=trees, acts=activities)
def test_reports_submitted_bottom_up_add_up_to_the_whole_subtree(parents, acts):
    from django.contrib.auth import get_user_model

    from mangxanh.org.models import Membership, Role
    from mangxanh.plans import services
    from mangxanh.plans.models import Distribution, Document, Report

    Report.objects.all().delete()
    Document.objects.all().delete()
    Activity.objects.all().delete()
    Membership.objects.all().delete()
    Unit.objects.all().delete()
    units = build(parents)
    leader, _ = get_user_model().objects.get_or_create(username="lanhdao.thu")
    Membership.objects.create(user=leader, unit=units[0], role=Role.LEADER)
    for index, kind, day, students, staff, parents_count in acts:
        Activity.objects.create(unit=units[index % len(units)], kind=kind, title="Hoạt động",
                                held_on=dt.date(2026, 1, 1) + dt.timedelta(days=day), student_count=students,
                                staff_count=staff, parent_count=parents_count)
    document = Document.objects.create(unit=units[0], title="Kế hoạch thử")
    Distribution.objects.bulk_create([Distribution(document=document, unit=u) for u in units[1:]])
    period = services.create_period(document, user=leader, name="Năm 2026", starts_on=dt.date(2026, 1, 1),
                                    ends_on=dt.date(2026, 12, 31), deadline=dt.date(2026, 12, 31))
    for unit in sorted(units[1:], key=lambda u: -u.depth):  # deepest first, as reports travel upward
        report = services.report_for(period, unit)
        services.approve(report, leader)
        services.submit(report, leader)
    root_numbers = services.live_numbers(services.report_for(period, units[0]))["total"]
    expected = rollup.rollup(units[0], dt.date(2026, 1, 1), dt.date(2026, 12, 31))[units[0].pk]
    for key in ("activities", "students", "staff", "parents"):
        assert root_numbers[key] == expected[key], key
    assert root_numbers["by_kind"] == expected["by_kind"]
