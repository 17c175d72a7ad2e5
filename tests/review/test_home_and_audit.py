"""The home panel and menu point people to their review work; decisions land in the audit log."""

from __future__ import annotations

from django.urls import reverse

from mangxanh.audit.models import AuditEntry
from mangxanh.review import drafts as flow
from tests.review.conftest import submitted_draft, user


def test_reviewer_home_shows_waiting_drafts(demo, user_client):
    submitted_draft(demo["THCS-BENTHUY"])
    page = user_client("thcs.duyet").get(reverse("core:home")).content.decode()
    assert "Bài chờ duyệt" in page and reverse("review:queue") in page
    editor = user_client("thcs.bientap").get(reverse("core:home")).content.decode()
    assert "Soạn bài mới" in editor and reverse("review:queue") not in editor
    teacher = user_client("thcs.giaovien").get(reverse("core:home")).content.decode()
    assert "Tin bài và kênh chính thức" not in teacher


def test_decisions_are_audited(demo):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    flow.claim(draft, user("thcs.duyet"))
    flow.decide(draft, user("thcs.duyet"), "approve")
    actions = set(AuditEntry.objects.filter(object_id=str(draft.pk)).values_list("action", flat=True))
    assert {"submit", "approve"} <= actions
