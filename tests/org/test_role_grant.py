"""Granting and removing roles: never above or sideways, system administration only by a system administrator."""

from django.contrib.auth import get_user_model

from mangxanh.org.models import Membership, Role

from .helpers import snapshot

User = get_user_model()


def _person(username: str):
    return User.objects.get(username=username)


def test_school_admin_grants_role_in_own_school(demo, user_client):
    person = _person("thcs.giaovien")
    response = user_client("thcs.quantri").post(
        f"/don-vi/nguoi-dung/{person.pk}/vai-tro/", {"unit": demo["THCS-BENTHUY"].pk, "role": Role.EDITOR}
    )
    assert response.status_code == 302
    assert Membership.objects.filter(user=person, unit=demo["THCS-BENTHUY"], role=Role.EDITOR).exists()


def test_school_admin_cannot_grant_at_parent_or_neighbour(demo, user_client):
    person = _person("thcs.giaovien")
    client = user_client("thcs.quantri")
    before = snapshot()
    for code in ("XA-BENTHUY", "THCS-HONGSON", "SGD-SL"):
        client.post(
            f"/don-vi/nguoi-dung/{person.pk}/vai-tro/", {"unit": demo[code].pk, "role": Role.UNIT_ADMIN}
        )
    assert snapshot() == before


def test_unit_admin_cannot_grant_system_admin(demo, user_client):
    person = _person("thcs.giaovien")
    before = snapshot()
    response = user_client("so.quantri").post(
        f"/don-vi/nguoi-dung/{person.pk}/vai-tro/",
        {"unit": demo["SGD-SL"].pk, "role": Role.SYSTEM_ADMIN},
        follow=True,
    )
    assert snapshot() == before
    assert "lựa chọn hợp lệ" in response.content.decode()


def test_unit_admin_create_form_refuses_system_admin(demo, user_client):
    before = snapshot()
    response = user_client("so.quantri").post(
        "/don-vi/nguoi-dung/them/",
        {
            "full_name": "Người Thử",
            "username": "nguoi.thu",
            "email": "nguoi.thu@songlam.edu.vn",
            "unit": demo["SGD-SL"].pk,
            "roles": [Role.SYSTEM_ADMIN],
        },
    )
    assert response.status_code == 200
    assert snapshot() == before


def test_system_admin_grants_system_admin(demo, user_client):
    person = _person("so.quantri")
    user_client("admin").post(
        f"/don-vi/nguoi-dung/{person.pk}/vai-tro/", {"unit": demo["SGD-SL"].pk, "role": Role.SYSTEM_ADMIN}
    )
    assert Membership.objects.filter(user=person, role=Role.SYSTEM_ADMIN).exists()


def test_unit_admin_cannot_edit_or_strip_a_system_admin(demo, user_client):
    admin = _person("admin")
    Membership.objects.create(user=admin, unit=demo["THCS-BENTHUY"], role=Role.TEACHER)
    client = user_client("thcs.quantri")
    assert client.get(f"/don-vi/nguoi-dung/{admin.pk}/sua/").status_code == 403
    before = snapshot()
    # The system-admin membership is at the Sở, outside the school: not even visible.
    sysadmin = Membership.objects.get(user=admin, role=Role.SYSTEM_ADMIN)
    assert client.post(f"/don-vi/nguoi-dung/{admin.pk}/vai-tro/{sysadmin.pk}/go/").status_code == 404
    assert snapshot() == before


def test_remove_role_inside_scope_but_not_outside(demo, user_client):
    person = _person("gv.haitruong")
    inside = Membership.objects.get(user=person, unit=demo["THCS-BENTHUY"])
    outside = Membership.objects.get(user=person, unit=demo["TH-BENTHUY"])
    client = user_client("thcs.quantri")
    assert client.post(f"/don-vi/nguoi-dung/{person.pk}/vai-tro/{outside.pk}/go/").status_code == 404
    assert Membership.objects.filter(pk=outside.pk).exists()
    assert client.post(f"/don-vi/nguoi-dung/{person.pk}/vai-tro/{inside.pk}/go/").status_code == 302
    assert not Membership.objects.filter(pk=inside.pk).exists()


def test_last_role_cannot_be_removed_by_unit_admin(demo, user_client):
    person = _person("thcs.bientap")
    membership = person.memberships.get()
    response = user_client("thcs.quantri").post(
        f"/don-vi/nguoi-dung/{person.pk}/vai-tro/{membership.pk}/go/", follow=True
    )
    assert "Không thể gỡ vai trò cuối cùng" in response.content.decode()
    assert Membership.objects.filter(pk=membership.pk).exists()
