"""The partner API describes itself: Idempotency-Key, both key schemes, the error schema, webhooks; a
page people read; look-up by the partner's own reference and listing since a time."""

from __future__ import annotations

import json
from datetime import timedelta

from django.utils import timezone

from mangxanh.intake.models import ApiKey, Report
from tests.intake.test_api import assert_error, body, post


def test_openapi_declares_header_security_errors_and_webhooks(client, demo):
    schema = client.get("/api/v1/openapi.json").json()
    submit = schema["paths"]["/api/v1/reports"]["post"]
    assert any(p["name"] == "Idempotency-Key" and p["in"] == "header" for p in submit["parameters"])
    schemes = schema["components"]["securitySchemes"]
    assert schemes["bearer"] == {**schemes["bearer"], "type": "http", "scheme": "bearer"}
    assert schemes["apiKey"]["in"] == "header" and schemes["apiKey"]["name"] == "X-Api-Key"
    assert {"bearer": []} in submit["security"] and {"apiKey": []} in submit["security"]
    error = schema["components"]["schemas"]["ErrorDetail"]
    assert {"code", "message", "message_en", "details"} <= set(error["properties"])
    ref = submit["responses"]["422"]["content"]["application/json"]["schema"]["$ref"]
    assert ref.endswith("/ErrorOut")
    hooks = schema["webhooks"]
    assert {"report.state_changed", "takedown.requested"} <= set(hooks)
    changed = hooks["report.state_changed"]["post"]
    assert any(p["name"] == "X-MangXanh-Signature" for p in changed["parameters"])
    ref = changed["requestBody"]["content"]["application/json"]["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "state" in schema["components"]["schemas"][ref]["properties"]
    listing = schema["paths"]["/api/v1/reports"]["get"]
    assert {p["name"] for p in listing["parameters"]} >= {"external_ref", "since"}


def test_docs_page_lists_endpoints_in_vietnamese(client, demo):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200 and response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    for text in ("Tài liệu API đối tác", "POST /api/v1/reports", "GET /api/v1/reports", "POST /api/v1/files",
                 "Idempotency-Key", "Authorization: Bearer", "X-Api-Key", "report.state_changed",
                 "takedown.requested", "message_en", "unsupported_media_type"):
        assert text in html, text


def _get(client, raw, **params):
    return client.get("/api/v1/reports", params, HTTP_AUTHORIZATION=f"Bearer {raw}")


def test_partner_finds_a_report_by_its_external_ref(client, partner, demo):
    key, raw = partner
    post(client, raw, body(external_ref="NT-001"))
    post(client, raw, body(external_ref="NT-002", description="Một trang giả danh khác."))
    other, other_raw = ApiKey.issue(unit=demo["SGD-SL"], name="Đối tác khác", scopes=["reports:write",
                                                                                       "reports:read"])
    post(client, other_raw, body(external_ref="NT-001"))
    found = _get(client, raw, external_ref="NT-002").json()
    assert [r["external_ref"] for r in found["results"]] == ["NT-002"] and found["has_more"] is False
    mine = Report.objects.get(api_key=key, external_ref="NT-002")
    assert found["results"][0]["code"] == mine.code
    assert len(_get(client, raw, external_ref="NT-001").json()["results"]) == 1  # never another key's
    assert _get(client, raw, external_ref="khong-co").json()["results"] == []


def test_partner_lists_reports_since_a_time_in_pages(client, partner, demo):
    key, raw = partner
    for i in range(5):
        post(client, raw, body(external_ref=f"NT-{i}", description=f"Phản ánh số {i} về trang giả."))
    old = Report.objects.get(external_ref="NT-0")
    Report.objects.filter(pk=old.pk).update(submitted_at=timezone.now() - timedelta(days=3))
    since = (timezone.now() - timedelta(days=1)).isoformat()
    first = _get(client, raw, since=since, limit=3).json()
    assert [r["external_ref"] for r in first["results"]] == ["NT-1", "NT-2", "NT-3"] and first["has_more"]
    second = _get(client, raw, since=since, limit=3, after=first["next_after"]).json()
    assert [r["external_ref"] for r in second["results"]] == ["NT-4"] and not second["has_more"]
    assert_error(_get(client, raw, since="hôm qua"), 422, "invalid")
    assert_error(_get(client, raw, limit=0), 422, "invalid")


def test_listing_needs_the_read_scope(client, demo):
    key, raw = ApiKey.issue(unit=demo["SGD-SL"], name="Chỉ gửi", scopes=["reports:write"])
    assert_error(_get(client, raw), 403, "missing_scope")
    assert json.loads(client.get("/api/v1/reports").content)["error"]["code"] == "unauthenticated"


def test_listing_refuses_or_bounds_odd_input_without_a_server_error(client, partner, demo):
    _, raw = partner
    post(client, raw, body())
    assert_error(_get(client, raw, external_ref="a\x00b"), 422, "invalid")
    assert _get(client, raw, after=2**70).status_code in (200, 422)
    assert _get(client, raw, after=-5).json()["results"]
    assert _get(client, raw, since="9999-12-31T00:00:00+07:00").json()["results"] == []
