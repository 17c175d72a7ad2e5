"""The one permission table: can(), scoping, the view decorator, the auth backend and its admin page."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from django.contrib.auth import get_user_model
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from mangxanh.org import permissions
from mangxanh.org.models import Role, Unit

pytestmark = pytest.mark.django_db


def _user(username: str):
    return get_user_model().objects.get(username=username)


def test_every_capability_names_known_roles_and_has_a_vietnamese_description():
    for cap in permissions.TABLE:
        assert cap.roles and cap.roles <= set(Role.values), cap.name
        assert cap.description and cap.description[0].isupper(), cap.name
    assert len(permissions.CAPABILITIES) == len(permissions.TABLE), "a capability is listed twice"


def test_unknown_capability_fails_loudly(demo):
    with pytest.raises(ValueError):
        permissions.can(_user("thcs.duyet"), "review.approve", demo["THCS-BENTHUY"])
    with pytest.raises(ValueError):
        permissions.requires("no.such.capability")


def test_a_role_covers_its_unit_and_below_never_sideways_or_above(demo):
    reviewer = _user("thcs.duyet")
    assert permissions.can(reviewer, "review.decide", demo["THCS-BENTHUY"])
    assert not permissions.can(reviewer, "review.decide", demo["THCS-HONGSON"])
    assert not permissions.can(reviewer, "review.decide", demo["XA-BENTHUY"])
    assert not permissions.can(reviewer, "review.edit", demo["THCS-BENTHUY"])
    assert not permissions.can(reviewer, "review.decide", None)
    ward = _user("xa.benthuy")  # a leader at the ward
    assert permissions.can(ward, "review.decide", demo["THCS-BENTHUY"])
    assert not permissions.can(ward, "review.decide", demo["THCS-HONGSON"])


def test_system_admin_acts_everywhere_but_never_sees_victims_or_originals(demo):
    admin = _user("admin")
    school = demo["THCS-BENTHUY"]
    assert permissions.can(admin, "case.act", school)
    assert permissions.can(admin, "review.decide", school)
    assert not permissions.can(admin, "case.view_victim", school)
    assert not permissions.can(admin, "evidence.open_original", school)
    assert permissions.can(_user("so.baovetre"), "case.view_victim", school)
    assert permissions.can(_user("thcs.xuly"), "evidence.open_original", school)
    assert not permissions.can(_user("so.lanhdao"), "evidence.open_original", school)


def test_units_with_is_the_subtree_below_the_roles(demo):
    ward = _user("xa.benthuy")
    units = set(permissions.units_with(ward, "review.decide"))
    assert units == set(Unit.objects.subtree(demo["XA-BENTHUY"]))
    assert not permissions.units_with(_user("thcs.bientap"), "review.decide").exists()
    assert permissions.units_with(_user("admin"), "case.view").count() == Unit.objects.count()
    assert not permissions.units_with(_user("admin"), "case.view_victim").exists()


def test_get_in_scope_or_404_hides_other_units(demo):
    from django.http import Http404

    reviewer = _user("thcs.duyet")
    assert permissions.get_in_scope_or_404(Unit.objects.all(), reviewer, "review.decide", field=None,
                                           pk=demo["THCS-BENTHUY"].pk)
    with pytest.raises(Http404):
        permissions.get_in_scope_or_404(Unit.objects.all(), reviewer, "review.decide", field=None,
                                        pk=demo["THCS-HONGSON"].pk)


def test_require_raises_permission_denied(demo):
    with pytest.raises(PermissionDenied):
        permissions.require(_user("thcs.bientap"), "review.decide", demo["THCS-BENTHUY"])
    permissions.require(_user("thcs.duyet"), "review.decide", demo["THCS-BENTHUY"])


def test_has_perm_asks_the_table_for_objects_with_a_unit(demo):
    reviewer = _user("thcs.duyet")
    own = SimpleNamespace(unit=demo["THCS-BENTHUY"])
    other = SimpleNamespace(unit=demo["THCS-HONGSON"])
    assert reviewer.has_perm("review.decide", own)
    assert not reviewer.has_perm("review.decide", other)
    assert reviewer.has_perm("review.decide", demo["THCS-BENTHUY"])  # a unit is its own unit
    assert reviewer.has_perm("review.decide")  # somewhere
    assert not reviewer.has_perm("case.view")
    assert not _user("thcs.giaovien").has_perm("review.decide", own)
    reviewer.is_active = False
    assert not reviewer.has_perm("review.decide", own)


def test_requires_decorator_refuses_people_without_the_capability(demo):
    @permissions.requires("review.decide")
    def view(request):
        return HttpResponse("ok")

    request = RequestFactory().get("/")
    request.user = _user("thcs.duyet")
    assert view(request).status_code == 200
    request.user = _user("thcs.giaovien")
    with pytest.raises(PermissionDenied):
        view(request)


def test_permission_table_page_lists_every_capability_for_admins_only(demo, user_client):
    url = reverse("org:permission_table")
    for username in ("admin", "thcs.quantri"):
        response = user_client(username).get(url)
        assert response.status_code == 200
        html = response.content.decode()
        assert "Bảng phân quyền" in html
        for cap in permissions.TABLE:
            assert f'data-capability="{cap.name}"' in html
            assert cap.description in html
        for _, label in Role.choices:
            assert label in html
    for username in ("thcs.duyet", "so.lanhdao", "thcs.giaovien"):
        assert user_client(username).get(url).status_code == 403


def test_table_rows_mark_the_system_admin_bypass():
    rows = {cap.name: marks for cap, marks in permissions.table_rows()}
    admin_column = Role.values.index(Role.SYSTEM_ADMIN)
    assert rows["review.decide"][admin_column] == "global"
    assert rows["case.view_victim"][admin_column] == ""
    assert rows["plan.issue"][admin_column] == "role"
    assert rows["review.decide"][Role.values.index(Role.REVIEWER)] == "role"
