"""Learning numbers feed plans' indicator formulas (registered functions), per unit and rolled up."""

from __future__ import annotations

import datetime as dt

import pytest

from mangxanh.learning import quizzes as flow
from mangxanh.learning.models import (
    Attendance,
    Pledge,
    PledgeSignature,
    PledgeTarget,
    Roster,
    TrainingSession,
)
from mangxanh.plans import formula


def test_formulas_use_participation_pass_rate_pledges_and_trainings(quiz_setup, demo):
    quiz, _ = quiz_setup
    Roster.objects.create(unit=demo["THCS-BENTHUY"], pupils=4, staff=2)
    for name, right in (("An", 5), ("Bình", 1)):
        attempt = flow.start_with_code("TEST8A", name)
        for position in range(1, right + 1):
            flow.answer(attempt, position, [1])
        flow.finish(attempt)
    pledge = Pledge.objects.create(unit=demo["SGD-SL"], title="Cam kết", text="…")
    PledgeTarget.objects.create(pledge=pledge, unit=demo["THCS-BENTHUY"], expected=10)
    PledgeSignature.objects.create(pledge=pledge, unit=demo["THCS-BENTHUY"], name="A", role="staff")
    session = TrainingSession.objects.create(unit=demo["THCS-BENTHUY"], title="T", held_on=dt.date.today(),
                                             audience="staff", presenter="P")
    Attendance.objects.create(session=session, name="A", name_key="a")
    school, province = demo["THCS-BENTHUY"], demo["SGD-SL"]
    assert formula.evaluate("learning_participation(group=pupils)", school) == 50.0
    assert formula.evaluate("learning_pass_rate()", province) == 50.0
    assert formula.evaluate(f"pledge_signed(pledge={pledge.pk})", province) == 10.0
    assert formula.evaluate("count_trainings() + count_training_attendance()", demo["XA-BENTHUY"]) == 2
    assert formula.evaluate("count_trainings(period=all)", demo["XA-HONGSON"]) == 0


@pytest.mark.parametrize("bad", ["learning_participation(group=parents)", "pledge_signed(pledge=x)",
                                 "count_trainings(type=any)"])
def test_bad_arguments_are_refused_like_built_in_functions(bad):
    with pytest.raises(formula.FormulaError):
        formula.parse(bad)
