"""Screens of essay and poster rounds: organiser, jury (blind), school staff and pupils (class code)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mangxanh.learning import essays
from mangxanh.learning.forms import EssayRoundForm
from mangxanh.learning.models import ClassCode, Contest, EssayRound, Submission, SubmissionStatus
from mangxanh.learning.views import _my_unit_below, _over_limit, _shared_or_404
from mangxanh.org import permissions, rules

SESSION_SUBMISSIONS = "learning_submissions"


def _round(request, pk: int) -> EssayRound:
    essay_round = get_object_or_404(EssayRound.objects.select_related("contest__unit"), pk=pk)
    _shared_or_404(request, essay_round.contest.unit)
    return essay_round


def _round_for(request, pk: int, allowed) -> EssayRound:
    """The round, when allowed(user, round) (organiser, juror); 404 otherwise, as for a round that does not exist."""
    essay_round = get_object_or_404(EssayRound.objects.select_related("contest__unit"), pk=pk)
    if not allowed(request.user, essay_round):
        raise Http404("Không tìm thấy.")
    return essay_round


def _organised_round(request, pk: int) -> EssayRound:
    return _round_for(request, pk, essays.is_organiser)


@login_required
def round_create(request, pk: int):
    contest = permissions.get_in_scope_or_404(Contest.objects.select_related("unit"), request.user,
                                        "learning.organise", pk=pk)
    people = get_user_model().objects.filter(
        memberships__unit__path__startswith=contest.unit.path, is_active=True).distinct().order_by("username")
    form = EssayRoundForm(request.POST or None, people=people)
    if request.method == "POST" and form.is_valid():
        try:
            essay_round = essays.create_round(contest, user=request.user, **form.cleaned_data)
        except essays.EssayError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, "Đã tạo vòng thi viết, vẽ.")
            return redirect("learning:essay_round", pk=essay_round.pk)
    return render(request, "learning/form.html", {"form": form, "title": f"Vòng thi viết, vẽ mới – {contest}"})


@login_required
def round_detail(request, pk: int):
    essay_round = _round(request, pk)
    organiser = essays.is_organiser(request.user, essay_round)
    staff_unit = _my_unit_below(request, essay_round.contest.unit, "learning.staff")
    codes = ClassCode.objects.filter(essay_round=essay_round).select_related("unit")
    if not organiser:
        codes = codes.filter(unit=staff_unit) if staff_unit else codes.none()
    named = essays.visible_submissions(request.user, essay_round)
    return render(request, "learning/essay_round.html", {
        "round": essay_round, "organiser": organiser, "staff_unit": staff_unit, "codes": codes,
        "criteria": essay_round.criteria.all(), "results": essays.results(essay_round),
        "named_ids": set(named.values_list("pk", flat=True)), "submissions": named[:500],
        "held": named.filter(status=SubmissionStatus.HELD) if organiser else [],
        "is_juror": essays.is_juror(request.user, essay_round),
        "can_submit": essay_round.is_open() and any(
            m.unit.is_within(essay_round.contest.unit) for m in rules.memberships(request.user)),
    })


@login_required
@require_POST
def code_create(request, pk: int):
    essay_round = _round(request, pk)
    unit = _my_unit_below(request, essay_round.contest.unit, "learning.staff")
    if unit is None:
        raise PermissionDenied("Bạn không thuộc đơn vị nào được dự thi vòng này.")
    class_name = " ".join(request.POST.get("class_name", "").split()).upper()[:30]
    if not class_name:
        messages.error(request, "Hãy nhập tên lớp.")
    else:
        code = ClassCode.objects.create(essay_round=essay_round, unit=unit, class_name=class_name)
        messages.success(request, f"Mã lớp {code.class_name}: {code.code}")
    return redirect("learning:essay_round", pk=essay_round.pk)


def _submit_context(data, error: str = "", **extra) -> dict:
    return {"data": data, "error": error, **extra}


@login_required
def staff_submit(request, pk: int):
    """Staff send their own entry, signed in (their unit inside the contest's tree)."""
    essay_round = _round(request, pk)
    unit = next((m.unit for m in rules.memberships(request.user) if m.unit.is_within(essay_round.contest.unit)), None)
    error = ""
    if request.method == "POST":
        try:
            if unit is None:
                raise essays.EssayError("Vòng thi này không dành cho đơn vị của bạn.")
            essays.submit(essay_round, unit=unit, user=request.user,
                          name=request.user.get_full_name() or request.user.username,
                          title=request.POST.get("title", ""), text=request.POST.get("text", ""),
                          image=request.FILES.get("image"))
        except essays.EssayError as exc:
            error = str(exc)
        else:
            messages.success(request, "Đã nộp bài; bài được quét nội dung trước khi chuyển ban giám khảo.")
            return redirect("learning:essay_round", pk=essay_round.pk)
    return render(request, "learning/essay_submit.html", _submit_context(
        request.POST, error, round=essay_round, staff=True), status=400 if error else 200)


def entry(request):
    """Pupils without accounts: class code, name, class and the entry in one form."""
    error = limited = ""
    if request.method == "POST":
        limited = _over_limit(request, "submission")
        try:
            if limited:
                raise essays.EssayError(limited)
            submission = essays.submit_with_code(
                request.POST.get("code", ""), name=request.POST.get("name", ""),
                class_name=request.POST.get("class_name", ""), title=request.POST.get("title", ""),
                text=request.POST.get("text", ""), image=request.FILES.get("image"))
        except essays.EssayError as exc:
            error = str(exc)
        else:
            tokens = request.session.get(SESSION_SUBMISSIONS, [])
            request.session[SESSION_SUBMISSIONS] = [*tokens[-19:], submission.token]
            return redirect("learning:essay_own", token=submission.token)
    data = request.POST if request.method == "POST" else {"code": request.GET.get("ma", "")}
    return render(request, "learning/essay_submit.html", _submit_context(data, error),
                  status=429 if limited else 400 if error else 200)


def _own(request, token: str) -> Submission:
    submission = Submission.objects.select_related("round", "unit").filter(token=token).first()
    if submission is None or token not in request.session.get(SESSION_SUBMISSIONS, []):
        raise Http404("Không tìm thấy bài dự thi.")
    return submission


def own(request, token: str):
    submission = _own(request, token)
    result = None
    if submission.round.results_published:
        result = next((e for e in essays.results(submission.round)["entries"]
                       if e["submission"].pk == submission.pk), None)
    return render(request, "learning/essay_own.html", {"submission": submission, "result": result})


def image(request, pk: int):
    """The poster: the organiser, the jurors, and the pupil who sent it (same browser session)."""
    submission = get_object_or_404(Submission.objects.select_related("round__contest__unit", "image"), pk=pk,
                                   image__isnull=False)
    user = request.user
    if not (essays.is_organiser(user, submission.round) or essays.is_juror(user, submission.round)
            or submission.token in request.session.get(SESSION_SUBMISSIONS, [])):
        raise Http404("Không tìm thấy.")
    response = FileResponse(submission.image.open(), content_type=submission.image.mime_type)
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@require_POST
def decide(request, pk: int):
    submission = get_object_or_404(Submission.objects.select_related("round__contest__unit"), pk=pk)
    if not essays.is_organiser(request.user, submission.round):
        raise Http404("Không tìm thấy.")
    try:
        essays.decide(submission, request.user, request.POST.get("decision") == "accept")
        messages.success(request, "Đã ghi nhận quyết định.")
    except essays.EssayError as exc:
        messages.error(request, str(exc))
    return redirect("learning:essay_round", pk=submission.round_id)


@login_required
@require_POST
def publish(request, pk: int):
    essay_round = _organised_round(request, pk)
    essays.publish_results(essay_round, request.user)
    messages.success(request, "Đã công bố kết quả; giám khảo và đơn vị nay thấy họ tên người dự thi.")
    return redirect("learning:essay_round", pk=essay_round.pk)


def _juried_round(request, pk: int) -> EssayRound:
    return _round_for(request, pk, essays.is_juror)


@login_required
def jury(request, pk: int):
    essay_round = _juried_round(request, pk)
    mine = {}
    for s in essay_round.submissions.filter(scores__juror=request.user).values("pk"):
        mine[s["pk"]] = True
    return render(request, "learning/essay_jury.html", {
        "round": essay_round, "entries": essays.for_jury(essay_round), "scored": mine,
        "blind": not essay_round.results_published})


@login_required
def score(request, pk: int):
    submission = get_object_or_404(Submission.objects.select_related("round__contest__unit", "unit"), pk=pk)
    essay_round = submission.round
    if not essays.is_juror(request.user, essay_round) or submission.status != SubmissionStatus.ACCEPTED:
        raise Http404("Không tìm thấy.")
    criteria = list(essay_round.criteria.all())
    given = {s.criterion_id: s.points for s in submission.scores.filter(juror=request.user)}
    error = ""
    if request.method == "POST":
        points = {c.pk: request.POST.get(f"c{c.pk}", "") for c in criteria}
        try:
            total = essays.score(submission, request.user, points)
        except essays.EssayError as exc:
            error = str(exc)
            given = {pk: value for pk, value in points.items()}
        else:
            messages.success(request, f"Đã lưu điểm {submission.entry_number}: {total}/{essay_round.max_points}.")
            return redirect("learning:essay_jury", pk=essay_round.pk)
    rows = [(c, given.get(c.pk, "")) for c in criteria]
    return render(request, "learning/essay_score.html", {
        "submission": submission, "round": essay_round, "rows": rows, "error": error,
        "blind": not essay_round.results_published}, status=400 if error else 200)
