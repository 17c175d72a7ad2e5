"""Must hold: the same request five times with one Idempotency-Key gives one report, also concurrently;
a changed body with the same key is refused."""

from __future__ import annotations

import json
import threading

import pytest
from django.db import connection
from django.test import Client

from mangxanh.intake.models import Case, Report
from tests.intake.conftest import open_cases
from tests.intake.test_api import URL, body


def _post(client, raw, data, key):
    return client.post(URL, json.dumps(data), content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}",
                       HTTP_IDEMPOTENCY_KEY=key)


def test_five_times_one_report(client, partner):
    _, raw = partner
    responses = [_post(client, raw, body(), "lan-gui-1") for _ in range(5)]
    assert [r.status_code for r in responses] == [201, 200, 200, 200, 200]
    assert len({r.json()["code"] for r in responses}) == 1
    open_cases()
    assert Report.objects.count() == 1 and Case.objects.count() == 1


def test_changed_body_same_key_refused(client, partner):
    _, raw = partner
    first = _post(client, raw, body(), "lan-gui-2")
    changed = _post(client, raw, body(description="Nội dung đã bị sửa"), "lan-gui-2")
    assert changed.status_code == 409 and changed.json()["error"]["code"] == "idempotency_conflict"
    assert Report.objects.count() == 1 and Report.objects.get().code == first.json()["code"]


def test_keys_are_per_partner(client, partner, demo):
    from mangxanh.intake.models import ApiKey

    _, raw = partner
    _, other = ApiKey.issue(unit=demo["SGD-SL"], name="Đối tác khác", scopes=["reports:write"])
    _post(client, raw, body(), "chung")
    assert _post(client, other, body(), "chung").status_code == 201
    assert Report.objects.count() == 2


@pytest.mark.django_db(transaction=True)
def test_concurrent_same_key_one_report(partner):
    if connection.vendor != "postgresql":
        pytest.skip("concurrent writers need PostgreSQL (SQLite serialises them anyway)")
    _, raw = partner
    barrier = threading.Barrier(5)
    results: list = []

    def worker():
        try:
            barrier.wait()
            response = _post(Client(), raw, body(), "dong-thoi")
            results.append((response.status_code, response.json().get("code")))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker) for _ in range(5)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(status for status, _ in results) == [200, 200, 200, 200, 201]
    assert len({code for _, code in results}) == 1
    assert Report.objects.filter(idempotency_key="dong-thoi").count() == 1
    open_cases()  # the worker's task
    assert Case.objects.count() == 1
