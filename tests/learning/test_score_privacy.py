"""Scores of minors: their school's staff and the quiz's organiser only; others get numbers, not names."""

from __future__ import annotations

from django.test import Client
from django.urls import reverse

from mangxanh.learning import quizzes as flow
from mangxanh.learning.models import ClassCode


def _pupils_finish(quiz, demo):
    hongson = ClassCode.objects.create(quiz=quiz, unit=demo["THCS-HONGSON"], class_name="9B", code="HS9B26")
    for code, name in (("TEST8A", "Phạm Minh Khôi"), (hongson.code, "Đinh Thu Trang")):
        attempt = flow.start_with_code(code, name)
        flow.answer(attempt, 1, [1])
        flow.finish(attempt)


def test_school_staff_see_only_their_own_pupils(quiz_setup, demo, user_client):
    quiz, _ = quiz_setup
    _pupils_finish(quiz, demo)
    url = reverse("learning:quiz_detail", kwargs={"pk": quiz.pk})
    benthuy = user_client("thcs.giaovien").get(url).content.decode()
    assert "Phạm Minh Khôi" in benthuy and "Đinh Thu Trang" not in benthuy
    hongson = user_client("hongson.duyet").get(url).content.decode()
    assert "Đinh Thu Trang" in hongson and "Phạm Minh Khôi" not in hongson


def test_organiser_sees_everyone_and_the_commune_sees_numbers_only(quiz_setup, demo, user_client):
    quiz, _ = quiz_setup
    _pupils_finish(quiz, demo)
    url = reverse("learning:quiz_detail", kwargs={"pk": quiz.pk})
    organiser = user_client("so.lanhdao").get(url).content.decode()
    assert "Phạm Minh Khôi" in organiser and "Đinh Thu Trang" in organiser
    commune = user_client("xa.benthuy").get(url).content.decode()
    assert "Phạm Minh Khôi" not in commune and "Đinh Thu Trang" not in commune
    board = user_client("xa.benthuy").get(reverse("learning:leaderboard", kwargs={"pk": quiz.pk})).content.decode()
    assert "THCS Bến Thủy" in board and "Phạm Minh Khôi" not in board


def test_a_pupil_without_an_account_sees_only_their_own_result(quiz_setup, demo):
    quiz, _ = quiz_setup
    mine, other = Client(), Client()
    mine.post(reverse("learning:class_entry"), {"code": "TEST8A", "name": "Hà My", "class_name": "8A"})
    other.post(reverse("learning:class_entry"), {"code": "TEST8A", "name": "Vũ Nam", "class_name": "8A"})
    tokens = mine.session["learning_attempts"]
    page = mine.get(reverse("learning:attempt", kwargs={"token": tokens[0]})).content.decode()
    assert "Hà My" in page and "Vũ Nam" not in page
    other_token = other.session["learning_attempts"][0]
    assert mine.get(reverse("learning:attempt", kwargs={"token": other_token})).status_code == 404
