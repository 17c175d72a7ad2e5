"""Contests: rounds are quizzes; one leaderboard over all rounds; individual results (best per round) for the organiser."""

from __future__ import annotations

from django.urls import reverse

from mangxanh.learning import quizzes as flow
from mangxanh.learning import stats
from mangxanh.learning.models import ClassCode, Contest, Quiz, Roster
from tests.learning.conftest import make_quiz


def _play(code, name, right):
    attempt = flow.start_with_code(code, name)
    for position in range(1, right + 1):
        flow.answer(attempt, position, [1])
    return flow.finish(attempt)


def test_contest_rounds_leaderboard_and_results(quiz_setup, demo, user_client):
    first, _ = quiz_setup
    contest = Contest.objects.create(unit=demo["SGD-SL"], title="Cuộc thi tìm hiểu an toàn mạng 2026")
    second = make_quiz(demo["SGD-SL"], title="Vòng 2", round_number=2, contest=contest)
    Quiz.objects.filter(pk=first.pk).update(contest=contest)
    ClassCode.objects.create(quiz=second, unit=demo["THCS-BENTHUY"], class_name="8A", code="VONG2A")
    Roster.objects.create(unit=demo["THCS-BENTHUY"], pupils=10)
    _play("TEST8A", "Ngô Bảo", 3)   # 60
    _play("TEST8A", "Ngô Bảo", 5)   # 100, best of round 1
    _play("VONG2A", "Ngô Bảo", 4)   # 80
    _play("VONG2A", "Lý Hà", 1)     # 20
    results = stats.contest_results(contest, contest.rounds.first().attempts.model.objects.all())
    assert [(r["name"], r["rounds"], r["total"]) for r in results] == [
        ("Ngô Bảo", {1: 100.0, 2: 80.0}, 180.0), ("Lý Hà", {2: 20.0}, 20.0)]
    board = stats.leaderboard(demo["SGD-SL"], contest=contest)[demo["THCS-BENTHUY"].pk]
    assert (board["people"], board["participation"], board["n"]) == (2, 20.0, 4)
    url = reverse("learning:contest_detail", kwargs={"pk": contest.pk})
    organiser = user_client("so.lanhdao").get(url).content.decode()
    assert "Ngô Bảo" in organiser and "Vòng 2" in organiser
    neighbour = user_client("hongson.duyet").get(url).content.decode()
    assert "Ngô Bảo" not in neighbour and "Cuộc thi tìm hiểu" in neighbour


def test_organiser_creates_a_contest_and_adds_a_round(demo, user_client):
    client = user_client("so.lanhdao")
    client.post(reverse("learning:contest_create"), {"title": "Cuộc thi Sở", "description": "Thể lệ"})
    contest = Contest.objects.get()
    response = client.post(reverse("learning:quiz_create"), {
        "title": "Vòng 1", "contest": contest.pk, "round_number": "1", "audience": "thcs", "topic": "",
        "question_count": "10", "time_limit_minutes": "15", "max_attempts": "1", "pass_percent": "50",
        "opens_at": "2026-12-10T08:00", "closes_at": "2026-12-20T08:00", "is_published": "on"})
    assert response.status_code == 302 and contest.rounds.get().title == "Vòng 1"
    assert user_client("thcs.giaovien").post(reverse("learning:contest_create"), {"title": "X"}).status_code == 302
    other = Contest.objects.exclude(pk=contest.pk).get()
    assert other.unit == demo["THCS-BENTHUY"]
    # A round may only join a contest of the organiser's own unit.
    user_client("thcs.giaovien").post(reverse("learning:quiz_create"), {
        "title": "Lạc", "contest": contest.pk, "round_number": "1", "audience": "thcs", "topic": "",
        "question_count": "10", "time_limit_minutes": "15", "max_attempts": "1", "pass_percent": "50",
        "opens_at": "2026-12-10T08:00", "closes_at": "2026-12-20T08:00"})
    assert not Quiz.objects.filter(title="Lạc").exists()
