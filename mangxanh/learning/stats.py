"""Numbers for the plans: participation, pass rate, pledges signed, trainings held and attended.

Every figure is a few aggregate queries over a unit's subtree (path prefix); the leaderboard
groups attempts by school in the database and rolls the per-school rows up the tree in Python
(one pass over schools, never over attempts).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.db.models import Avg, Count, Q, Sum

from mangxanh.learning.models import (
    Attempt,
    Attendance,
    PaperSignatures,
    PledgeSignature,
    PledgeTarget,
    Quiz,
    Roster,
    TrainingSession,
)
from mangxanh.org.models import Unit, UnitKind

# Which schools a pupils' quiz is for, by the school level of their unit type.
LEVELS = {
    "mn": ("mam_non",),
    "th": ("tieu_hoc", "lien_cap"),
    "thcs": ("thcs", "lien_cap"),
    "thpt": ("thpt", "lien_cap"),
}


def share(part: float, whole: float) -> float:
    return round(min(100.0, 100.0 * part / whole), 1) if whole else 0.0


def _dates(qs, field: str, start: dt.date | None, end: dt.date | None):
    if start:
        qs = qs.filter(**{f"{field}__gte": start})
    if end:
        qs = qs.filter(**{f"{field}__lte": end})
    return qs


def _finished(unit: Unit, start=None, end=None, pupils: bool | None = None):
    qs = Attempt.objects.filter(unit__path__startswith=unit.path, finished_at__isnull=False)
    if pupils is not None:
        qs = qs.filter(is_pupil=pupils)
    return _dates(qs, "finished_at__date", start, end)


def roster(unit: Unit) -> dict:
    totals = Roster.objects.filter(unit__path__startswith=unit.path).aggregate(pupils=Sum("pupils"),
                                                                               staff=Sum("staff"))
    return {"pupils": totals["pupils"] or 0, "staff": totals["staff"] or 0}


def participants(unit: Unit, start=None, end=None, pupils: bool = True) -> int:
    """Distinct people (unit, class and name) with at least one finished attempt."""
    rows = _finished(unit, start, end, pupils).values("unit_id").annotate(n=Count("name_key", distinct=True))
    return sum(row["n"] for row in rows)


def participation(unit: Unit, start=None, end=None, group: str = "pupils") -> float:
    """% of the roster (pupils or staff) who finished at least one quiz attempt."""
    return share(participants(unit, start, end, pupils=group == "pupils"), roster(unit)[group])


def pass_rate(unit: Unit, start=None, end=None) -> float:
    numbers = _finished(unit, start, end).aggregate(n=Count("pk"), ok=Count("pk", filter=Q(passed=True)))
    return share(numbers["ok"], numbers["n"])


def pledge_signed(unit: Unit, pledge_id: int | None = None) -> float:
    within = {"unit__path__startswith": unit.path}
    if pledge_id:
        within["pledge_id"] = pledge_id
    online = PledgeSignature.objects.filter(**within).count()
    paper = PaperSignatures.objects.filter(**within).aggregate(n=Sum("count"))["n"] or 0
    expected = PledgeTarget.objects.filter(**within).aggregate(n=Sum("expected"))["n"] or 0
    return share(online + paper, expected)


def trainings_held(unit: Unit, start=None, end=None) -> int:
    return _dates(TrainingSession.objects.filter(unit__path__startswith=unit.path), "held_on", start, end).count()


def trainings_attended(unit: Unit, start=None, end=None) -> int:
    qs = Attendance.objects.filter(session__unit__path__startswith=unit.path)
    return _dates(qs, "session__held_on", start, end).count()


def unit_summary(unit: Unit, start=None, end=None) -> dict:
    return {
        "participation_pupils": participation(unit, start, end, "pupils"),
        "participation_staff": participation(unit, start, end, "staff"),
        "pass_rate": pass_rate(unit, start, end),
        "pledge_signed": pledge_signed(unit),
        "trainings_held": trainings_held(unit, start, end),
        "trainings_attended": trainings_attended(unit, start, end),
    }


def leaderboard(root: Unit, quiz: Quiz | None = None, contest=None) -> dict[int, dict]:
    """Per unit of root's subtree: participants, roster, participation %, attempts and average score.

    Schools' rows come from one grouped query; parents sum their schools (average weighted by attempts).
    """
    attempts = Attempt.objects.filter(unit__path__startswith=root.path, finished_at__isnull=False)
    if quiz is not None:
        attempts = attempts.filter(quiz=quiz)
    if contest is not None:
        attempts = attempts.filter(quiz__contest=contest)
        quiz = contest.rounds.first()
    # A pupils' quiz is rated over pupils (staff trying it are not counted), a staff quiz over staff.
    pupils = quiz.for_pupils if quiz is not None else True
    attempts = attempts.filter(is_pupil=pupils)
    by_unit = {
        row["unit_id"]: row
        for row in attempts.values("unit_id").annotate(
            people=Count("name_key", distinct=True), n=Count("pk"), total=Sum("score"), avg=Avg("score"))
    }
    levels = LEVELS.get(quiz.audience) if quiz is not None else None
    in_tree = Unit.objects.subtree(root)
    if levels:
        # A THCS quiz is rated over the schools that teach THCS: other schools' rosters are not its denominator.
        in_tree = in_tree.filter(~Q(unit_type__kind=UnitKind.SCHOOL) | Q(unit_type__school_level__in=levels))
    units = list(in_tree.values_list("pk", "path", "unit_type__kind"))
    rosters = dict(Roster.objects.filter(unit__in=[pk for pk, _, _ in units]).values_list(
        "unit_id", "pupils" if pupils else "staff"))
    paths = {pk: path for pk, path, _ in units}
    paths.setdefault(root.pk, root.path)  # a school of another level still gets its (empty) total
    table: dict[str, dict] = defaultdict(lambda: {"people": 0, "pupils": 0, "n": 0, "total": 0.0, "schools": 0})
    for pk, path, kind in units:
        row = by_unit.get(pk)
        own = (row["people"], row["n"], row["total"] or 0.0) if row else (0, 0, 0.0)
        for prefix in Unit.path_prefixes(path, below=root.path):
            entry = table[prefix]
            entry["people"] += own[0]
            entry["n"] += own[1]
            entry["total"] += own[2]
            entry["pupils"] += rosters.get(pk, 0)
            entry["schools"] += kind == UnitKind.SCHOOL
    result = {}
    for pk, path in paths.items():
        entry = table[path]
        result[pk] = {
            **entry,
            "participation": share(entry["people"], entry["pupils"]),
            "average": round(entry["total"] / entry["n"], 1) if entry["n"] else 0.0,
        }
    return result


def school_rows(root: Unit, quiz: Quiz | None = None, board: dict[int, dict] | None = None) -> list[dict]:
    """The leaderboard's schools, best participation then best average first."""
    board = board if board is not None else leaderboard(root, quiz)
    schools = Unit.objects.subtree(root).schools().only("pk", "name",
                                                                                                  "short_name")
    rows = [{"unit": s, **board[s.pk]} for s in schools if s.pk in board]
    rows.sort(key=lambda r: (-r["participation"], -r["average"], r["unit"].name))
    return rows


def contest_results(contest, attempts) -> list[dict]:
    """Per participant (unit, class, name): best score of each round and the total of the bests."""
    rounds = {q.pk: q.round_number for q in contest.rounds.all()}
    best: dict[tuple, dict] = {}
    for a in attempts.filter(finished_at__isnull=False).values(
            "unit__name", "class_name", "name", "name_key", "quiz_id", "score", "unit_id"):
        key = (a["unit_id"], a["name_key"])
        row = best.setdefault(key, {"unit": a["unit__name"], "class_name": a["class_name"], "name": a["name"],
                                    "rounds": {}})
        number = rounds.get(a["quiz_id"])
        row["rounds"][number] = max(row["rounds"].get(number, 0.0), a["score"])
    rows = list(best.values())
    for row in rows:
        row["total"] = round(sum(row["rounds"].values()), 1)
    rows.sort(key=lambda r: (-r["total"], r["name"]))
    return rows
