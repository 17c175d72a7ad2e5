"""Must hold: every demo role × every unit-scoped URL × units inside and outside their scope.

A school's people get 403/404 for another school's objects and for their parent
unit's management pages; a commune officer reaches the schools under the
commune and nothing of the neighbouring commune; forbidden POSTs change nothing.
Expected answers come from an independent oracle over the demo's roles and tree
(below), not from mangxanh.org.rules, so a wrong rule cannot confirm itself.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from mangxanh.org.demo import USERS
from mangxanh.org.models import Role
from tests.authz.conftest import ROLES_BY_USER, admin_url, snapshot, url_names
from tests.authz.matrix import (
    ADMIN_AREA,
    LOGIN,
    MATRIX,
    MEMBER,
    OWN,
    PERSON_OF_UNIT,
    ROLE,
    SCOPED,
    SHARED,
    TARGET_UNITS,
    Rule,
    rule_for,
)

DENIED = (403, 404)


def allowed(username: str, rule: Rule, target_code: str | None, demo) -> bool:
    roles = ROLES_BY_USER[username]
    if target_code in rule.never_on:
        return False
    # System administrators never gain the child-protection view (mangxanh.org.rules).
    if (any(role == Role.SYSTEM_ADMIN for _, role in roles) and rule.roles != frozenset({Role.CHILD_PROTECTION})
            and rule.system_admin):
        return rule.kind != MEMBER or any(code == target_code for code, _ in roles)
    if rule.kind == MEMBER:
        return any(code == target_code for code, _ in roles)
    fits = [code for code, role in roles if rule.roles is None or role in rule.roles]
    if rule.kind == ROLE:
        return bool(fits)
    target_path = demo[target_code].path
    if rule.kind == SHARED:
        return any(target_path.startswith(demo[code].path) or demo[code].path.startswith(target_path)
                   for code in fits)
    return any(target_path.startswith(demo[code].path) for code in fits)


def _requests(username: str, demo):
    """(name, rule, target code, method, url, data, allowed) for every check of one user."""
    for name, rule in MATRIX.items():
        if rule.kind in (SCOPED, MEMBER, SHARED):
            for code in TARGET_UNITS:
                if rule.target.__name__ != "switch_data" and PERSON_OF_UNIT.get(code) == username:
                    continue  # acting on oneself is another question
                kwargs, data = rule.target(demo[code])
                yield name, rule, code, rule.method, reverse(name, kwargs=kwargs), data, allowed(
                    username, rule, code, demo
                )
        elif rule.kind == ROLE:
            kwargs, data = rule.target(demo["THCS-BENTHUY"]) if rule.target else ({}, {})
            yield name, rule, None, rule.method, reverse(name, kwargs=kwargs), data, allowed(
                username, rule, None, demo
            )
        elif rule.kind == OWN:
            for code in TARGET_UNITS:
                if PERSON_OF_UNIT.get(code) == username:
                    continue  # the author's own access is the feature tests' business
                kwargs, data = rule.target(demo[code])
                yield name, rule, code, rule.method, reverse(name, kwargs=kwargs), data, False
        elif rule.kind == LOGIN and rule.method == "GET":
            yield name, rule, None, "GET", reverse(name), {}, True


@pytest.mark.parametrize("username", [username for username, *_ in USERS])
def test_role_reaches_only_its_own_subtree(username, demo, login_as):
    client = login_as(username)
    before = snapshot()
    failures = []
    checked = 0
    for name, rule, code, method, url, data, ok in _requests(username, demo):
        if method == "POST":
            if ok:
                continue  # allowed changes are the feature tests' business
            response = client.post(url, data)
        else:
            response = client.get(url)
        checked += 1
        expected = rule.allowed_status if ok else DENIED
        if response.status_code not in expected:
            where = f" on {code}" if code else ""
            failures.append(
                f"{method} {url} ({name}{where}): {response.status_code}, expected {sorted(expected)}"
            )
    assert snapshot() == before, "a forbidden request changed stored data"
    assert checked > 20
    assert not failures, f"{username}:\n" + "\n".join(failures)


@pytest.mark.parametrize("username", ["so.quantri", "xa.benthuy.quantri", "thcs.quantri", "so.lanhdao"])
def test_unit_admins_are_kept_out_of_the_django_admin(username, demo, login_as):
    client = login_as(username)
    failures = []
    for name in url_names():
        rule = rule_for(name)
        if rule.kind != ADMIN_AREA:
            continue
        url = admin_url(name)
        response = client.get(url)
        if response.status_code != 302 or not response["Location"].startswith("/quan-tri/login/"):
            failures.append(f"GET {url} ({name}): {response.status_code}")
    assert not failures, "\n".join(failures)


def test_system_administrator_uses_the_django_admin(demo, login_as):
    assert login_as("admin").get(reverse("admin:index")).status_code == 200


@pytest.mark.parametrize(
    "officer, own, neighbour",
    [("xa.benthuy", "XA-BENTHUY", "XA-HONGSON"), ("xa.hongson", "XA-HONGSON", "XA-BENTHUY")],
)
def test_commune_officer_sees_own_schools_and_nothing_of_the_neighbour(officer, own, neighbour, demo, login_as):
    client = login_as(officer)
    own_schools = [u for u in demo.values() if u.path.startswith(demo[own].path) and u.code != own]
    other = [u for u in demo.values() if u.path.startswith(demo[neighbour].path)]
    assert own_schools and other
    listing = client.get(reverse("org:unit_list")).content.decode()
    home = client.get(reverse("core:home")).content.decode()
    for school in own_schools:
        assert school.name in listing
        assert school.name in home  # the "units below" panel
        assert client.get(reverse("org:unit_detail", kwargs={"pk": school.pk})).status_code == 200
    for unit in other:
        assert unit.name not in listing
        assert unit.name not in home
        assert client.get(reverse("org:unit_detail", kwargs={"pk": unit.pk})).status_code == 404
