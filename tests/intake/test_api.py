"""Partner API: keys and scopes, structured JSON errors, files with SHA-256, batches, OpenAPI."""

from __future__ import annotations

import hashlib
import json
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from mangxanh.intake.models import ApiKey, Case, Channel, Report
from tests.intake.conftest import open_cases, png_bytes

URL = "/api/v1/reports"


def body(**extra):
    data = {
        "incident_type": ["scam"],
        "description": "Trang giả danh nhà trường thu tiền học thêm qua tài khoản cá nhân.",
        "urls": ["https://vi.du/trang-gia"],
        "reported_account": "truong.thcs.benthuy.thu.phi",
        "victim_age_range": "11-15",
        "school_code": "THCS-BENTHUY",
        "external_ref": "NT-001",
    }
    data.update(extra)
    return data


def post(client, raw, data, **headers):
    return client.post(URL, json.dumps(data), content_type="application/json",
                       HTTP_AUTHORIZATION=f"Bearer {raw}", **headers)


def assert_error(response, status, code):
    assert response.status_code == status, response.content
    assert response["Content-Type"].startswith("application/json")
    payload = response.json()["error"]
    assert payload["code"] == code and payload["message"] and payload["message_en"]
    return payload


def test_submit_creates_routed_report(client, partner):
    key, raw = partner
    response = post(client, raw, body())
    assert response.status_code == 201
    data = response.json()
    open_cases()
    report = Report.objects.get(code=data["code"])
    assert report.channel == Channel.API and report.api_key == key and report.anonymous
    assert report.case.unit.code == "THCS-BENTHUY" and report.affects_child
    assert data["status_message"].startswith("Đã tiếp nhận")
    status = client.get(f"{URL}/{report.code}", HTTP_X_API_KEY=raw)
    assert status.status_code == 200 and status.json()["code"] == report.code


def test_missing_or_wrong_key(client, demo):
    assert_error(client.post(URL, "{}", content_type="application/json"), 401, "unauthenticated")
    assert_error(post(client, "mx_sai", body()), 401, "unauthenticated")


def test_expired_and_revoked_keys_refused(client, demo):
    expired, raw = ApiKey.issue(unit=demo["SGD-SL"], name="Hết hạn", scopes=["reports:write"],
                                expires_at=timezone.now() - timedelta(days=1))
    assert "hết hạn" in assert_error(post(client, raw, body()), 401, "key_expired")["message"]
    revoked, raw2 = ApiKey.issue(unit=demo["SGD-SL"], name="Thu hồi", scopes=["reports:write"])
    revoked.revoked_at = timezone.now()
    revoked.save()
    assert_error(post(client, raw2, body()), 401, "key_expired")
    assert Report.objects.count() == 0


def test_missing_scope_is_403_json(client, demo):
    _, raw = ApiKey.issue(unit=demo["SGD-SL"], name="Chỉ đọc", scopes=["reports:read"])
    payload = assert_error(post(client, raw, body()), 403, "missing_scope")
    assert "reports:write" in payload["message"]
    assert Report.objects.count() == 0


@pytest.mark.parametrize("change, code", [
    ({"incident_type": []}, "invalid"),
    ({"incident_type": ["politics"]}, "invalid"),
    ({"incident_type": ["other"]}, "invalid"),  # the public form's "not sure" is not part of the API
    ({"description": ""}, "invalid"),
    ({"description": "lỗi \ud800"}, "invalid"),
    ({"urls": [f"https://vi.du/{i}" for i in range(10_000)]}, "invalid"),
    ({"urls": ["javascript:alert(1)"]}, "invalid"),
    ({"school_code": "KHONG-CO"}, "unknown_school"),
    ({"files": ["0" * 64]}, "unknown_file"),
    ({"victim_age_range": 12}, "invalid"),
    ({"occurred_at": "hôm qua"}, "invalid"),
])
def test_bad_input_is_structured_and_stores_nothing(client, partner, change, code):
    _, raw = partner
    payload = assert_error(post(client, raw, body(**change)), 422, code)
    assert payload["message"]
    assert Report.objects.count() == 0 and Case.objects.count() == 0


