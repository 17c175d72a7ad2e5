"""Log-ins, log-outs and failed log-ins are recorded; an attempted password never is."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from mangxanh.audit.chain import verify
from mangxanh.audit.models import AuditEntry
from mangxanh.org.demo import DEMO_PASSWORD

User = get_user_model()
WRONG = "Sai-Mat-Khau-Bi-Mat-987"


def _everything() -> str:
    return str(list(AuditEntry.objects.values()))


@pytest.fixture
def client():
    return Client(REMOTE_ADDR="198.51.100.23")


def test_successful_login_and_logout(demo, client):
    response = client.post(reverse("accounts:login"), {"username": "thcs.quantri", "password": DEMO_PASSWORD})
    assert response.status_code == 302
    user = User.objects.get(username="thcs.quantri")
    login = AuditEntry.objects.get(action="login")
    assert (login.actor_id, login.actor_username, login.actor_ip) == (user.pk, "thcs.quantri", "198.51.100.23")
    assert login.unit_id == demo["THCS-BENTHUY"].pk
    client.post(reverse("accounts:logout"))
    logout = AuditEntry.objects.get(action="logout")
    assert (logout.actor_id, logout.object_id) == (user.pk, str(user.pk))
    assert DEMO_PASSWORD not in _everything()
    assert verify().ok


def test_failed_login_of_known_user(demo, client):
    client.post(reverse("accounts:login"), {"username": "thcs.quantri", "password": WRONG})
    failed = AuditEntry.objects.get(action="login_failed")
    user = User.objects.get(username="thcs.quantri")
    assert failed.actor_id is None
    assert failed.actor_ip == "198.51.100.23"
    assert failed.object_id == str(user.pk)
    assert failed.unit_id == demo["THCS-BENTHUY"].pk  # so the school's administrator sees it
    assert "thcs.quantri" in failed.message
    assert WRONG not in _everything()


def test_failed_login_of_unknown_name(demo, client):
    client.post(reverse("accounts:login"), {"username": "ke.la\x00" + "x" * 300, "password": WRONG})
    client.post(reverse("accounts:login"), {"username": "khong.ton.tai", "password": WRONG})
    failed = AuditEntry.objects.filter(action="login_failed").order_by("seq").last()
    assert failed.unit_id is None and failed.object_id == ""
    assert failed.object_repr == "khong.ton.tai"
    assert WRONG not in _everything()
    assert verify().ok


def test_logout_of_a_user_without_any_unit(db, client):
    user = User.objects.create(username="khach.moi")
    client.force_login(user)
    response = client.post(reverse("accounts:logout"))
    assert response.status_code == 302
    entry = AuditEntry.objects.get(action="logout")
    assert (entry.actor_id, entry.unit_id) == (user.pk, None)
