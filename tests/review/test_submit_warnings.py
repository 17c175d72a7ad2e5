"""The editor confirms on the server before sending a blocked or unchanged post; nobody sees buttons
they may not use."""

from __future__ import annotations

from django.urls import reverse

from mangxanh.review import drafts as flow
from mangxanh.review.models import Draft, DraftStatus
from tests.review.conftest import BLOCK_TEXT, make_draft, run_pending_scans, submitted_draft, user

CLEAN = "<p>Nhà trường tổ chức lễ khai giảng năm học mới vào sáng thứ Hai.</p>"


def _submit(client, draft, **data):
    return client.post(reverse("review:draft_submit", kwargs={"pk": draft.pk}), data, follow=True)


def _detail(client, draft) -> str:
    return client.get(reverse("review:draft_detail", kwargs={"pk": draft.pk})).content.decode()


def test_a_post_with_a_block_finding_needs_a_confirmation(demo, user_client):
    draft = make_draft(demo["THCS-BENTHUY"], body=BLOCK_TEXT)
    client = user_client("thcs.bientap")
    assert 'id="submit-warning"' in _detail(client, draft)  # said before the click too
    page = _submit(client, draft).content.decode()
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.DRAFT
    assert "mức chặn" in page and 'name="confirm"' in page and "Vẫn gửi duyệt" in page
    # A confirmation that is not "1" is no confirmation.
    _submit(client, draft, confirm="yes")
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.DRAFT
    _submit(client, draft, confirm="1")
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.SUBMITTED


def test_a_clean_post_is_sent_at_once(demo, user_client):
    draft = make_draft(demo["THCS-BENTHUY"], title="Khai giảng", body=CLEAN)
    client = user_client("thcs.bientap")
    assert 'id="submit-warning"' not in _detail(client, draft)
    _submit(client, draft)
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.SUBMITTED


def test_a_returned_post_sent_back_unchanged_needs_a_confirmation(demo, user_client):
    draft = submitted_draft(demo["THCS-BENTHUY"], title="Khai giảng", body=CLEAN)
    reviewer = user("thcs.duyet")
    flow.claim(draft, reviewer)
    flow.decide(draft, reviewer, "return", "Thêm giờ tập trung.")
    client = user_client("thcs.bientap")
    page = _submit(client, draft).content.decode()
    assert "chưa sửa" in page and Draft.objects.get(pk=draft.pk).status == DraftStatus.RETURNED
    # After an edit it goes at once.
    draft.refresh_from_db()
    flow.save_version(draft, draft.author, "Khai giảng", CLEAN.replace("</p>", " Tập trung lúc 7 giờ.</p>"))
    run_pending_scans()
    _submit(client, draft)
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.SUBMITTED


def test_a_reviewer_who_cannot_override_sees_no_approve_button_on_a_blocked_post(demo, user_client):
    draft = submitted_draft(demo["THCS-BENTHUY"], body=BLOCK_TEXT)
    reviewer = user_client("thcs.duyet")
    reviewer.post(reverse("review:draft_claim", kwargs={"pk": draft.pk}))
    page = _detail(reviewer, draft)
    assert 'id="btn-return"' in page and 'id="btn-reject"' in page
    assert 'id="btn-approve"' not in page and 'id="id_override_reason"' not in page
    assert "chỉ lãnh đạo đơn vị" in page
    assert 'id="btn-submit"' not in page and "Sửa bài" not in page
    reviewer.post(reverse("review:draft_release", kwargs={"pk": draft.pk}))
    leader = user_client("thcs.hieutruong")
    leader.post(reverse("review:draft_claim", kwargs={"pk": draft.pk}))
    page = _detail(leader, draft)
    assert 'id="btn-approve"' in page and 'id="id_override_reason"' in page


def test_people_without_the_reviewer_role_see_no_review_box(demo, user_client):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    page = _detail(user_client("thcs.bientap"), draft)
    assert 'id="review-box"' not in page and 'id="btn-claim"' not in page


def test_only_editors_see_the_form_that_records_the_publication(demo, user_client):
    draft = submitted_draft(demo["THCS-BENTHUY"], title="Khai giảng", body=CLEAN)
    reviewer = user("thcs.duyet")
    flow.claim(draft, reviewer)
    flow.decide(draft, reviewer, "approve")
    url = reverse("review:draft_ready", kwargs={"pk": draft.pk})
    assert 'action="' + reverse("review:draft_publish", kwargs={"pk": draft.pk}) not in (
        user_client("thcs.duyet").get(url).content.decode())
    assert 'action="' + reverse("review:draft_publish", kwargs={"pk": draft.pk}) in (
        user_client("thcs.bientap").get(url).content.decode())
