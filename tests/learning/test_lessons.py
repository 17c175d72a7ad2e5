"""The library: versions scanned through mangxanh.scanning, block verdicts not published, shared down the tree."""

from __future__ import annotations

from django.urls import reverse

from mangxanh.learning import lessons as flow
from mangxanh.learning.models import Lesson, LessonStatus
from mangxanh.scanning.models import Scan
from tests.learning.conftest import run_pending_scans, user

BLOCKED = "Bán ma túy đá giá rẻ, liên hệ Zalo 0912345678"


def _lesson(unit, body="Không chia sẻ mã OTP cho bất kỳ ai.", title="Bài thử"):
    lesson = Lesson(unit=unit, audience="thcs", topic="scams")
    flow.save_lesson(lesson, user("so.lanhdao"), title, body)
    return lesson


def test_each_save_is_a_new_version_with_its_own_scan(demo):
    lesson = _lesson(demo["SGD-SL"])
    flow.save_lesson(lesson, user("so.lanhdao"), "Bài thử", "Nội dung mới **quan trọng**")
    assert lesson.version == 2
    assert list(lesson.versions.values_list("number", flat=True)) == [1, 2]
    assert Scan.objects.filter(object_id__in=[str(v.pk) for v in lesson.versions.all()]).count() == 2
    assert "<strong>quan trọng</strong>" in lesson.body_html


def test_pending_scan_blocks_publishing_then_clean_text_publishes(demo):
    lesson = _lesson(demo["SGD-SL"])
    try:
        flow.publish(lesson, None)
        raise AssertionError("published before the scan")
    except flow.LessonError as exc:
        assert "quét" in str(exc)
    run_pending_scans()
    flow.publish(lesson, None)
    lesson.refresh_from_db()
    assert lesson.status == LessonStatus.PUBLISHED and lesson.published_version == 1


def test_block_verdict_cannot_be_published(demo, user_client):
    lesson = _lesson(demo["SGD-SL"], body=BLOCKED)
    run_pending_scans()
    assert flow.latest_scan(lesson).verdict == "block"
    response = user_client("so.lanhdao").post(reverse("learning:lesson_publish", kwargs={"pk": lesson.pk}))
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.status == LessonStatus.DRAFT
    assert client_get_public(lesson).status_code == 404


def client_get_public(lesson):
    from django.test import Client

    return Client().get(reverse("learning:lesson_detail", kwargs={"pk": lesson.pk}))


def test_html_is_sanitised(demo):
    lesson = _lesson(demo["SGD-SL"], body='<p>Chào</p><script>alert(1)</script><a href="javascript:x()">x</a>')
    assert "<script" not in lesson.body_html and "javascript:" not in lesson.body_html


def test_published_lessons_are_shared_down_not_sideways(demo, user_client):
    so_lesson = _lesson(demo["SGD-SL"], title="Bài của Sở")
    neighbour = Lesson(unit=demo["THCS-HONGSON"], audience="thcs", topic="scams")
    flow.save_lesson(neighbour, user("hongson.bientap"), "Bài của Hồng Sơn", "Nội dung trường bạn")
    run_pending_scans()
    flow.publish(so_lesson, None)
    flow.publish(neighbour, None)
    page = user_client("thcs.giaovien").get(reverse("learning:library")).content.decode()
    assert "Bài của Sở" in page and "Bài của Hồng Sơn" not in page


def test_editing_is_scoped_and_publishing_needs_a_leader_or_reviewer(demo, user_client):
    lesson = _lesson(demo["THCS-BENTHUY"])
    run_pending_scans()
    edit = reverse("learning:lesson_edit", kwargs={"pk": lesson.pk})
    assert user_client("thcs.bientap").get(edit).status_code == 200
    assert user_client("hongson.bientap").get(edit).status_code == 404
    publish = reverse("learning:lesson_publish", kwargs={"pk": lesson.pk})
    assert user_client("thcs.bientap").post(publish).status_code == 403
    user_client("thcs.duyet").post(publish)
    assert Lesson.objects.get(pk=lesson.pk).is_published


def test_editing_a_published_lesson_needs_a_new_scan_and_publication(demo, user_client):
    lesson = _lesson(demo["THCS-BENTHUY"])
    run_pending_scans()
    flow.publish(lesson, None)
    response = user_client("thcs.bientap").post(reverse("learning:lesson_edit", kwargs={"pk": lesson.pk}), {
        "title": "Bài thử", "audience": "thcs", "topic": "scams", "body": BLOCKED})
    assert response.status_code == 302
    lesson.refresh_from_db()
    assert lesson.status == LessonStatus.DRAFT and lesson.version == 2
    assert client_get_public(lesson).status_code == 404