def test_broken_json_and_unknown_paths_are_json(client, partner):
    _, raw = partner
    response = client.post(URL, b"{\"incident_type\": [\xff", content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {raw}")
    assert response.status_code in (400, 422) and response["Content-Type"].startswith("application/json")
    assert_error(client.get("/api/v1/khong-co"), 404, "not_found")
    assert_error(client.get(f"{URL}/PA-0000-0000", HTTP_X_API_KEY=raw), 404, "not_found")


def test_file_upload_checks_sha256_then_report_uses_it(client, partner):
    _, raw = partner
    data = png_bytes()
    sha = hashlib.sha256(data).hexdigest()
    wrong = client.post("/api/v1/files", {"file": SimpleUploadedFile("a.png", data), "sha256": "a" * 64},
                        HTTP_X_API_KEY=raw)
    assert_error(wrong, 422, "sha256_mismatch")
    fake = client.post("/api/v1/files", {"file": SimpleUploadedFile("a.png", b"MZ not an image"),
                                         "sha256": hashlib.sha256(b"MZ not an image").hexdigest()},
                       HTTP_X_API_KEY=raw)
    assert_error(fake, 422, "bad_file")
    ok = client.post("/api/v1/files", {"file": SimpleUploadedFile("a.png", data), "sha256": sha.upper()},
                     HTTP_X_API_KEY=raw)
    assert ok.status_code == 201 and ok.json()["sha256"] == sha
    response = post(client, raw, body(files=[sha]))
    open_cases()
    report = Report.objects.get(code=response.json()["code"])
    assert report.case.evidence.get().sha256 == sha


def test_batch_is_all_or_nothing(client, partner):
    _, raw = partner
    items = [dict(body(description=f"Phản ánh số {i}", reported_account=f"tk{i}", urls=[]), idempotency_key=f"b{i}")
             for i in range(3)]
    bad = [*items, dict(body(incident_type=[]), idempotency_key="b9")]
    response = client.post(f"{URL}/batch", json.dumps({"reports": bad}), content_type="application/json",
                           HTTP_X_API_KEY=raw)
    assert response.status_code == 422 and Report.objects.count() == 0
    response = client.post(f"{URL}/batch", json.dumps({"reports": items}), content_type="application/json",
                           HTTP_X_API_KEY=raw)
    assert response.status_code == 200 and len(response.json()["results"]) == 3
    again = client.post(f"{URL}/batch", json.dumps({"reports": items}), content_type="application/json",
                        HTTP_X_API_KEY=raw)
    assert [r["created"] for r in again.json()["results"]] == [False] * 3
    assert Report.objects.count() == 3
    too_many = client.post(f"{URL}/batch", json.dumps({"reports": items * 40}), content_type="application/json",
                           HTTP_X_API_KEY=raw)
    assert_error(too_many, 422, "batch_size")


def test_openapi_describes_fields_in_both_languages(client, demo):
    schema = client.get("/api/v1/openapi.json").json()
    assert {"/api/v1/reports", "/api/v1/reports/batch", "/api/v1/files"} <= set(schema["paths"])
    props = schema["components"]["schemas"]["ReportIn"]["properties"]
    assert " / " in props["description"]["description"] and "Mô tả" in props["description"]["description"]


def test_oversized_upload_refused(client, partner):
    _, raw = partner
    data = png_bytes() + b"\0" * (20 * 1024 * 1024)
    response = client.post("/api/v1/files", {"file": SimpleUploadedFile("to.png", data),
                                             "sha256": hashlib.sha256(data).hexdigest()}, HTTP_X_API_KEY=raw)
    assert "Tệp quá lớn" in assert_error(response, 422, "bad_file")["message"]
    from mangxanh.files.models import StoredFile

    assert not StoredFile.objects.exists()


def test_last_use_of_a_key_is_kept_to_the_minute_without_a_write_per_request(client, partner):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    key, raw = partner
    assert post(client, raw, body(external_ref="lan-1")).status_code == 201
    first = ApiKey.objects.get(pk=key.pk).last_used_at
    assert first is not None
    with CaptureQueriesContext(connection) as ctx:
        assert post(client, raw, body(external_ref="lan-2")).status_code == 201
    assert not any(q["sql"].startswith('UPDATE "intake_apikey"') for q in ctx.captured_queries)
    assert ApiKey.objects.get(pk=key.pk).last_used_at == first
    ApiKey.objects.filter(pk=key.pk).update(last_used_at=first - timedelta(minutes=5))
    assert post(client, raw, body(external_ref="lan-3")).status_code == 201
    assert ApiKey.objects.get(pk=key.pk).last_used_at > first


def _assert_all_vietnamese(payload: dict) -> None:
    text = json.dumps(payload, ensure_ascii=False)
    for english in ("Field required", "Input should", "Cannot parse", "Traceback", "Exception"):
        assert english not in text, text


def test_errors_are_always_json_in_the_api_format(client, partner):
    _, raw = partner
    auth = {"HTTP_AUTHORIZATION": f"Bearer {raw}"}
    assert_error(client.get("/api/v1/khong-co/gi/ca", **auth), 404, "not_found")
    for response in (client.patch(URL, **auth), client.delete(URL, **auth), client.put(f"{URL}/batch", **auth)):
        payload = assert_error(response, 405, "method_not_allowed")
        assert "POST" in response["Allow"] and payload["message"].startswith("Phương thức")
    for content_type in ("application/x-www-form-urlencoded", "text/plain"):
        response = client.post(URL, json.dumps(body()), content_type=content_type, **auth)
        assert_error(response, 415, "unsupported_media_type")
    assert Report.objects.count() == 0


@pytest.mark.parametrize("raw_body", ["[]", "42", "null", '"chuỗi"', "[{}]"])
@pytest.mark.parametrize("path", [URL, f"{URL}/batch"])
def test_body_that_is_not_an_object_is_422(client, partner, raw_body, path):
    _, raw = partner
    response = client.post(path, raw_body, content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}")
    payload = assert_error(response, 422, "not_an_object")
    assert "phải là một đối tượng JSON" in payload["message"]


def test_broken_json_is_a_vietnamese_400(client, partner):
    _, raw = partner
    response = client.post(URL, "{không phải json", content_type="application/json",
                           HTTP_AUTHORIZATION=f"Bearer {raw}")
    _assert_all_vietnamese(assert_error(response, 400, "invalid_json"))


def test_every_validation_error_is_in_vietnamese(client, partner):
    _, raw = partner
    missing = assert_error(post(client, raw, {}), 422, "invalid")
    assert {d["field"] for d in missing["details"]} == {"incident_type", "description"}
    assert all(d["problem"] == "Thiếu trường bắt buộc." for d in missing["details"])
    _assert_all_vietnamese(missing)
    wrong = assert_error(post(client, raw, body(incident_type="scam", description=5, urls="a", in_danger="có lẽ",
                                                occurred_at="hôm qua", victim_age_range="9")), 422, "invalid")
    problems = {d["field"]: d["problem"] for d in wrong["details"]}
    assert problems["incident_type"].startswith("Phải là một danh sách")
    assert "ISO 8601" in problems["occurred_at"] and "chỉ nhận" in problems["victim_age_range"]
    _assert_all_vietnamese(wrong)
    batch = assert_error(client.post(f"{URL}/batch", json.dumps({"reports": [{"description": "x"}]}),
                                     content_type="application/json", HTTP_AUTHORIZATION=f"Bearer {raw}"),
                         422, "invalid")
    assert batch["details"][0]["field"] == "reports.0.incident_type"
    _assert_all_vietnamese(batch)
    upload = assert_error(client.post("/api/v1/files", {}, HTTP_AUTHORIZATION=f"Bearer {raw}"), 422, "invalid")
    assert {d["field"] for d in upload["details"]} == {"file", "sha256"}
    _assert_all_vietnamese(upload)
