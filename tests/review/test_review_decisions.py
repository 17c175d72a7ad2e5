"""Claim, approve, return with passage comments, reject; block verdicts need a leader's reason."""

from __future__ import annotations

import re

from django.urls import reverse

from mangxanh.review import drafts as flow
from mangxanh.review.models import ApprovalSequence, Draft, DraftStatus, ReviewComment
from mangxanh.scanning.models import Scan
from tests.review.conftest import make_channel, submitted_draft, user


def _decide(client, draft, **data):
    return client.post(reverse("review:draft_decide", kwargs={"pk": draft.pk}), data, follow=True)


def test_approve_gives_a_stable_unique_code(demo, user_client):
    unit = demo["THCS-BENTHUY"]
    first, second = submitted_draft(unit), submitted_draft(unit)
    client = user_client("thcs.duyet")
    for draft in (first, second):
        client.post(reverse("review:draft_claim", kwargs={"pk": draft.pk}))
        _decide(client, draft, action="approve")
    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == second.status == DraftStatus.APPROVED
    assert re.fullmatch(r"MX-THCS-BENTHUY-\d{4}-0001", first.approval_code)
    assert second.approval_code.endswith("-0002")
    assert first.approved_version == first.latest_version
    page = client.get(reverse("review:draft_ready", kwargs={"pk": first.pk})).content.decode()
    assert first.approval_code in page and "Khen thưởng học sinh" in page
    assert ApprovalSequence.objects.get(unit=unit).last == 2


def test_return_with_a_comment_tied_to_a_passage(demo, user_client):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    client = user_client("thcs.duyet")
    client.post(reverse("review:draft_claim", kwargs={"pk": draft.pk}))
    response = _decide(client, draft, action="return", quote="0912345678",
                       passage_comment="Không đăng số điện thoại phụ huynh.", comment="Sửa rồi gửi lại.")
    assert response.status_code == 200
    draft.refresh_from_db()
    assert draft.status == DraftStatus.RETURNED and draft.claimed_by is None
    passage = ReviewComment.objects.get(draft=draft, quote="0912345678")
    text = draft.latest_version.scan_text()
    assert text[passage.start : passage.end] == "0912345678"
    page = user_client("thcs.bientap").get(reverse("review:draft_detail", kwargs={"pk": draft.pk})).content.decode()
    assert "Không đăng số điện thoại phụ huynh." in page


def test_return_and_reject_need_words(demo, user_client):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    client = user_client("thcs.duyet")
    client.post(reverse("review:draft_claim", kwargs={"pk": draft.pk}))
    for action in ("return", "reject", "", "xuat-ban"):
        response = _decide(client, draft, action=action, comment="  ")
        assert any(m.level_tag == "error" for m in response.context["messages"])
    draft.refresh_from_db()
    assert draft.status == DraftStatus.SUBMITTED and not draft.comments.exists()


def test_no_decision_without_a_claim(demo, user_client):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    response = _decide(user_client("thcs.duyet"), draft, action="approve")
    assert "nhận duyệt" in response.content.decode()
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.SUBMITTED


def _block(draft):
    # A real scan that the policy turned into "block": the stored verdict is what approval reads.
    scan = Scan.objects.latest_for(draft.latest_version)
    scan.verdict = "block"
    scan.save()
    Draft.objects.filter(pk=draft.pk).update(scan_verdict="block")  # what the scan_completed receiver copies


def test_block_verdict_needs_a_leaders_written_reason(demo, user_client):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    _block(draft)
    reviewer = user_client("thcs.duyet")
    reviewer.post(reverse("review:draft_claim", kwargs={"pk": draft.pk}))
    response = _decide(reviewer, draft, action="approve", override_reason="Đã kiểm tra kỹ, đăng được.")
    assert "chỉ lãnh đạo" in response.content.decode()
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.SUBMITTED
    reviewer.post(reverse("review:draft_release", kwargs={"pk": draft.pk}))

    leader = user_client("thcs.hieutruong")
    leader.post(reverse("review:draft_claim", kwargs={"pk": draft.pk}))
    _decide(leader, draft, action="approve", override_reason="ngắn")
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.SUBMITTED
    _decide(leader, draft, action="approve", override_reason="Số liệu đã được phụ huynh đồng ý công khai.")
    draft.refresh_from_db()
    assert draft.status == DraftStatus.APPROVED and "phụ huynh đồng ý" in draft.override_reason


