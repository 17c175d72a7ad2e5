"""The leaderboard: participation rate (distinct pupils / roster) and average score per school, rolled up."""

from __future__ import annotations

from mangxanh.learning import quizzes as flow
from mangxanh.learning import stats
from mangxanh.learning.models import ClassCode, Roster


def test_participation_and_average_roll_up_the_tree(quiz_setup, demo):
    quiz, _ = quiz_setup
    ClassCode.objects.create(quiz=quiz, unit=demo["THCS-HONGSON"], class_name="9B", code="HS9B26")
    Roster.objects.create(unit=demo["THCS-BENTHUY"], pupils=4)
    Roster.objects.create(unit=demo["THCS-HONGSON"], pupils=10)
    # Bến Thủy: An twice (counted once), Bình once; Hồng Sơn: Chi once; an unfinished attempt does not count.
    for code, name, right in (("TEST8A", "An", 5), ("TEST8A", "an", 3), ("TEST8A", "Bình", 0), ("HS9B26", "Chi", 4)):
        attempt = flow.start_with_code(code, name)
        for position in range(1, 6):
            flow.answer(attempt, position, [1 if position <= right else 0])
        flow.finish(attempt)
    flow.start_with_code("HS9B26", "Dũng")
    board = stats.leaderboard(demo["SGD-SL"], quiz)
    bt, hs = board[demo["THCS-BENTHUY"].pk], board[demo["THCS-HONGSON"].pk]
    assert (bt["people"], bt["pupils"], bt["participation"]) == (2, 4, 50.0)
    assert bt["average"] == round((100 + 60 + 0) / 3, 1)
    assert (hs["people"], hs["participation"], hs["average"]) == (1, 10.0, 80.0)
    commune = board[demo["XA-BENTHUY"].pk]
    assert (commune["people"], commune["pupils"]) == (2, 4)
    province = board[demo["SGD-SL"].pk]
    assert (province["people"], province["pupils"], province["n"]) == (3, 14, 4)
    assert province["average"] == round((100 + 60 + 0 + 80) / 4, 1)
    rows = stats.school_rows(demo["SGD-SL"], quiz)
    assert rows[0]["unit"].code == "THCS-BENTHUY"


def test_staff_trying_a_pupils_quiz_do_not_count_as_pupils(quiz_setup, demo, user_client):
    quiz, _ = quiz_setup
    Roster.objects.create(unit=demo["THCS-BENTHUY"], pupils=10, staff=5)
    client = user_client("thcs.giaovien")
    from django.urls import reverse

    client.post(reverse("learning:quiz_start", kwargs={"pk": quiz.pk}))
    attempt = quiz.attempts.get()
    assert not attempt.is_pupil
    flow.finish(attempt)
    assert stats.leaderboard(demo["SGD-SL"], quiz)[demo["THCS-BENTHUY"].pk]["people"] == 0
    assert stats.participation(demo["THCS-BENTHUY"], group="staff") == 20.0


def test_a_thcs_quiz_is_rated_over_schools_teaching_thcs_only(quiz_setup, demo):
    quiz, _ = quiz_setup
    Roster.objects.create(unit=demo["THCS-BENTHUY"], pupils=10)
    Roster.objects.create(unit=demo["TH-BENTHUY"], pupils=90)  # a primary school: not in a THCS quiz
    attempt = flow.start_with_code("TEST8A", "An")
    flow.finish(attempt)
    board = stats.leaderboard(demo["SGD-SL"], quiz)
    assert board[demo["XA-BENTHUY"].pk]["pupils"] == 10
    assert board[demo["XA-BENTHUY"].pk]["participation"] == 10.0
    codes = {row["unit"].code for row in stats.school_rows(demo["SGD-SL"], quiz)}
    assert "THCS-HONGSON" in codes and "LC-HUNGLOC" in codes and "TH-BENTHUY" not in codes
    assert stats.leaderboard(demo["TH-BENTHUY"], quiz)[demo["TH-BENTHUY"].pk]["people"] == 0
