"""Creating lessons, quizzes and pledges through the screens, with bad input refused."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from mangxanh.learning.models import Lesson, Pledge, Quiz, Roster


def test_editor_writes_a_lesson_with_a_file(demo, user_client):
    pdf = SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
                             content_type="application/pdf")
    response = user_client("thcs.bientap").post(reverse("learning:lesson_create"), {
        "title": "Bài của trường", "audience": "parents", "topic": "help", "summary": "",
        "video_url": "https://www.youtube.com/watch?v=abc", "sources": "", "body": "Dòng một\n- mục", "upload": pdf})
    lesson = Lesson.objects.get()
    assert response["Location"] == reverse("learning:lesson_edit", kwargs={"pk": lesson.pk})
    assert lesson.unit == demo["THCS-BENTHUY"] and lesson.attachment_id and lesson.attachment_name == "tai-lieu.pdf"
    assert "<ul><li>mục</li></ul>" in lesson.body_html
    bad = user_client("thcs.bientap").post(reverse("learning:lesson_create"), {
        "title": "", "audience": "parents", "topic": "help", "body": "x"})
    assert bad.status_code == 200 and Lesson.objects.count() == 1


def test_quiz_window_and_limits_are_checked(demo, user_client):
    client = user_client("thcs.hieutruong")
    data = {"title": "Kiểm tra cuối kỳ", "audience": "thcs", "topic": "", "question_count": "10",
            "time_limit_minutes": "15", "max_attempts": "1", "pass_percent": "50",
            "opens_at": "2026-12-10T08:00", "closes_at": "2026-12-09T08:00", "is_published": "on"}
    assert client.post(reverse("learning:quiz_create"), data).status_code == 200
    assert client.post(reverse("learning:quiz_create"), {**data, "closes_at": "2026-12-20T08:00",
                                                         "question_count": "0"}).status_code == 200
    assert not Quiz.objects.exists()
    response = client.post(reverse("learning:quiz_create"), {**data, "closes_at": "2026-12-20T08:00"})
    quiz = Quiz.objects.get()
    assert response["Location"] == reverse("learning:quiz_detail", kwargs={"pk": quiz.pk})
    assert quiz.unit == demo["THCS-BENTHUY"]


def test_pledge_and_roster_need_a_leader(demo, user_client):
    leader, teacher = user_client("thcs.hieutruong"), user_client("thcs.giaovien")
    assert teacher.get(reverse("learning:pledge_create")).status_code == 403
    leader.post(reverse("learning:pledge_create"), {"title": "Giao ước thi đua", "text": "Chúng tôi cam kết…",
                                                    "is_published": "on"})
    assert Pledge.objects.get().unit == demo["THCS-BENTHUY"]
    assert teacher.post(reverse("learning:roster_update"), {"pupils": "500", "staff": "40"}).status_code == 403
    leader.post(reverse("learning:roster_update"), {"pupils": "500", "staff": "40"})
    leader.post(reverse("learning:roster_update"), {"pupils": "nhiều", "staff": "40"})
    roster = Roster.objects.get()
    assert (roster.unit, roster.pupils, roster.staff) == (demo["THCS-BENTHUY"], 500, 40)
