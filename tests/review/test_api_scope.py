"""The JSON API keeps the same rules: another school's drafts are 404, decisions need a claim."""

from __future__ import annotations

import json

from django.urls import reverse

from mangxanh.review.models import Draft, DraftStatus
from tests.review.conftest import submitted_draft


def _post(client, name, pk, body=None):
    return client.post(reverse(f"review:{name}", kwargs={"pk": pk}), json.dumps(body or {}),
                       content_type="application/json")


def test_other_school_cannot_see_claim_or_decide_through_the_api(demo, user_client):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    other = user_client("hongson.duyet")
    assert other.get(reverse("review:api_draft_list")).json() == {"drafts": []}
    response = other.get(reverse("review:api_draft_detail", kwargs={"pk": draft.pk}))
    assert response.status_code == 404
    assert response.json() == {"error": {"code": "not_found", "message": "Không tìm thấy.", "message_en": "Not found.",
                                         "details": []}}
    assert _post(other, "api_draft_claim", draft.pk).status_code == 404
    assert _post(other, "api_draft_decide", draft.pk, {"action": "approve"}).status_code == 404
    draft.refresh_from_db()
    assert draft.status == DraftStatus.SUBMITTED and draft.claimed_by is None


def test_claim_and_decide_through_the_api(demo, user_client):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    reviewer, leader = user_client("thcs.duyet"), user_client("thcs.hieutruong")
    detail = reviewer.get(reverse("review:api_draft_detail", kwargs={"pk": draft.pk})).json()
    assert {f["rule"] for f in detail["findings"]} >= {"pii.cccd", "pii.phone"}
    assert _post(reviewer, "api_draft_claim", draft.pk).json()["claimed_by"] == "thcs.duyet"
    taken = _post(leader, "api_draft_claim", draft.pk)
    assert taken.status_code == 409 and "Đặng Quốc Bảo" in taken.json()["error"]["message"]
    assert taken.json()["error"]["code"] == "conflict"
    assert _post(leader, "api_draft_decide", draft.pk, {"action": "approve"}).status_code == 409
    # The partner API's body checks and codes (core.api_errors): 400 bad JSON, 422 not an object or a
    # wrong field type, 415 not JSON at all; nothing decided.
    for bad, status, code in ((b"{oops", 400, "invalid_json"), (b"[1]", 422, "not_an_object"),
                              (json.dumps({"action": 5}).encode(), 422, "invalid")):
        response = reviewer.post(reverse("review:api_draft_decide", kwargs={"pk": draft.pk}), bad,
                                 content_type="application/json")
        assert response.status_code == status and response.json()["error"]["code"] == code
    plain = reviewer.post(reverse("review:api_draft_decide", kwargs={"pk": draft.pk}), "action=approve",
                          content_type="text/plain")
    assert plain.status_code == 415 and plain.json()["error"]["code"] == "unsupported_media_type"
    wrong_method = reviewer.get(reverse("review:api_draft_decide", kwargs={"pk": draft.pk}))
    assert wrong_method.status_code == 405 and wrong_method.json()["error"]["code"] == "method_not_allowed"
    assert wrong_method["Allow"] == "POST"
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.SUBMITTED
    done = _post(reviewer, "api_draft_decide", draft.pk, {"action": "approve"}).json()
    assert done["status"] == "approved" and done["approval_code"].startswith("MX-THCS-BENTHUY-")
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.APPROVED
