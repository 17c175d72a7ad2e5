"""Home-page panels and menu entries for administrators and leaders."""

import pytest
from django.contrib.auth import get_user_model


def _home(user_client, username: str) -> str:
    response = user_client(username).get("/")
    assert response.status_code == 200
    return response.content.decode()


def test_unit_admin_panel(demo, user_client):
    body = _home(user_client, "xa.benthuy.quantri")
    assert "Quản trị đơn vị và người dùng" in body
    assert "Quản lý đơn vị" in body and "Quản lý người dùng" in body
    assert "Đơn vị chưa có quản trị đơn vị" in body  # the schools of the ward have none
    assert 'href="/don-vi/nguoi-dung/"' in body  # menu entry


def test_system_admin_sees_people_without_roles(demo, user_client):
    get_user_model().objects.create(username="mo.coi", full_name="Người Mồ Côi")
    body = _home(user_client, "admin")
    assert "Người dùng chưa có vai trò nào" in body
    assert "Loại đơn vị" in body


def test_unit_admin_does_not_see_people_without_roles(demo, user_client):
    get_user_model().objects.create(username="mo.coi", full_name="Người Mồ Côi")
    assert "Người dùng chưa có vai trò nào" not in _home(user_client, "so.quantri")


def test_commune_leader_overview(demo, user_client):
    body = _home(user_client, "xa.benthuy")
    assert "Tổng quan đơn vị" in body
    assert "Trường học, trung tâm" in body
    assert '<span class="badge">3</span>' in body  # three schools in the ward
    assert "Quản trị đơn vị và người dùng" not in body
    assert 'href="/don-vi/nguoi-dung/"' not in body


def test_department_leader_overview_counts_whole_province(demo, user_client):
    body = _home(user_client, "so.lanhdao")
    assert "UBND xã/phường" in body
    schools = sum(1 for code in demo if demo[code].unit_type.kind == "school")
    assert f'Trường học, trung tâm <span class="badge">{schools}</span>' in body.replace("</a>", "")


@pytest.mark.parametrize("username", ["thcs.bientap", "thcs.giaovien", "thpt.bientap"])
def test_staff_without_admin_role_get_no_admin_panel(demo, user_client, username):
    body = _home(user_client, username)
    assert "Quản trị đơn vị và người dùng" not in body
    assert 'href="/don-vi/"' in body  # everyone with a unit can browse their part of the tree


def test_unit_without_admin_filter(demo, user_client):
    body = user_client("xa.benthuy.quantri").get("/don-vi/", {"no_admin": "on"}).content.decode()
    assert "MN-HOASEN" in body
    assert "<code>XA-BENTHUY</code>" not in body  # has its own unit administrator
