"""Training sessions: attendance by list or by the session's short code (QR), counted per unit."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse

from mangxanh.learning import stats
from mangxanh.learning.models import Attendance, TrainingSession


def _session(unit, **kw):
    fields = {"title": "Tập huấn an toàn mạng", "held_on": dt.date(2026, 10, 5), "audience": "staff",
              "presenter": "Ông Nguyễn Văn Báo", **kw}
    return TrainingSession.objects.create(unit=unit, **fields)


def test_attendance_by_list_skips_blanks_and_duplicates(demo, user_client):
    session = _session(demo["THCS-BENTHUY"])
    url = reverse("learning:training_attendance", kwargs={"pk": session.pk})
    user_client("thcs.hieutruong").post(url, {"names": "Lê Văn A; Tổ Toán\n\n  \nTrần Thị B\nlê văn a; Tổ Toán\nX"})
    assert sorted(Attendance.objects.values_list("name", flat=True)) == ["Lê Văn A", "Trần Thị B"]
    assert user_client("thcs.giaovien").post(url, {"names": "Người Lạ"}).status_code == 403
    assert user_client("hongson.duyet").post(url, {"names": "Người Lạ"}).status_code == 404
    assert Attendance.objects.count() == 2


def test_check_in_with_the_short_code_without_an_account(demo, user_client):
    session = _session(demo["THCS-BENTHUY"])
    page = Client().get(reverse("learning:check_in") + f"?ma={session.code}")
    assert page.status_code == 200 and session.code in page.content.decode()
    response = Client().post(reverse("learning:check_in"), {"code": session.code.lower(), "name": "Phan Thị Ngọc",
                                                            "workplace": "THCS Bến Thủy"})
    assert response.status_code == 200 and "Đã điểm danh" in response.content.decode()
    assert Attendance.objects.get().by_code
    assert Client().post(reverse("learning:check_in"), {"code": "SAIMA1", "name": "Ai Đó"}).status_code == 400
    session.attendance_open = False
    session.save()
    assert Client().post(reverse("learning:check_in"), {"code": session.code, "name": "Muộn"}).status_code == 400
    qr = user_client("thcs.hieutruong").get(reverse("learning:training_qr", kwargs={"pk": session.pk}))
    assert qr.status_code == 200 and qr["Content-Type"] == "image/svg+xml"


def test_trainings_are_counted_per_unit_and_rolled_up(demo):
    one = _session(demo["THCS-BENTHUY"])
    _session(demo["THCS-HONGSON"])
    _session(demo["SGD-SL"], held_on=dt.date(2025, 1, 5))
    Attendance.objects.create(session=one, name="A", name_key="a")
    Attendance.objects.create(session=one, name="B", name_key="b")
    assert stats.trainings_held(demo["THCS-BENTHUY"]) == 1
    assert stats.trainings_attended(demo["THCS-BENTHUY"]) == 2
    assert stats.trainings_held(demo["XA-BENTHUY"]) == 1
    assert stats.trainings_held(demo["SGD-SL"]) == 3
    assert stats.trainings_held(demo["SGD-SL"], start=dt.date(2026, 1, 1)) == 2


def test_a_leader_creates_a_session_with_a_library_lesson(demo, user_client):
    from mangxanh.learning.models import Lesson

    lesson = Lesson.objects.create(unit=demo["SGD-SL"], title="Bài tập huấn", audience="staff", topic="law",
                                   body_html="<p>x</p>", body_text="x", status="published")
    from tests.learning.conftest import make_quiz

    quiz = make_quiz(demo["SGD-SL"], audience="staff", title="Kiểm tra sau tập huấn")
    response = user_client("thcs.hieutruong").post(reverse("learning:training_create"), {
        "kind": "training", "title": "Tập huấn bảo vệ dữ liệu học sinh", "held_on": "2026-11-20",
        "audience": "staff", "presenter": "Bà Trần Thị Mai", "lesson": lesson.pk, "quiz": quiz.pk})
    session = TrainingSession.objects.get()
    assert session.quiz == quiz
    page = user_client("thcs.hieutruong").get(response["Location"]).content.decode()
    assert "Kiểm tra sau tập huấn" in page
    assert response["Location"] == reverse("learning:training_detail", kwargs={"pk": session.pk})
    assert session.unit == demo["THCS-BENTHUY"] and session.lesson == lesson
    assert user_client("thcs.giaovien").get(reverse("learning:training_create")).status_code == 403
