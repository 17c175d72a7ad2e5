"""Menu entries and the functions the learning app offers to plans' indicator formulas."""

from __future__ import annotations

from mangxanh.core.navigation import NavEntry
from mangxanh.org import rules


def _member(request) -> bool:
    return bool(rules.memberships(getattr(request, "user", None)))


NAV_ENTRIES = [
    NavEntry("Học tập", "learning:library", _member, order=50),
    NavEntry("Cam kết", "learning:pledge_list", _member, order=51),
]


def _period_params() -> dict:
    from mangxanh.plans.formula import PERIODS

    return {"period": PERIODS}


def register_formula_functions() -> None:
    """learning_participation(group=pupils), learning_pass_rate(), pledge_signed(pledge=3),
    count_trainings(), count_training_attendance() — each over the unit's subtree and period."""
    from mangxanh.learning import stats
    from mangxanh.plans import formula

    period = _period_params()
    formula.register_function(
        "learning_participation", {"group": ("pupils", "staff"), **period},
        lambda call, unit, start, end: stats.participation(unit, start, end, call.arg("group", "pupils")))
    formula.register_function(
        "learning_pass_rate", period, lambda call, unit, start, end: stats.pass_rate(unit, start, end))
    formula.register_function(
        "pledge_signed", {"pledge": "int"}, lambda call, unit, start, end: stats.pledge_signed(
            unit, call.arg("pledge", None)))
    formula.register_function(
        "count_trainings", period, lambda call, unit, start, end: stats.trainings_held(unit, start, end))
    formula.register_function(
        "count_training_attendance", period,
        lambda call, unit, start, end: stats.trainings_attended(unit, start, end))
