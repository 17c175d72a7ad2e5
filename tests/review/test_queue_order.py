"""The review queue sorts by the latest scan verdict in SQL, with a constant number of queries."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from mangxanh.review import drafts as flow
from mangxanh.review.models import Draft
from tests.review.conftest import BLOCK_TEXT, make_draft, run_pending_scans, submitted_draft, user

CLEAN = "<p>Nhà trường tổ chức lễ khai giảng năm học mới vào sáng thứ Hai.</p>"


def _queue_rows(client, **params) -> list[int]:
    response = client.get(reverse("review:queue"), params)
    assert response.status_code == 200
    return [draft.pk for draft, _scan, _holder in response.context["rows"]]


def _queue_queries(client) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("review:queue")).status_code == 200
    return len(ctx.captured_queries)


def test_the_draft_stores_its_latest_verdict(demo):
    draft = make_draft(demo["THCS-BENTHUY"], body=BLOCK_TEXT)
    draft.refresh_from_db()
    assert draft.scan_verdict == "block"
    assert draft.latest_scan.verdict == "block"
    # A new version resets it until its own scan is done.
    flow.save_version(draft, draft.author, "Khai giảng", CLEAN)
    draft.refresh_from_db()
    assert draft.scan_verdict == "" and draft.latest_scan.status == "pending"
    run_pending_scans()
    draft.refresh_from_db()
    assert draft.scan_verdict == "allow" and draft.latest_scan.verdict == "allow"


def test_block_first_then_review_then_the_rest_each_oldest_first(demo, user_client):
    unit = demo["THCS-BENTHUY"]
    clean = submitted_draft(unit, title="Khai giảng", body=CLEAN)
    review = submitted_draft(unit)  # a pupil's citizen id and a phone number: "review"
    block_old = submitted_draft(unit, body=BLOCK_TEXT)
    clean_2 = submitted_draft(unit, title="Lịch học", body=CLEAN)
    block_new = submitted_draft(unit, body=BLOCK_TEXT)
    client = user_client("thcs.duyet")
    assert _queue_rows(client) == [block_old.pk, block_new.pk, review.pk, clean.pk, clean_2.pk]
    assert _queue_rows(client, verdict="block") == [block_old.pk, block_new.pk]
    # The reviewer's j/k navigation follows the same order.
    page = client.get(reverse("review:draft_detail", kwargs={"pk": block_new.pk}))
    assert page.context["prev_pk"] == block_old.pk and page.context["next_pk"] == review.pk


def test_queue_queries_do_not_grow_with_its_length(demo, user_client):
    unit = demo["THCS-BENTHUY"]
    author = user("thcs.bientap")
    client = user_client("thcs.duyet")
    for i in range(3):
        flow.submit(make_draft(unit, title=f"Bài {i}", body=CLEAN, scan=False), author)
    few = _queue_queries(client)
    for i in range(297):
        draft = Draft(unit=unit, author=author)
        flow.save_version(draft, author, f"Bài số {i}", CLEAN)
        flow.submit(draft, author)
    assert Draft.objects.filter(status="submitted").count() == 300
    many = _queue_queries(client)
    assert many == few, (few, many)
    assert many <= 15, many
