"""Menu entries and the functions the learning app offers to plans' indicator formulas."""

from __future__ import annotations

from django.urls import reverse
from django.utils import timezone

from mangxanh.core.home import Panel, PanelItem
from mangxanh.core.navigation import NavEntry
from mangxanh.org import permissions, rules


def _member(request) -> bool:
    return bool(rules.memberships(getattr(request, "user", None)))


def _bulletin_people(request) -> bool:
    user = getattr(request, "user", None)
    return bool(permissions.root_units(user, "learning.bulletin_edit"))


NAV_ENTRIES = [
    NavEntry("Học tập", "learning:library", _member, order=50),
    NavEntry("Cam kết", "learning:pledge_list", _member, order=51, more=True),
    NavEntry("Bản tin cảnh báo", "learning:bulletin_list", _bulletin_people, order=52, more=True),
]


def _essay_items(request) -> list[PanelItem]:
    """Entries a juror still has to mark; entries held for an organiser after the scan."""
    from django.db.models import Count, Q

    from mangxanh.learning.essays import is_organiser
    from mangxanh.learning.models import EssayRound, SubmissionStatus

    user = request.user
    items = []
    marking = EssayRound.objects.filter(jurors=user, results_published=False).annotate(
        left=Count("submissions", filter=Q(submissions__status=SubmissionStatus.ACCEPTED)
                   & ~Q(submissions__scores__juror=user), distinct=True))
    for essay_round in marking[:5]:
        if essay_round.left:
            items.append(PanelItem(f"Chấm bài «{essay_round.title[:80]}»: còn {essay_round.left} bài",
                                   reverse("learning:essay_jury", args=[essay_round.pk])))
    held = EssayRound.objects.filter(submissions__status=SubmissionStatus.HELD).annotate(
        held=Count("submissions", filter=Q(submissions__status=SubmissionStatus.HELD), distinct=True)
    ).select_related("contest__unit")
    for essay_round in held[:20]:
        if is_organiser(user, essay_round):
            items.append(PanelItem(f"«{essay_round.title[:80]}»: {essay_round.held} bài bị tạm giữ sau khi quét",
                                   reverse("learning:essay_round", args=[essay_round.pk]), urgent=True))
    return items


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
    items += _essay_items(request)
    if not items:
        return None
    return Panel("Học tập và cam kết", items, order=45)


def _period_params() -> dict:
    from mangxanh.plans.formula import PERIODS

    return {"period": PERIODS}


def register_formula_functions() -> None:
    """learning_participation(group=pupils), learning_informed(group=all), learning_pass_rate(), pledge_signed(pledge=3),
    count_trainings(), count_training_attendance() — each over the unit's subtree and period."""
    from mangxanh.learning import stats
    from mangxanh.plans import formula

    period = _period_params()
    formula.register_function(
        "learning_participation", {"group": ("pupils", "staff"), **period},
        lambda call, unit, start, end: stats.participation(unit, start, end, call.arg("group", "pupils")))
    formula.register_function(
        "learning_informed", {"group": ("all", "pupils", "staff"), **period},
        lambda call, unit, start, end: stats.informed(unit, start, end, call.arg("group", "all")))
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


def _pct(value: float) -> str:
    return f"{value:.1f}".replace(".", ",") + "%"


def report_section(report) -> tuple[str, str] | None:
    """The periodic report's learning section: the unit's figures rolled up, then one line per unit below.

    Computed from quizzes, pledges and training sessions over the report's period; None when the
    unit and its subtree have neither a roster nor any learning activity."""
    from mangxanh.learning import stats

    unit, start, end = report.unit, report.period.starts_on, report.period.ends_on
    children = list(unit.child_units()[:60])
    rows = stats.informed_rows(unit, [unit, *children], start, end)
    total = rows[0]
    summary = stats.unit_summary(unit, start, end)
    if not (total["roster_pupils"] or total["roster_staff"] or total["pupils"] or total["staff"]
            or summary["trainings_held"]):
        return None
    lines = [
        f"Đã quán triệt, tuyên truyền tới {total['staff']}/{total['roster_staff']} cán bộ, giáo viên, nhân viên "
        f"({_pct(total['staff_percent'])}) và {total['pupils']}/{total['roster_pupils']} học sinh "
        f"({_pct(total['pupils_percent'])}); tính chung {_pct(total['percent'])} so với chỉ tiêu 100%.",
        f"Học sinh tham gia kiểm tra, cuộc thi tìm hiểu: {_pct(summary['participation_pupils'])}; cán bộ, giáo viên: "
        f"{_pct(summary['participation_staff'])}; tỉ lệ bài làm đạt yêu cầu: {_pct(summary['pass_rate'])}.",
        f"Tổ chức {summary['trainings_held']} buổi tập huấn, hội nghị, chuyên đề với "
        f"{summary['trainings_attended']} lượt người tham dự; tỉ lệ ký cam kết: {_pct(summary['pledge_signed'])}.",
    ]
    if len(rows) > 1:
        lines.append("Theo đơn vị trực thuộc:")
        for row in rows[1:]:
            lines.append(f"- {row['unit'].name}: cán bộ, giáo viên {_pct(row['staff_percent'])}, "
                         f"học sinh {_pct(row['pupils_percent'])} được quán triệt, tuyên truyền.")
    lines.append("(Số liệu tính tự động trên Mạng Xanh từ bài kiểm tra, cuộc thi, buổi tập huấn và cam kết đã ký; "
                 "mỗi người chỉ được tính một lần trong một đơn vị.)")
    return "Kết quả tuyên truyền, học tập về an toàn trên không gian mạng", "\n".join(lines)
