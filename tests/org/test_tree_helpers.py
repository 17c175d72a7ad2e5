"""The unit tree on the models: ancestors, subtrees and the people holding a role at or above a unit."""

from __future__ import annotations

import pytest

from mangxanh.org.models import Membership, Role, Unit

pytestmark = pytest.mark.django_db


def test_ancestors_are_root_first_and_end_with_the_unit(demo):
    school = demo["THCS-BENTHUY"]
    chain = list(school.ancestors())
    assert chain[0] == demo["SGD-SL"] and chain[-1] == school
    assert demo["XA-BENTHUY"] in chain
    assert school not in school.ancestors(include_self=False)
    assert [u.path for u in chain] == school.ancestor_paths()
    assert list(demo["SGD-SL"].ancestors(include_self=False)) == []


def test_path_prefixes_start_below_a_given_root(demo):
    school, ward = demo["THCS-BENTHUY"], demo["XA-BENTHUY"]
    assert Unit.path_prefixes(school.path, below=ward.path) == [ward.path, school.path]


def test_subtree_holds_the_unit_and_everything_below(demo):
    ward = demo["XA-BENTHUY"]
    subtree = set(Unit.objects.subtree(ward))
    assert ward in subtree and demo["THCS-BENTHUY"] in subtree
    assert demo["THCS-HONGSON"] not in subtree and demo["SGD-SL"] not in subtree
    assert set(ward.subtree()) == subtree


def test_holding_at_at_or_above_and_above(demo):
    school = demo["THCS-BENTHUY"]
    at = {m.user.username for m in Membership.objects.holding(Role.CASE_OFFICER, at=school)}
    assert at == {"thcs.xuly"}
    at_or_above = {m.user.username for m in Membership.objects.holding([Role.CASE_OFFICER], at_or_above=school)}
    assert at_or_above == {"thcs.xuly", "so.xuly"}
    above = {m.user.username for m in Membership.objects.holding({Role.CASE_OFFICER}, above=school)}
    assert above == {"so.xuly"}
    neighbour = {m.user.username for m in Membership.objects.holding(Role.CASE_OFFICER,
                                                                         at_or_above=demo["THCS-HONGSON"])}
    assert "thcs.xuly" not in neighbour


def test_people_are_active_and_listed_once(demo):
    school = demo["THCS-BENTHUY"]
    people = Membership.objects.holding([Role.LEADER, Role.REVIEWER], at=school).people()
    assert [p.username for p in people] == ["thcs.hieutruong"] or {p.username for p in people} == {
        "thcs.hieutruong", "thcs.duyet"}
    assert people.count() == len({p.pk for p in people})
    duyet = people.get(username="thcs.duyet")
    duyet.is_active = False
    duyet.save()
    assert "thcs.duyet" not in {p.username for p in Membership.objects.holding(Role.REVIEWER, at=school).people()}


def test_without_active_lists_units_nobody_active_holds_the_role_in(demo):
    school = demo["THCS-BENTHUY"]
    assert school not in Unit.objects.without_active(Role.UNIT_ADMIN)
    admin = Membership.objects.get(unit=school, role=Role.UNIT_ADMIN).user
    admin.is_active = False
    admin.save()
    assert school in Unit.objects.without_active(Role.UNIT_ADMIN)
