"""A reviewer of school A cannot see, claim or decide school B's drafts (view level)."""

from __future__ import annotations

from django.urls import reverse

from mangxanh.review.models import Draft, DraftStatus, ReviewEvent
from tests.review.conftest import submitted_draft


def test_other_schools_reviewer_gets_404_everywhere(demo, user_client):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    client = user_client("hongson.duyet")
    for name in ("draft_detail", "draft_findings", "draft_diff", "draft_ready"):
        assert client.get(reverse(f"review:{name}", kwargs={"pk": draft.pk})).status_code == 404, name
    for name, data in (("draft_claim", {}), ("draft_decide", {"action": "approve"}), ("draft_release", {})):
        assert client.post(reverse(f"review:{name}", kwargs={"pk": draft.pk}), data).status_code == 404, name
    queue = client.get(reverse("review:queue")).content.decode()
    assert "Khen thưởng học sinh" not in queue
    draft.refresh_from_db()
    assert draft.status == DraftStatus.SUBMITTED and draft.claimed_by is None
    assert not ReviewEvent.objects.exclude(action="submit").exists()


def test_editor_cannot_claim_or_decide_and_teacher_sees_nothing(demo, user_client):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    editor = user_client("thcs.bientap")
    assert editor.post(reverse("review:draft_claim", kwargs={"pk": draft.pk})).status_code == 404
    assert editor.get(reverse("review:queue")).status_code == 403
    teacher = user_client("thcs.giaovien")
    assert teacher.get(reverse("review:draft_detail", kwargs={"pk": draft.pk})).status_code == 404
    assert teacher.get(reverse("review:draft_list")).status_code == 403
    assert Draft.objects.get(pk=draft.pk).claimed_by is None


def test_commune_leader_sees_the_schools_below_only(demo, user_client):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    assert user_client("xa.benthuy").get(reverse("review:draft_detail", kwargs={"pk": draft.pk})).status_code == 200
    assert user_client("xa.hongson").get(reverse("review:draft_detail", kwargs={"pk": draft.pk})).status_code == 404
