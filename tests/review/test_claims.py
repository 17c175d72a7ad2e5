"""Two reviewers on one draft: the second sees who holds it and cannot decide; claims expire."""

from __future__ import annotations

import threading
from datetime import timedelta

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from mangxanh.org.models import Membership, Role
from mangxanh.review import drafts as flow
from mangxanh.review.models import Draft, DraftStatus
from tests.review.conftest import submitted_draft, user


def test_second_reviewer_sees_the_holder_and_cannot_decide(demo, user_client):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    first, second = user_client("thcs.duyet"), user_client("thcs.hieutruong")
    first.post(reverse("review:draft_claim", kwargs={"pk": draft.pk}))
    page = second.get(reverse("review:draft_detail", kwargs={"pk": draft.pk})).content.decode()
    assert "Đặng Quốc Bảo" in page and 'id="claim-holder"' in page and 'id="btn-approve"' not in page
    response = second.post(reverse("review:draft_claim", kwargs={"pk": draft.pk}), follow=True)
    assert "đang do Đặng Quốc Bảo duyệt" in response.content.decode()
    response = second.post(reverse("review:draft_decide", kwargs={"pk": draft.pk}), {"action": "approve"},
                           follow=True)
    assert "Đặng Quốc Bảo đang giữ" in response.content.decode()
    draft.refresh_from_db()
    assert draft.status == DraftStatus.SUBMITTED and draft.claimed_by.username == "thcs.duyet"


def test_an_expired_claim_can_be_taken_over(demo):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    assert flow.claim(draft, user("thcs.duyet"))
    Draft.objects.filter(pk=draft.pk).update(claimed_at=timezone.now() - timedelta(minutes=31))
    assert flow.claim(draft, user("thcs.hieutruong"))
    with pytest.raises(flow.WorkflowError):
        flow.decide(draft, user("thcs.duyet"), "approve")


@pytest.mark.django_db(transaction=True)
def test_concurrent_claims_have_one_winner(demo):
    if connection.vendor == "sqlite":
        pytest.skip("SQLite serialises writers; the race needs PostgreSQL")
    draft = submitted_draft(demo["THCS-BENTHUY"])
    reviewers = [user("thcs.duyet"), user("thcs.hieutruong")]
    for i in range(4):
        from django.contrib.auth import get_user_model

        extra = get_user_model().objects.create(username=f"duyet.them{i}", full_name=f"Người duyệt {i}")
        Membership.objects.create(user=extra, unit=demo["THCS-BENTHUY"], role=Role.REVIEWER)
        reviewers.append(extra)
    barrier = threading.Barrier(len(reviewers))
    results = []

    def attempt(reviewer):
        barrier.wait()
        try:
            results.append(flow.claim(Draft.objects.get(pk=draft.pk), reviewer))
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(r,)) for r in reviewers]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 1