def test_record_publication(demo, user_client):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    flow.claim(draft, user("thcs.duyet"))
    flow.decide(draft, user("thcs.duyet"), "approve")
    make_channel(demo["THCS-BENTHUY"], name="Cổng thông tin", address="https://thcsbenthuy.edu.vn", kind="website")
    client = user_client("thcs.bientap")
    url = reverse("review:draft_publish", kwargs={"pk": draft.pk})
    client.post(url, {"url": "javascript:alert(1)"})
    assert Draft.objects.get(pk=draft.pk).published_url == ""
    client.post(url, {"url": "https://thcsbenthuy.edu.vn/tin-tuc/khen-thuong"})
    draft.refresh_from_db()
    assert draft.status == DraftStatus.PUBLISHED and draft.published_at is not None
    assert draft.published_url == "https://thcsbenthuy.edu.vn/tin-tuc/khen-thuong"


def test_diff_shows_both_versions_side_by_side(demo, user_client):
    draft = submitted_draft(demo["THCS-BENTHUY"])
    flow.claim(draft, user("thcs.duyet"))
    flow.decide(draft, user("thcs.duyet"), "return", comment="Bỏ số điện thoại.")
    draft.refresh_from_db()
    flow.save_version(draft, user("thcs.bientap"), "Khen thưởng học sinh", "<p>Chúc mừng em Hoa.</p>")
    client = user_client("thcs.duyet")
    page = client.get(reverse("review:draft_diff", kwargs={"pk": draft.pk}) + "?a=1&b=2").content.decode()
    assert "Phiên bản 1" in page and "Phiên bản 2" in page
    assert "<del>" in page and "<ins>" in page  # words marked as removed and added
    assert client.get(reverse("review:draft_diff", kwargs={"pk": draft.pk}) + "?a=x&b=99").status_code == 200


def test_queue_puts_blocked_drafts_first_and_filters(demo, user_client):
    unit = demo["THCS-BENTHUY"]
    calm = submitted_draft(unit, title="Lịch thi học kỳ", body="<p>Lịch thi bắt đầu từ thứ Hai.</p>")
    risky = submitted_draft(unit, title="Bài có cảnh báo chặn")
    _block(risky)
    client = user_client("thcs.duyet")
    page = client.get(reverse("review:queue")).content.decode()
    assert page.index("Bài có cảnh báo chặn") < page.index("Lịch thi học kỳ")
    only_block = client.get(reverse("review:queue"), {"verdict": "block"}).content.decode()
    assert "Bài có cảnh báo chặn" in only_block and "Lịch thi học kỳ" not in only_block
    searched = client.get(reverse("review:queue"), {"q": "lịch thi", "status": "bogus"})
    assert searched.status_code == 200
    assert calm.pk


def test_published_url_must_be_on_a_channel_of_the_unit(demo, user_client):
    school = demo["THCS-BENTHUY"]
    draft = submitted_draft(school)
    flow.claim(draft, user("thcs.duyet"))
    flow.decide(draft, user("thcs.duyet"), "approve")
    make_channel(school)  # facebook.com/thcsbenthuy
    make_channel(school, name="Kênh YouTube", address="https://www.youtube.com/@thcsbenthuy", kind="youtube")
    make_channel(demo["THCS-HONGSON"], name="Trang Hồng Sơn", address="https://facebook.com/thcshongson")
    client = user_client("thcs.bientap")
    url = reverse("review:draft_publish", kwargs={"pk": draft.pk})
    for wrong in ("https://facebook.com/thcsbenthuyy/posts/1", "https://facebook.com/thcshongson/posts/1",
                  "https://example.org/tin", "https://www.facebook.com/share/p/1AbC/"):
        page = client.post(url, {"url": wrong}, follow=True).content.decode()
        assert "không thuộc kênh chính thức nào đã đăng ký của đơn vị" in page, wrong
        assert Draft.objects.get(pk=draft.pk).status == DraftStatus.APPROVED
    # the ready page lists the unit's channels so the editor knows what is expected
    assert "facebook.com/thcsbenthuy" in client.get(reverse("review:draft_ready", kwargs={"pk": draft.pk})).content.decode()
    client.post(url, {"url": "https://m.facebook.com/thcsbenthuy/posts/pfbid0abc"})
    draft.refresh_from_db()
    assert draft.status == DraftStatus.PUBLISHED and draft.published_url.endswith("/posts/pfbid0abc")
    # a video link names no channel: accepted because the unit has a YouTube channel
    flow.record_publication(draft, user("thcs.bientap"), "https://youtu.be/Abc123XyZ_0")
