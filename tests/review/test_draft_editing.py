"""Saving a draft returns at once; findings arrive when the scan task has run; one-click fixes."""

from __future__ import annotations

import re

from django.urls import reverse
from django_tasks_db.models import DBTaskResult

from mangxanh.review.models import Draft, DraftStatus, DraftVersion
from mangxanh.scanning.models import Scan, ScanStatus
from tests.review.conftest import POST_TEXT, make_draft, run_pending_scans


def _create(client, demo, **extra):
    data = {"unit": demo["THCS-BENTHUY"].pk, "title": "Khen thưởng học sinh", "body": POST_TEXT, **extra}
    return client.post(reverse("review:draft_create"), data)


def test_save_returns_before_the_scan_runs(demo, user_client):
    client = user_client("thcs.bientap")
    response = _create(client, demo)
    assert response.status_code == 302
    draft = Draft.objects.get()
    scan = Scan.objects.latest_for(draft.latest_version)
    assert scan.status == ScanStatus.PENDING  # the task is only enqueued
    assert DBTaskResult.objects.filter(task_path="mangxanh.scanning.tasks.run_scan", status="READY").count() == 1
    partial = client.get(reverse("review:draft_findings", kwargs={"pk": draft.pk})).content.decode()
    assert 'data-scan="pending"' in partial and "hx-trigger" in partial
    run_pending_scans()
    partial = client.get(reverse("review:draft_findings", kwargs={"pk": draft.pk})).content.decode()
    assert 'data-scan="done"' in partial and "hx-trigger" not in partial
    assert "<mark" in partial and "036211004567" in partial and "0912345678" in partial
    assert "Số định danh cá nhân" in partial


def test_body_html_is_sanitised(demo, user_client):
    client = user_client("thcs.bientap")
    _create(client, demo, body='<p onclick="x()">Chào <script>alert(1)</script><b>các em</b></p>')
    version = DraftVersion.objects.get()
    assert "script" not in version.body_html and "onclick" not in version.body_html
    assert "<b>các em</b>" in version.body_html
    assert version.body_text == "Chào các em"


def test_mask_fix_creates_a_new_version_and_rescans(demo, user_client):
    draft = make_draft(demo["THCS-BENTHUY"])
    scan = Scan.objects.latest_for(draft.latest_version)
    cccd = scan.findings.get(rule="pii.cccd")
    client = user_client("thcs.bientap")
    client.post(reverse("review:draft_fix", kwargs={"pk": draft.pk}), {"finding": cccd.pk, "action": "mask"})
    draft = Draft.objects.get(pk=draft.pk)
    assert draft.versions.count() == 2
    latest = draft.latest_version
    assert "036211004567" not in latest.body_text and cccd.suggestion in latest.body_text
    assert "<p>" in latest.body_html  # markup kept
    assert Scan.objects.latest_for(latest).status == ScanStatus.PENDING
    run_pending_scans()
    assert not Scan.objects.latest_for(latest).findings.filter(rule="pii.cccd").exists()
    assert draft.versions.get(number=1).body_text.count("036211004567") == 1  # old version untouched


def test_remove_sentence_fix(demo, user_client):
    draft = make_draft(demo["THCS-BENTHUY"])
    phone = Scan.objects.latest_for(draft.latest_version).findings.get(rule="pii.phone")
    user_client("thcs.bientap").post(
        reverse("review:draft_fix", kwargs={"pk": draft.pk}), {"finding": phone.pk, "action": "remove"}
    )
    text = Draft.objects.get(pk=draft.pk).latest_version.body_text
    assert "0912345678" not in text and "Liên hệ phụ huynh" not in text
    assert "036211004567" in text and "trân trọng cảm ơn" in text


