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


def test_write_version_checks_the_capability_it_is_given(demo):
    draft = Draft(unit=demo["THCS-BENTHUY"], author=user("so.lanhdao"))
    with pytest.raises(TypeError):  # no unchecked way in: the caller names what it acts under
        flow.write_version(draft, user("so.lanhdao"), "Bản tin", "Nội dung")
    for username, capability in (("thcs.giaovien", "review.edit"), ("hongson.duyet", "learning.bulletin_publish")):
        with pytest.raises(PermissionDenied):
            flow.write_version(draft, user(username), "Bản tin", "Nội dung", capability=capability)
    assert draft.pk is None and not DraftVersion.objects.exists()
    # A Sở leader sending a bulletin writes a school's draft under the bulletin capability, not as its editor.
    flow.write_version(draft, user("so.lanhdao"), "Bản tin", "Nội dung", capability="learning.bulletin_publish")
    assert draft.versions.get().author == user("so.lanhdao")


def test_only_monitors_of_the_unit_decide_a_flagged_post(demo):
    from mangxanh.review.feeds import import_export
    from mangxanh.review.flagged import decide_task
    from mangxanh.review.models import FlaggedTask, TaskStatus
    from tests.review.conftest import make_channel, run_pending_scans

    post = '[{"id": "p1", "message": "Liên hệ cô chủ nhiệm 0912345678 để nộp hồ sơ."}]'.encode()
    import_export(make_channel(demo["THCS-BENTHUY"]), post, "xuat.json")
    run_pending_scans()
    task = FlaggedTask.objects.get()
    for username in ("thcs.bientap", "hongson.duyet"):  # an editor; a reviewer of another school
        with pytest.raises(PermissionDenied):
            decide_task(task, user=user(username), decision="keep", reason="Không sao", done=True)
    task.refresh_from_db()
    assert task.status == TaskStatus.OPEN and task.decided_by is None and task.decision == ""
    decide_task(task, user=user("thcs.duyet"), decision="keep", reason="Số của trường", done=True)
    assert FlaggedTask.objects.get().status == TaskStatus.DONE
