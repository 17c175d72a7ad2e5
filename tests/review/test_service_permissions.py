"""Draft services check their capability themselves: ReviewDenied is a PermissionDenied (and a WorkflowError)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from mangxanh.review import drafts as flow
from mangxanh.review.models import Draft, DraftStatus, DraftVersion
from tests.review.conftest import make_draft, submitted_draft, user

pytestmark = pytest.mark.django_db


def test_only_editors_of_the_unit_write_and_submit(demo):
    draft = Draft(unit=demo["THCS-BENTHUY"], author=user("hongson.bientap"))
    with pytest.raises(PermissionDenied):
        flow.save_version(draft, user("hongson.bientap"), "Bài khác trường", "Nội dung")
    assert draft.pk is None and not DraftVersion.objects.exists()
    own = make_draft(demo["THCS-BENTHUY"], scan=False)
    for username in ("thcs.duyet", "hongson.bientap"):
        with pytest.raises(flow.ReviewDenied):
            flow.submit(own, user(username))
    own.refresh_from_db()
    assert own.status == DraftStatus.DRAFT


def test_only_reviewers_of_the_unit_claim_and_decide(demo):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    for username in ("thcs.bientap", "hongson.duyet"):
        with pytest.raises(PermissionDenied):
            flow.claim(draft, user(username))
        with pytest.raises(flow.WorkflowError):  # the views keep showing the message
            flow.decide(draft, user(username), "reject", comment="không")
    draft.refresh_from_db()
    assert draft.status == DraftStatus.SUBMITTED and draft.claimed_by is None
    assert flow.claim(draft, user("xa.benthuy"))  # a ward leader reviews the schools below
