"""Taking a quiz: class code without an account, one POST per answer, server-side time limit, finish once."""

from __future__ import annotations

import datetime as dt

from django.test import Client
from django.urls import reverse
from django.utils import timezone

from mangxanh.learning import quizzes as flow
from mangxanh.learning.models import Attempt


def _enter(client: Client, code="TEST8A", name="Nguyễn Văn An", class_name="8A"):
    return client.post(reverse("learning:class_entry"), {"code": code, "name": name, "class_name": class_name})


def _answer(client, attempt, position, *choices, json=False):
    headers = {"HTTP_ACCEPT": "application/json"} if json else {}
    return client.post(reverse("learning:attempt_answer", kwargs={"token": attempt.token}),
                       {"position": position, "choice": [str(c) for c in choices]}, **headers)


def test_pupil_enters_with_a_class_code_and_gets_a_random_draw(quiz_setup, demo):
    quiz, code = quiz_setup
    client = Client()
    response = _enter(client)
    attempt = Attempt.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(attempt.token + "/")
    assert attempt.unit == demo["THCS-BENTHUY"] and attempt.user is None and attempt.is_pupil
    assert attempt.class_name == "8A" and attempt.items.count() == quiz.question_count == 5
    page = client.get(response["Location"])
    assert page.status_code == 200 and "Câu 5." in page.content.decode()


def test_wrong_code_and_missing_name_are_refused(quiz_setup):
    assert _enter(Client(), code="KHONGCO").status_code == 400
    assert _enter(Client(), name=" ").status_code == 400
    assert not Attempt.objects.exists()


def test_each_answer_is_saved_at_once_and_survives_a_new_session(quiz_setup):
    client = Client()
    _enter(client)
    attempt = Attempt.objects.get()
    response = _answer(client, attempt, 1, 1, json=True)
    assert response.json() == {"ok": True}
    item = attempt.items.get(position=1)
    assert item.selected == [1] and item.is_correct and item.answered_at
    # The connection drops; the same pupil comes back later with the same browser session.
    page = client.get(reverse("learning:attempt", kwargs={"token": attempt.token})).content.decode()
    assert "đã trả lời 1/5" in page


def test_someone_else_cannot_open_or_answer_the_attempt(quiz_setup):
    owner = Client()
    _enter(owner)
    attempt = Attempt.objects.get()
    stranger = Client()
    assert stranger.get(reverse("learning:attempt", kwargs={"token": attempt.token})).status_code == 404
    assert _answer(stranger, attempt, 1, 1).status_code == 404
    assert not attempt.items.filter(answered_at__isnull=False).exists()


def test_finishing_twice_grades_once(quiz_setup):
    client = Client()
    _enter(client)
    attempt = Attempt.objects.get()
    for position in range(1, 6):
        _answer(client, attempt, position, 1 if position <= 3 else 0)
    finish = reverse("learning:attempt_finish", kwargs={"token": attempt.token})
    client.post(finish)
    first = Attempt.objects.get()
    assert (first.correct_count, first.score, first.passed) == (3, 60.0, True)
    # A late answer and a second "nộp bài" (double tap, retry) change nothing.
    assert _answer(client, attempt, 4, 1, json=True).status_code == 409
    client.post(finish)
    again = Attempt.objects.get()
    assert (again.finished_at, again.correct_count, again.score) == (first.finished_at, 3, 60.0)


def test_time_limit_is_enforced_on_the_server(quiz_setup):
    client = Client()
    _enter(client)
    attempt = Attempt.objects.get()
    _answer(client, attempt, 1, 1)
    now = timezone.now()
    attempt.items.filter(position=1).update(answered_at=now - dt.timedelta(seconds=10))
    Attempt.objects.filter(pk=attempt.pk).update(deadline=now - dt.timedelta(seconds=1))
    response = _answer(client, attempt, 2, 1, json=True)
    assert response.status_code == 409 and "hết giờ" in response.json()["error"]
    # Opening the page after the deadline finishes the attempt with what was saved in time.
    client.get(reverse("learning:attempt", kwargs={"token": attempt.token}))
    attempt.refresh_from_db()
    assert attempt.finished_at is not None and attempt.correct_count == 1


def test_answers_saved_after_the_deadline_do_not_count(quiz_setup, demo):
    quiz, code = quiz_setup
    start = timezone.now()
    attempt = flow.start(quiz, unit=demo["THCS-BENTHUY"], name="Lê Bình", class_name="8A", now=start)
    flow.answer(attempt, 1, [1], now=start + dt.timedelta(minutes=1))
    late = start + dt.timedelta(minutes=quiz.time_limit_minutes + 1)
    try:
        flow.answer(attempt, 2, [1], now=late)
        raise AssertionError("late answer accepted")
    except flow.QuizError:
        pass
    assert flow.finish(attempt, now=late).correct_count == 1


def test_attempt_limit_window_and_bad_choices(quiz_setup, demo):
    quiz, code = quiz_setup
    for _ in range(quiz.max_attempts):
        _enter(Client(), name="Trần Thị Bé")
        flow.finish(Attempt.objects.get(finished_at__isnull=True))
    response = _enter(Client(), name="tran thi  be")  # same pupil, typed differently
    assert response.status_code == 400 and "đủ 2 lượt" in response.content.decode()
    attempt = flow.start_with_code("TEST8A", "Người Thử", "8A")
    for bad in ([7], [0, 1], []):
        try:
            flow.answer(attempt, 1, bad)
            raise AssertionError(f"accepted {bad}")
        except flow.QuizError:
            pass
    quiz.closes_at = timezone.now() - dt.timedelta(minutes=1)
    quiz.save()
    assert _enter(Client(), name="Người Khác").status_code == 400


def test_multiple_choice_needs_every_right_choice(demo):
    from mangxanh.learning.models import Question

    q = Question(kind="multiple", choices=["a", "b", "c"], correct=[0, 2])
    assert q.is_right([2, 0]) and not q.is_right([0]) and not q.is_right([0, 1, 2])


def test_signed_in_staff_take_a_quiz_for_their_unit(demo, user_client):
    from tests.learning.conftest import make_bank, make_quiz

    make_bank(demo["SGD-SL"], audience="staff")
    quiz = make_quiz(demo["SGD-SL"], audience="staff")
    client = user_client("thcs.giaovien")
    response = client.post(reverse("learning:quiz_start", kwargs={"pk": quiz.pk}))
    attempt = Attempt.objects.get()
    assert response["Location"].endswith(attempt.token + "/")
    assert attempt.user.username == "thcs.giaovien" and not attempt.is_pupil
    assert client.get(response["Location"]).status_code == 200


def test_a_pupil_who_lost_the_session_carries_on_with_the_same_attempt(quiz_setup):
    first = Client()
    _enter(first)
    attempt = Attempt.objects.get()
    _answer(first, attempt, 1, 1)
    # The phone's browser was closed: a new session, the same code, name and class.
    again = Client()
    response = _enter(again, name="nguyen van an")
    assert Attempt.objects.count() == 1
    assert response["Location"].endswith(attempt.token + "/")
    page = again.get(response["Location"]).content.decode()
    assert "đã trả lời 1/5" in page