def test_fix_with_bad_input_changes_nothing(demo, user_client):
    draft = make_draft(demo["THCS-BENTHUY"])
    client = user_client("thcs.bientap")
    url = reverse("review:draft_fix", kwargs={"pk": draft.pk})
    finding = Scan.objects.latest_for(draft.latest_version).findings.first()
    for data in ({"finding": "abc", "action": "mask"}, {"finding": 999999, "action": "mask"},
                 {"finding": finding.pk, "action": "xoa-het"}, {}):
        response = client.post(url, data, follow=True)
        assert response.status_code == 200
        assert any(m.level_tag == "error" for m in response.context["messages"])
    assert draft.versions.count() == 1


def test_bad_content_is_refused_with_a_message(demo, user_client):
    client = user_client("thcs.bientap")
    for extra in ({"title": ""}, {"title": "x" * 301}, {"body": "a" * 200_001},
                  {"unit": "abc"}, {"unit": demo["THCS-HONGSON"].pk}):
        response = _create(client, demo, **extra)
        assert response.status_code == 200
        assert response.context["form"].errors
    raw = f"unit={demo['THCS-BENTHUY'].pk}&title=L%FFi&body=%C3%28".encode()
    response = client.post(reverse("review:draft_create"), raw, content_type="application/x-www-form-urlencoded")
    assert response.status_code == 200 and "ký tự hỏng" in response.content.decode()
    assert not Draft.objects.exists() and not DraftVersion.objects.exists()


def test_versions_are_immutable(demo):
    draft = make_draft(demo["THCS-BENTHUY"], scan=False)
    version = draft.latest_version
    version.title = "Sửa lén"
    try:
        version.save()
    except ValueError:
        pass
    else:
        raise AssertionError("a version could be changed in place")
    assert DraftVersion.objects.get(pk=version.pk).title == "Khen thưởng học sinh"


def test_submitted_draft_cannot_be_edited(demo, user_client):
    draft = make_draft(demo["THCS-BENTHUY"])
    client = user_client("thcs.bientap")
    client.post(reverse("review:draft_submit", kwargs={"pk": draft.pk}), {"confirm": "1"})  # a block finding
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.SUBMITTED
    client.post(reverse("review:draft_edit", kwargs={"pk": draft.pk}),
                {"title": "Mới", "body": "<p>Mới</p>"})
    assert draft.versions.count() == 1


def test_students_named_needs_parental_consent(demo, user_client):
    client = user_client("thcs.bientap")
    _create(client, demo, names_students="on")
    draft = Draft.objects.get()
    response = client.post(reverse("review:draft_submit", kwargs={"pk": draft.pk}), follow=True)
    assert "đồng ý của cha mẹ" in response.content.decode()
    assert Draft.objects.get().status == DraftStatus.DRAFT
    client.post(reverse("review:draft_edit", kwargs={"pk": draft.pk}), {
        "title": "Khen thưởng học sinh", "body": POST_TEXT, "names_students": "on",
        "parental_consent": "on", "consent_reference": "Phiếu đồng ý số 12/2026"})
    client.post(reverse("review:draft_submit", kwargs={"pk": draft.pk}), {"confirm": "1"})  # a block finding
    assert Draft.objects.get().status == DraftStatus.SUBMITTED


TWO_OF_A_KIND = (
    "<p>Chúc mừng em Lê Thị Hoa, ngày sinh 12/03/2012, và em Trần Văn Nam, ngày sinh 05/09/2011.</p>"
    "<p>Liên hệ cô Lan 0912345678 hoặc thầy Bình 0987654321.</p>"
)


def test_editor_shows_text_never_html_after_a_fix(demo, user_client):
    draft = make_draft(demo["THCS-BENTHUY"])
    cccd = Scan.objects.latest_for(draft.latest_version).findings.get(rule="pii.cccd")
    client = user_client("thcs.bientap")
    client.post(reverse("review:draft_fix", kwargs={"pk": draft.pk}), {"finding": cccd.pk, "action": "mask"})
    edit = client.get(reverse("review:draft_edit", kwargs={"pk": draft.pk}))
    textarea = edit.content.decode().split('name="body"', 1)[1].split("</textarea>", 1)[0]
    assert "&lt;p&gt;" not in textarea and "<p>" not in textarea
    assert "Chúc mừng em Lê Thị Hoa lớp 8A đạt giải nhất cuộc thi viết thư." in textarea
    # saving what the editor shows keeps the paragraphs
    body = edit.context["form"].initial["body"]
    client.post(reverse("review:draft_edit", kwargs={"pk": draft.pk}),
                {"title": "Khen thưởng học sinh", "body": body.replace("Nhà trường", "Ban giám hiệu")})
    latest = Draft.objects.get(pk=draft.pk).latest_version
    assert latest.body_html.count("<p>") == 3 and "Ban giám hiệu" in latest.body_text
    assert "&lt;" not in latest.body_html


