"""Searching the log: filters work, and bad input gives a Vietnamese message, never a 500."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse
from django.utils import timezone

from mangxanh import audit
from mangxanh.audit.models import AuditEntry

User = get_user_model()


@pytest.fixture
def admin_client(demo, user_client):
    return user_client("admin")


def rows(response) -> list[int]:
    import re

    assert response.status_code == 200
    return [int(s) for s in re.findall(r'data-seq="(\d+)"', response.content.decode())]


def test_filters_by_actor_action_type_and_text(demo, admin_client):
    editor = User.objects.get(username="thcs.bientap")
    with audit.acting_as(editor):
        mine = audit.record("approve", object_type="review.post", object_repr="Thông báo tựu trường")
    other = audit.record("reject", object_type="review.post", object_repr="Thông báo nghỉ học")
    url = reverse("audit:list")
    assert rows(admin_client.get(url, {"actor": "bientap", "action": "approve"})) == [mine.seq]
    assert rows(admin_client.get(url, {"object_type": "REVIEW.POST", "q": "nghỉ học"})) == [other.seq]
    assert set(rows(admin_client.get(url, {"object_type": "review.post"}))) == {mine.seq, other.seq}


def test_filters_by_local_date(demo, admin_client):
    today = timezone.localdate()
    audit.record("approve", object_repr="Hôm nay")
    url = reverse("audit:list")
    day = today.strftime("%d/%m/%Y")
    assert rows(admin_client.get(url, {"date_from": day, "date_to": day, "q": "Hôm nay"}))
    tomorrow = (today + dt.timedelta(days=1)).strftime("%d/%m/%Y")
    assert rows(admin_client.get(url, {"date_from": tomorrow, "q": "Hôm nay"})) == []


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"date_from": "31/02/2025"}, "dd/mm/yyyy"),
        ({"date_from": "2025-09-05"}, "dd/mm/yyyy"),
        ({"date_to": "hôm qua"}, "dd/mm/yyyy"),
        ({"date_from": "01/01/0001"}, "Năm phải nằm trong khoảng"),
        ({"date_to": "31/12/9999"}, "Năm phải nằm trong khoảng"),
        ({"date_from": "10/10/2025", "date_to": "01/10/2025"}, "phải trước hoặc trùng"),
        ({"action": "'; DROP TABLE x; --"}, "Mã hành động không hợp lệ"),
        ({"q": "x" * 5000}, "Tối đa 200 ký tự"),
        ({"actor": "ư" * 151}, "Tối đa 150 ký tự"),
    ],
)
def test_bad_input_gives_a_vietnamese_message(admin_client, params, message):
    before = AuditEntry.objects.count()
    response = admin_client.get(reverse("audit:list"), params)
    assert response.status_code == 200
    html = response.content.decode()
    assert message in html
    assert "Bộ lọc chưa hợp lệ" in html
    assert rows(response) == []
    assert AuditEntry.objects.count() == before


@pytest.mark.parametrize("params", [{"q": "a\x00b"}, {"page": "-1"}, {"page": "abc"}, {"page": "99999"}])
def test_odd_but_harmless_input_is_accepted(admin_client, params):
    assert admin_client.get(reverse("audit:list"), params).status_code == 200


def test_broken_utf8_in_query_string(admin_client):
    response = admin_client.get(reverse("audit:list") + "?q=%FF%FE%C3&actor=%ED%A0%80")
    assert response.status_code == 200


def test_pagination(demo, admin_client):
    for n in range(60):
        audit.record("approve", object_repr=f"Trang {n}")
    url = reverse("audit:list")
    first = rows(admin_client.get(url, {"action": "approve"}))
    second = rows(admin_client.get(url, {"action": "approve", "page": 2}))
    assert len(first) == 50 and len(second) == 10
    assert not set(first) & set(second)
    assert "page=2" in admin_client.get(url, {"action": "approve"}).content.decode()
