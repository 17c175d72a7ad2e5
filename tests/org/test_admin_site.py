"""The Django admin at /quan-tri/ is for system administrators only."""

from django.contrib.auth import get_user_model

from mangxanh.org.models import Membership, Role


def test_system_admin_opens_admin(demo, user_client):
    client = user_client("admin")
    assert client.get("/quan-tri/").status_code == 200
    assert client.get("/quan-tri/org/unittype/").status_code == 200
    assert client.get("/quan-tri/org/unit/").status_code == 200


def test_staff_flag_alone_does_not_open_admin(demo, user_client):
    User = get_user_model()
    User.objects.filter(username="so.quantri").update(is_staff=True, is_superuser=True)
    response = user_client("so.quantri").get("/quan-tri/")
    assert response.status_code == 302
    assert "/quan-tri/login/" in response["Location"]


def test_system_admin_role_without_staff_flag_opens_admin(demo, user_client):
    Membership.objects.create(
        user=get_user_model().objects.get(username="so.quantri"), unit=demo["SGD-SL"], role=Role.SYSTEM_ADMIN
    )
    assert user_client("so.quantri").get("/quan-tri/org/unittype/").status_code == 200