def test_plain_text_marks_become_formatting(demo, user_client):
    client = user_client("thcs.bientap")
    _create(client, demo, body="Chào **các em**\n\n- Một\n- Hai [trường](https://thcsbenthuy.edu.vn)\nGõ <script>x</script>")
    version = DraftVersion.objects.get()
    assert "<p>Chào <strong>các em</strong></p><ul><li>Một</li><li>Hai <a href=\"https://thcsbenthuy.edu.vn\"" in version.body_html
    assert "<script>" not in version.body_html


def test_one_action_masks_every_finding_of_a_kind(demo, user_client):
    draft = make_draft(demo["THCS-BENTHUY"], body=TWO_OF_A_KIND)
    findings = Scan.objects.latest_for(draft.latest_version).findings.all()
    phones = [f for f in findings if f.rule == "pii.phone"]
    births = [f for f in findings if f.rule == "pii.date_of_birth"]
    assert len(phones) == 2 and len(births) == 2
    client = user_client("thcs.bientap")
    partial = client.get(reverse("review:draft_findings", kwargs={"pk": draft.pk})).content.decode()
    assert "Che tất cả ngày sinh (2)" in partial and "Che tất cả số điện thoại (2)" in partial
    response = client.post(reverse("review:draft_fix", kwargs={"pk": draft.pk}),
                           {"action": "mask_all", "rule": "pii.date_of_birth"}, follow=True)
    assert "Đã che tất cả ngày sinh (2 chỗ)" in response.content.decode()
    latest = Draft.objects.get(pk=draft.pk).latest_version
    assert draft.versions.count() == 2
    assert "12/03/2012" not in latest.body_text and "05/09/2011" not in latest.body_text
    assert "0912345678" in latest.body_text  # other kinds untouched
    assert latest.body_html.startswith("<p>") and latest.body_html.count("<p>") == 2
    # an unknown kind or a stale page changes nothing
    client.post(reverse("review:draft_fix", kwargs={"pk": draft.pk}), {"action": "mask_all", "rule": "pii.nothing"})
    assert draft.versions.count() == 2


def _visible(page: str) -> str:
    """What a person reads: the text between tags (hidden form values are not shown)."""
    return re.sub(r"<[^>]+>", " ", page)


def test_people_never_see_rule_ids_or_offsets(demo, user_client):
    draft = make_draft(demo["THCS-BENTHUY"], body=TWO_OF_A_KIND + "<p>Đồ ngu, im mồm đi.</p>")
    client = user_client("thcs.bientap")
    page = _visible(client.get(reverse("review:draft_detail", kwargs={"pk": draft.pk})).content.decode())
    for leak in ("pii.", "lexicon.", "ký tự ", "Quy tắc:"):
        assert leak not in page, leak
    assert "Vì sao cần sửa:" in page and page.count("Luật Trẻ em 2016") == 1  # once per kind, not per finding
    from mangxanh.scanning.models import QuickCheck

    client.post("/kiem-tra-nhanh/", {"text": "Đồ ngu. CCCD 036211004567, ngày sinh 12/03/2012."})
    run_pending_scans()
    check = QuickCheck.objects.get()
    result = client.get(f"/kiem-tra-nhanh/{check.pk}/ket-qua/").content.decode()
    assert "<mark" in result
    result = _visible(result)
    for leak in ("pii.", "lexicon.", "ký tự ", "Quy tắc:"):
        assert leak not in result, leak
    assert "số căn cước (CCCD)" in result
