"""Menu entries and the functions the learning app offers to plans' indicator formulas."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from mangxanh.core.home import Panel, PanelItem
from mangxanh.core.navigation import NavEntry
from mangxanh.org import rules


def _member(request) -> bool:
    return bool(rules.memberships(getattr(request, "user", None)))


NAV_ENTRIES = [
    NavEntry("Học tập", "learning:library", _member, order=50),
    NavEntry("Cam kết", "learning:pledge_list", _member, order=51),
]


def learning_panel(request) -> Panel | None:
    """Open quizzes and pledges shared with the person's current unit, with its signed % when below 80."""
    from mangxanh.learning import pledges, quizzes
    from mangxanh.learning.lessons import shared_with
    from mangxanh.learning.models import Pledge

    unit = getattr(request, "unit", None)
    if unit is None or not getattr(request.user, "is_authenticated", False):
        return None
    now = timezone.now()
    items = [PanelItem(f"Đang mở: {quiz.title[:90]} (đến {timezone.localtime(quiz.closes_at):%d/%m/%Y})",
                       reverse("learning:quiz_detail", args=[quiz.pk]))
             for quiz in quizzes.quizzes_for(unit).filter(is_published=True, opens_at__lte=now, closes_at__gt=now)[:5]]
    for pledge in Pledge.objects.filter(shared_with(unit), is_published=True)[:5]:
        numbers = pledges.signed_numbers(pledge, unit)
        if numbers["percent"] is not None and numbers["percent"] < 80:
            items.append(PanelItem(f"Cam kết «{pledge.title[:80]}»: mới ký {numbers['percent']}%",
                                   reverse("learning:pledge_detail", args=[pledge.pk]), urgent=True))
    if not items:
        return None
    return Panel("Học tập và cam kết", items, order=45)


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
