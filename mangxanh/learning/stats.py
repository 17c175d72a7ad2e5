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


# --- "100 % of staff and pupils informed", computed ------------------------------------------------

def _own_informed(root: Unit, start=None, end=None) -> dict[int, dict[str, int]]:
    """Per unit of root's subtree: pupils and staff reached by the learning work in the period.

    A person is reached by a finished quiz attempt, a pledge signature (online or on paper) or, for
    staff, attendance at a training session of their unit. The same people often do several of
    these, so a unit's figure is the largest of its counts per group, never their sum (no one is
    counted twice; the figure can only understate)."""
    reached: dict[int, dict[str, int]] = defaultdict(lambda: {"pupils": 0, "staff": 0})

    def keep(unit_id: int, group: str, n: int) -> None:
        reached[unit_id][group] = max(reached[unit_id][group], n or 0)

    attempts = _dates(Attempt.objects.filter(unit__path__startswith=root.path, finished_at__isnull=False),
                      "finished_at__date", start, end)
    for row in attempts.values("unit_id", "is_pupil").annotate(n=Count("name_key", distinct=True)):
        keep(row["unit_id"], "pupils" if row["is_pupil"] else "staff", row["n"])
    signed: dict[tuple[int, str], int] = defaultdict(int)
    online = _dates(PledgeSignature.objects.filter(unit__path__startswith=root.path), "signed_at__date", start, end)
    for row in online.values("unit_id", "role").annotate(n=Count("pk")):
        signed[(row["unit_id"], row["role"])] += row["n"]
    paper = _dates(PaperSignatures.objects.filter(unit__path__startswith=root.path), "recorded_at__date", start, end)
    for row in paper.values("unit_id", "role").annotate(n=Sum("count")):
        signed[(row["unit_id"], row["role"])] += row["n"] or 0
    for (unit_id, role), n in signed.items():
        if role in ("pupil", "staff"):
            keep(unit_id, "pupils" if role == "pupil" else "staff", n)
    attended = _dates(Attendance.objects.filter(session__unit__path__startswith=root.path, session__audience="staff"),
                      "session__held_on", start, end)
    for row in attended.values("session__unit_id").annotate(n=Count("name_key", distinct=True)):
        keep(row["session__unit_id"], "staff", row["n"])
    return reached


def informed_rows(root: Unit, units: list[Unit], start=None, end=None) -> list[dict]:
    """For each of units (inside root's subtree): people reached and rosters, rolled up over its subtree."""
    own = _own_informed(root, start, end)
    paths = dict(Unit.objects.filter(path__startswith=root.path).values_list("pk", "path"))
    rosters = {r["unit_id"]: r for r in Roster.objects.filter(unit__path__startswith=root.path).values(
        "unit_id", "pupils", "staff")}
    rows = []
    for unit in units:
        inside = [pk for pk, path in paths.items() if path.startswith(unit.path)]
        pupils = sum(own[pk]["pupils"] for pk in inside if pk in own)
        staff = sum(own[pk]["staff"] for pk in inside if pk in own)
        roster_pupils = sum(rosters[pk]["pupils"] for pk in inside if pk in rosters)
        roster_staff = sum(rosters[pk]["staff"] for pk in inside if pk in rosters)
        # More signatures than the roster (a visitor signing, a stale roster) must not make up for
        # the other group: each group counts at most its own head count, when that is known.
        pupils = min(pupils, roster_pupils) if roster_pupils else pupils
        staff = min(staff, roster_staff) if roster_staff else staff
        rows.append({
            "unit": unit, "pupils": pupils, "staff": staff, "roster_pupils": roster_pupils,
            "roster_staff": roster_staff, "pupils_percent": share(pupils, roster_pupils),
            "staff_percent": share(staff, roster_staff),
            "percent": share(pupils + staff, roster_pupils + roster_staff),
        })
    return rows


def informed(unit: Unit, start=None, end=None, group: str = "all") -> float:
    """% of the roster reached (pupils, staff or both): the computed "100 % informed" figure."""
    row = informed_rows(unit, [unit], start, end)[0]
    return {"pupils": row["pupils_percent"], "staff": row["staff_percent"]}.get(group, row["percent"])


def summaries(root: Unit, units: list[Unit], start=None, end=None) -> dict[int, dict]:
    """unit_summary() for many units of root's subtree at once: one grouped query per figure over the
    subtree, rolled up by path (the numbers page of a Sở with 1,000 schools needs this)."""
    by_unit: dict[int, dict] = defaultdict(lambda: defaultdict(float))
    finished = _finished(root, start, end)
    for row in finished.values("unit_id", "is_pupil").annotate(
            people=Count("name_key", distinct=True), n=Count("pk"), ok=Count("pk", filter=Q(passed=True))):
        own = by_unit[row["unit_id"]]
        own["people_pupils" if row["is_pupil"] else "people_staff"] += row["people"]
        own["attempts"] += row["n"]
        own["passed"] += row["ok"]
    for row in Roster.objects.filter(unit__path__startswith=root.path).values("unit_id", "pupils", "staff"):
        by_unit[row["unit_id"]]["roster_pupils"] += row["pupils"]
        by_unit[row["unit_id"]]["roster_staff"] += row["staff"]
    within = {"unit__path__startswith": root.path}
    for row in PledgeSignature.objects.filter(**within).values("unit_id").annotate(n=Count("pk")):
        by_unit[row["unit_id"]]["signed"] += row["n"]
    for row in PaperSignatures.objects.filter(**within).values("unit_id").annotate(n=Sum("count")):
        by_unit[row["unit_id"]]["signed"] += row["n"] or 0
    for row in PledgeTarget.objects.filter(**within).values("unit_id").annotate(n=Sum("expected")):
        by_unit[row["unit_id"]]["expected"] += row["n"] or 0
    sessions = _dates(TrainingSession.objects.filter(**within), "held_on", start, end)
    for row in sessions.values("unit_id").annotate(n=Count("pk")):
        by_unit[row["unit_id"]]["trainings"] += row["n"]
    attended = _dates(Attendance.objects.filter(session__unit__path__startswith=root.path), "session__held_on", start,
                      end)
    for row in attended.values("session__unit_id").annotate(n=Count("pk")):
        by_unit[row["session__unit_id"]]["attended"] += row["n"]
    paths = dict(Unit.objects.filter(path__startswith=root.path, pk__in=list(by_unit)).values_list("pk", "path"))
    result = {}
    for unit in units:
        total: dict[str, float] = defaultdict(float)
        for pk, path in paths.items():
            if path.startswith(unit.path):
                for key, value in by_unit[pk].items():
                    total[key] += value
        result[unit.pk] = {
            "participation_pupils": share(total["people_pupils"], total["roster_pupils"]),
            "participation_staff": share(total["people_staff"], total["roster_staff"]),
            "pass_rate": share(total["passed"], total["attempts"]),
            "pledge_signed": share(total["signed"], total["expected"]),
            "trainings_held": int(total["trainings"]),
            "trainings_attended": int(total["attended"]),
        }
    return result
