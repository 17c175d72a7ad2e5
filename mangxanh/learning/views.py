"""Screens for the library, quizzes, pledges, training sessions and the public parent guidance.

Thin: the rules live in lessons/quizzes/pledges/trainings/stats. Objects shared down the tree
(a Sở quiz or pledge) open for people of that unit, the units above it and the units below it;
a neighbour's objects are 404.
"""

from __future__ import annotations

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import FileResponse, Http404, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from mangxanh.core import throttle
from mangxanh.files.limits import upload_limit
from mangxanh.files.storage import DOCUMENTS, IMAGES, UploadError, too_large_message
from mangxanh.files.uploads import accept_upload
from mangxanh.learning import lessons as lesson_flow
from mangxanh.learning import pledges as pledge_flow
from mangxanh.learning import quizzes as quiz_flow
from mangxanh.learning import stats
from mangxanh.learning import trainings as training_flow
from mangxanh.learning.forms import ContestForm, LessonForm, PledgeForm, QuizForm, TrainingForm
from mangxanh.learning.models import (
    Attempt,
    Audience,
    ClassCode,
    Contest,
    Lesson,
    LessonStatus,
    Pledge,
    PledgeRole,
    Quiz,
    Roster,
    TrainingSession,
)
from mangxanh.org import permissions, rules
from mangxanh.org.models import Unit
from mangxanh.review.drafts import editor_text
from mangxanh.scanning.models import ScanStatus

SESSION_ATTEMPTS = "learning_attempts"
MAX_UPLOAD = 20 * 1024 * 1024
# Tries per address and window (seconds) on the public pages. A class code is one of ~9·10^8 values, so
# 300 tries in 10 minutes make guessing hopeless while several classes behind one school router still
# fit; signatures and entries are fewer per person. Override with settings.LEARNING_RATE_LIMITS.
PUBLIC_LIMITS = {"class_code": (300, 600), "pledge_sign": (100, 600), "submission": (60, 600)}


def _over_limit(request, bucket: str) -> str:
    """Count one try on a public page; the Vietnamese refusal when the address is over its limit."""
    limits = {**PUBLIC_LIMITS, **getattr(settings, "LEARNING_RATE_LIMITS", {})}
    count, window = limits[bucket]
    if throttle.take(f"learning-{bucket}", throttle.address(request), count, window):
        return ""
    return (f"Bạn đã thử quá nhiều lần từ thiết bị này. Hãy chờ khoảng {max(1, window // 60)} phút rồi bấm gửi "
            "lại; những gì bạn đã nhập vẫn còn trong ô.")


def _create_for_unit(request, form, unit: Unit, message: str, detail: str, title: str):
    """The shared body of the "new quiz / pledge / training / contest" views: save for the unit."""
    if request.method == "POST" and form.is_valid():
        obj = form.save(commit=False)
        obj.unit = unit
        obj.save()
        messages.success(request, message)
        return redirect(detail, pk=obj.pk)
    return render(request, "learning/form.html", {"form": form, "title": f"{title} – {unit}"})


def _acting_unit(request, capability: str) -> Unit:
    """The unit chosen in the switcher when the person has the capability there, else their first such unit."""
    unit = getattr(request, "unit", None)
    if unit is not None and permissions.can(request.user, capability, unit):
        return unit
    roots = permissions.root_units(request.user, capability)
    if not roots:
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này.")
    return roots[0]


def _shared_or_404(request, unit: Unit, capability: str | None = None) -> None:
    """Allowed with the capability (any role if None) on unit, above it or below it; else nothing there."""
    if rules.is_system_admin(request.user):
        return
    roles = permissions.roles_for(capability) if capability else None
    for m in rules.memberships(request.user):
        if roles is not None and m.role not in roles:
            continue
        if m.unit.path.startswith(unit.path) or unit.path.startswith(m.unit.path):
            return
    raise Http404("Không tìm thấy.")


def _my_unit_below(request, top: Unit, capability: str) -> Unit | None:
    """The person's own unit inside top's subtree where they hold the capability (class codes, paper counts)."""
    current = getattr(request, "unit", None)
    roles = permissions.roles_for(capability)
    candidates = [m.unit for m in rules.memberships(request.user) if m.role in roles and m.unit.is_within(top)]
    if current is not None and any(c.pk == current.pk for c in candidates):
        return current
    return candidates[0] if candidates else None


# --- Library -------------------------------------------------------------------------------------

@login_required
def library(request):
    unit = getattr(request, "unit", None)
    published = library_for(unit)
    drafts = permissions.scoped(Lesson.objects.exclude(status=LessonStatus.PUBLISHED), request.user,
                          "learning.author").select_related("unit")[:200]
    can_write = bool(permissions.root_units(request.user, "learning.author"))
    return render(request, "learning/library.html", {"lessons": published, "drafts": drafts, "can_write": can_write})


def library_for(unit: Unit | None):
    if unit is None:
        return Lesson.objects.none()
    return lesson_flow.published_for(unit)


def _save_lesson_form(request, form: LessonForm, lesson: Lesson):
    upload = form.cleaned_data.get("upload")
    if request.upload_too_large:  # dropped while it streamed in (upload_limit)
        form.add_error("upload", too_large_message(MAX_UPLOAD))
        return None
    if upload:
        try:
            accepted = accept_upload(upload, allowed=DOCUMENTS | IMAGES, max_bytes=MAX_UPLOAD)
        except UploadError as exc:
            form.add_error("upload", str(exc))
            return None
        lesson.attachment = accepted.file
        lesson.attachment_name = accepted.name
    try:
        lesson_flow.save_lesson(lesson, request.user, form.cleaned_data["title"], form.cleaned_data["body"])
    except lesson_flow.LessonError as exc:
        form.add_error(None, str(exc))
        return None
    return lesson


@upload_limit(MAX_UPLOAD)
@login_required
def lesson_create(request):
    unit = _acting_unit(request, "learning.author")
    form = LessonForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        lesson = form.save(commit=False)
        lesson.unit = unit
        if _save_lesson_form(request, form, lesson):
            messages.success(request, "Đã lưu bài học; hệ thống đang quét nội dung trước khi xuất bản.")
            return redirect("learning:lesson_edit", pk=lesson.pk)
    return render(request, "learning/form.html", {"form": form, "title": f"Bài học mới – {unit}",
                                                  "multipart": True})


@upload_limit(MAX_UPLOAD)
@login_required
def lesson_edit(request, pk: int):
    lesson = permissions.get_in_scope_or_404(Lesson.objects.select_related("unit"), request.user,
                                       "learning.author", pk=pk)
    initial = {"body": editor_text(lesson.body_html)}
    form = LessonForm(request.POST or None, request.FILES or None, instance=lesson, initial=initial)
    if request.method == "POST" and form.is_valid():
        lesson = form.save(commit=False)
        if lesson.status == LessonStatus.PUBLISHED:
            lesson.status = LessonStatus.DRAFT  # a changed text is scanned and published again
        if _save_lesson_form(request, form, lesson):
            messages.success(request, "Đã lưu phiên bản mới; cần quét và xuất bản lại.")
            return redirect("learning:lesson_edit", pk=lesson.pk)
    scan = lesson_flow.latest_scan(lesson)
    return render(request, "learning/lesson_edit.html", {
        "lesson": lesson, "form": form, "scan": scan, "scan_done": scan is not None and scan.status == ScanStatus.DONE,
        "can_publish": permissions.can(request.user, "learning.publish", lesson.unit),
        "versions": lesson.versions.order_by("-number")[:20],
    })


@login_required
@require_POST
def lesson_publish(request, pk: int):
    lesson = permissions.get_in_scope_or_404(Lesson.objects.all(), request.user, "learning.author", pk=pk)
    if not permissions.can(request.user, "learning.publish", lesson.unit):
        raise PermissionDenied("Chỉ lãnh đạo hoặc ban biên tập mới xuất bản được bài học.")
    try:
        lesson_flow.publish(lesson, request.user)
        messages.success(request, "Đã xuất bản bài học cho đơn vị và các đơn vị trực thuộc.")
    except lesson_flow.LessonError as exc:
        messages.error(request, str(exc))
    return redirect("learning:lesson_edit", pk=lesson.pk)


def lesson_detail(request, pk: int):
    lesson = get_object_or_404(Lesson.objects.select_related("unit"), pk=pk, status=LessonStatus.PUBLISHED)
    return render(request, "learning/lesson_detail.html", {"lesson": lesson})


def lesson_file(request, pk: int):
    lesson = get_object_or_404(Lesson, pk=pk, status=LessonStatus.PUBLISHED, attachment__isnull=False)
    response = FileResponse(lesson.attachment.open(), content_type=lesson.attachment.mime_type)
    response["Content-Disposition"] = "attachment"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- Quizzes -------------------------------------------------------------------------------------

@login_required
def quiz_list(request):
    unit = getattr(request, "unit", None)
    quizzes = quiz_flow.quizzes_for(unit) if unit else Quiz.objects.none()
    mine = Quiz.objects.none()
    if permissions.root_units(request.user, "learning.organise"):
        mine = permissions.scoped(Quiz.objects.select_related("unit"), request.user, "learning.organise")
    own = Attempt.objects.filter(user=request.user).select_related("quiz")[:50]
    return render(request, "learning/quiz_list.html", {
        "quizzes": quizzes, "mine": mine, "own_attempts": own,
        "can_create": bool(permissions.root_units(request.user, "learning.organise")), "now": timezone.now()})


@login_required
def quiz_create(request):
    unit = _acting_unit(request, "learning.organise")
    form = QuizForm(request.POST or None, contests=Contest.objects.filter(unit=unit),
                    initial={"contest": request.GET.get("cuoc_thi")})
    return _create_for_unit(request, form, unit, "Đã tạo bài kiểm tra.", "learning:quiz_detail", "Bài kiểm tra mới")


def _quiz(request, pk: int, capability: str | None = None) -> Quiz:
    quiz = get_object_or_404(Quiz.objects.select_related("unit"), pk=pk)
    _shared_or_404(request, quiz.unit, capability)
    return quiz


@login_required
def quiz_detail(request, pk: int):
    quiz = _quiz(request, pk)
    staff_unit = _my_unit_below(request, quiz.unit, "learning.staff")
    codes = ClassCode.objects.filter(quiz=quiz).select_related("unit")
    if not quiz_flow.is_organiser(request.user, quiz):
        codes = codes.filter(unit=staff_unit) if staff_unit else codes.none()
    return render(request, "learning/quiz_detail.html", {
        "quiz": quiz, "codes": codes, "staff_unit": staff_unit,
        "attempts": quiz_flow.visible_attempts(request.user, quiz).filter(finished_at__isnull=False)[:500],
        "pool_size": quiz_flow.question_pool(quiz).count(), "is_open": quiz.is_open(),
        "can_take": quiz.is_open() and any(m.unit.is_within(quiz.unit) for m in rules.memberships(request.user)),
    })


@login_required
@require_POST
def quiz_code_create(request, pk: int):
    quiz = _quiz(request, pk, "learning.staff")
    unit = _my_unit_below(request, quiz.unit, "learning.staff")
    class_name = " ".join(request.POST.get("class_name", "").split()).upper()[:30]
    if unit is None:
        raise PermissionDenied("Bạn không thuộc đơn vị nào được làm bài kiểm tra này.")
    if not class_name:
        messages.error(request, "Hãy nhập tên lớp.")
    else:
        code = ClassCode.objects.create(quiz=quiz, unit=unit, class_name=class_name)
        messages.success(request, f"Mã lớp {code.class_name}: {code.code}")
    return redirect("learning:quiz_detail", pk=quiz.pk)


def _remember(request, attempt) -> None:
    tokens = request.session.get(SESSION_ATTEMPTS, [])
    request.session[SESSION_ATTEMPTS] = [*tokens[-19:], attempt.token]


@login_required
@require_POST
def quiz_start(request, pk: int):
    quiz = _quiz(request, pk)
    unit = next((m.unit for m in rules.memberships(request.user) if m.unit.is_within(quiz.unit)), None)
    if unit is None:
        messages.error(request, "Bài kiểm tra này không dành cho đơn vị của bạn.")
        return redirect("learning:quiz_detail", pk=quiz.pk)
    try:
        attempt = quiz_flow.start(quiz, unit=unit, name=request.user.get_full_name() or request.user.username,
                                  user=request.user)
    except quiz_flow.QuizError as exc:
        messages.error(request, str(exc))
        return redirect("learning:quiz_detail", pk=quiz.pk)
    _remember(request, attempt)
    return redirect("learning:attempt", token=attempt.token)


def class_entry(request):
    """Pupils without accounts: class code, name and class only."""
    error = limited = ""
    if request.method == "POST":
        limited = _over_limit(request, "class_code")
        try:
            if limited:
                raise quiz_flow.QuizError(limited)
            attempt = quiz_flow.start_with_code(request.POST.get("code", ""), request.POST.get("name", ""),
                                                request.POST.get("class_name", ""))
        except quiz_flow.QuizError as exc:
            error = str(exc)
            code = request.POST.get("code", "").strip().upper()
            if not limited and code and ClassCode.objects.filter(code=code, essay_round__isnull=False).exists():
                return redirect(reverse("learning:essay_entry") + f"?ma={code}")  # a code of an essay round
        else:
            _remember(request, attempt)
            return redirect("learning:attempt", token=attempt.token)
    data = request.POST if request.method == "POST" else {"code": request.GET.get("ma", "")}
    return render(request, "learning/class_entry.html", {"error": error, "data": data},
                  status=429 if limited else 400 if error else 200)


def _attempt(request, token: str):
    attempt = Attempt.objects.select_related("quiz", "unit").filter(token=token).first()
    owns = attempt is not None and (
        token in request.session.get(SESSION_ATTEMPTS, [])
        or (request.user.is_authenticated and attempt.user_id == request.user.pk))
    if not owns:
        raise Http404("Không tìm thấy bài làm.")
    return attempt


def attempt(request, token: str):
    attempt = quiz_flow.finish_if_expired(_attempt(request, token))
    items = list(attempt.items.select_related("question"))
    remaining = max(0, int((attempt.deadline - timezone.now()).total_seconds()))
    return render(request, "learning/attempt.html", {
        "attempt": attempt, "items": items, "remaining": remaining,
        "answered": sum(1 for i in items if i.answered_at)})


@require_POST
def attempt_answer(request, token: str):
    attempt = _attempt(request, token)
    wants_json = request.headers.get("Accept", "").startswith("application/json")
    try:
        position = int(request.POST.get("position", ""))
        selected = [int(v) for v in request.POST.getlist("choice")]
        quiz_flow.answer(attempt, position, selected)
    except (ValueError, quiz_flow.QuizError) as exc:
        message = str(exc) if isinstance(exc, quiz_flow.QuizError) else "Câu trả lời không hợp lệ."
        if wants_json:
            return JsonResponse({"ok": False, "error": message}, status=409)
        messages.error(request, message)
        return redirect("learning:attempt", token=token)
    if wants_json:
        return JsonResponse({"ok": True})
    return redirect(reverse("learning:attempt", kwargs={"token": token}) + f"#cau-{position}")


@require_POST
def attempt_finish(request, token: str):
    quiz_flow.finish(_attempt(request, token))
    return redirect("learning:attempt", token=token)


@login_required
def leaderboard(request, pk: int):
    quiz = _quiz(request, pk)
    root = quiz.unit
    own = getattr(request, "unit", None)
    if own is not None and own.is_within(quiz.unit) and not quiz_flow.is_organiser(request.user, quiz):
        root = own  # a lower unit sees its own part of the tree
    board = stats.leaderboard(root, quiz)
    return render(request, "learning/leaderboard.html", {
        "quiz": quiz, "root": root, "rows": stats.school_rows(root, quiz, board), "total": board[root.pk]})


# --- Numbers and rosters ---------------------------------------------------------------------------

@login_required
def numbers(request):
    unit = getattr(request, "unit", None)
    if unit is None:
        raise PermissionDenied("Bạn chưa thuộc đơn vị nào.")
    kids = list(unit.child_units()[:200])
    figures = stats.summaries(unit, [unit, *kids])
    children = [(child, figures[child.pk]) for child in kids]
    summary = figures[unit.pk]
    return render(request, "learning/numbers.html", {
        "unit": unit, "summary": summary, "children": children, "charts": _number_charts(unit, summary, children),
        "informed": stats.informed_rows(unit, [unit])[0],
        "roster": Roster.objects.filter(unit=unit).first(),
        "can_roster": permissions.can(request.user, "learning.roster", unit)})


def _number_charts(unit: Unit, summary: dict, children: list) -> list[dict]:
    """Participation, pass rate, pledges signed and trainings per unit below (or the unit itself)."""
    from mangxanh.learning.charts import bar_chart

    rows = [(child.short_name or child.name, s) for child, s in children[:40]] or [(unit.short_name or unit.name, summary)]
    informed = stats.informed_rows(unit, [child for child, _ in children[:40]] or [unit])

    def series(key):
        return [(label, s[key]) for label, s in rows]

    return [
        bar_chart("Học sinh tham gia kiểm tra (% sĩ số)", series("participation_pupils"), maximum=100),
        bar_chart("Tỉ lệ bài làm đạt yêu cầu", series("pass_rate"), maximum=100),
        bar_chart("Đã ký cam kết (% số người cần ký)", series("pledge_signed"), maximum=100),
        bar_chart("Buổi tập huấn đã tổ chức", series("trainings_held"), suffix=""),
        bar_chart("Cán bộ và học sinh được quán triệt (% sĩ số)",
                  [(r["unit"].short_name or r["unit"].name, r["percent"]) for r in informed], maximum=100),
    ]


@login_required
@require_POST
def roster_update(request):
    unit = _acting_unit(request, "learning.roster")
    try:
        pupils = max(0, int(request.POST.get("pupils", "0")))
        staff = max(0, int(request.POST.get("staff", "0")))
    except ValueError:
        messages.error(request, "Sĩ số phải là số.")
        return redirect("learning:numbers")
    Roster.objects.update_or_create(unit=unit, defaults={"pupils": pupils, "staff": staff})
    messages.success(request, "Đã lưu sĩ số.")
    return redirect("learning:numbers")


# --- Pledges -------------------------------------------------------------------------------------

@login_required
def pledge_list(request):
    unit = getattr(request, "unit", None)
    pledges = Pledge.objects.filter(lesson_flow.shared_with(unit)) if unit else Pledge.objects.none()
    rows = [(p, pledge_flow.signed_numbers(p, unit)) for p in pledges.select_related("unit")[:100]]
    return render(request, "learning/pledge_list.html", {
        "rows": rows, "can_create": bool(permissions.root_units(request.user, "learning.pledge"))})


@login_required
def pledge_create(request):
    unit = _acting_unit(request, "learning.pledge")
    form = PledgeForm(request.POST or None)
    return _create_for_unit(request, form, unit, "Đã ban hành bản cam kết.", "learning:pledge_detail", "Bản cam kết mới")


def _pledge(request, pk: int, capability: str | None = None) -> Pledge:
    pledge = get_object_or_404(Pledge.objects.select_related("unit"), pk=pk)
    _shared_or_404(request, pledge.unit, capability)
    return pledge




@login_required
def pledge_detail(request, pk: int):
    pledge = _pledge(request, pk)
    current = getattr(request, "unit", None)
    base = current if current is not None and current.is_within(pledge.unit) else pledge.unit
    children = [(child, pledge_flow.signed_numbers(pledge, child)) for child in base.child_units()[:300]]
    my_unit = _my_unit_below(request, pledge.unit, "learning.pledge_staff")
    return render(request, "learning/pledge_detail.html", {
        "pledge": pledge, "base": base, "numbers": pledge_flow.signed_numbers(pledge, base), "children": children,
        "groups": pledge_flow.signed_by_group(pledge, base),
        "my_unit": my_unit, "roles": PledgeRole.choices,
        "can_remind": permissions.can(request.user, "learning.pledge", pledge.unit),
        "below": pledge_flow.units_below(pledge, 80),
        "sign_url": request.build_absolute_uri(reverse("learning:pledge_sign", kwargs={
            "pk": pledge.pk, "code": my_unit.code})) if my_unit else ""})


@login_required
@require_POST
def pledge_paper(request, pk: int):
    pledge = _pledge(request, pk, "learning.pledge_staff")
    unit = _my_unit_below(request, pledge.unit, "learning.pledge_staff")
    if unit is None:
        raise PermissionDenied("Bạn không thuộc đơn vị nào ký bản cam kết này.")
    try:
        if request.POST.get("expected"):
            pledge_flow.set_target(pledge, unit, int(request.POST["expected"]), user=request.user)
        else:
            pledge_flow.record_paper(pledge, unit, request.POST.get("class_name", ""), request.POST.get("role", ""),
                                     int(request.POST.get("count", "")), request.user)
        messages.success(request, "Đã ghi nhận.")
    except (ValueError, pledge_flow.PledgeError) as exc:
        messages.error(request, str(exc) if isinstance(exc, pledge_flow.PledgeError) else "Số không hợp lệ.")
    return redirect("learning:pledge_detail", pk=pledge.pk)


@login_required
@require_POST
def pledge_remind(request, pk: int):
    pledge = permissions.get_in_scope_or_404(Pledge.objects.all(), request.user, "learning.pledge", pk=pk)
    try:
        threshold = float(request.POST.get("threshold", "80"))
    except ValueError:
        threshold = -1
    if not 0 < threshold <= 100:
        messages.error(request, "Ngưỡng phải từ 1 đến 100%.")
    else:
        sent = pledge_flow.remind_below(pledge, threshold)
        messages.success(request, f"Đã gửi {sent} thư nhắc tới các đơn vị dưới {threshold:g}%.")
    return redirect("learning:pledge_detail", pk=pledge.pk)


@login_required
def pledge_export(request, pk: int, fmt: str = "xlsx"):
    pledge = _pledge(request, pk, "learning.pledge_staff")
    signatures = pledge.signatures.select_related("unit")
    paper = pledge.paper_counts.select_related("unit")
    if not permissions.can(request.user, "learning.pledge_staff", pledge.unit):
        # Names of pupils and parents: only for the staff of their own unit and the issuer.
        own = [m.unit_id for m in rules.memberships(request.user) if m.role in permissions.roles_for("learning.pledge_staff")]
        signatures = signatures.filter(unit_id__in=own)
        paper = paper.filter(unit_id__in=own)
    if fmt == "docx":
        unit = _my_unit_below(request, pledge.unit, "learning.pledge_staff") or pledge.unit
        data = pledge_flow.export_docx(pledge, signatures, paper, unit)
        kind = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    else:
        data = pledge_flow.export_xlsx(pledge, signatures, paper)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = HttpResponse(data, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="cam-ket-{pledge.pk}.{fmt}"'
    return response


def pledge_sign(request, pk: int, code: str):
    pledge = get_object_or_404(Pledge.objects.select_related("unit"), pk=pk, is_published=True)
    unit = get_object_or_404(Unit, code=code, is_active=True)
    if not pledge_flow.can_sign_at(pledge, unit):
        raise Http404("Không tìm thấy.")
    error, done, limited = "", False, ""
    if request.method == "POST":
        limited = _over_limit(request, "pledge_sign")
        try:
            if limited:
                raise pledge_flow.PledgeError(limited)
            pledge_flow.sign(pledge, unit, request.POST.get("name", ""), request.POST.get("role", ""),
                             request.POST.get("class_name", ""))
            done = True
        except pledge_flow.PledgeError as exc:
            error = str(exc)
    return render(request, "learning/pledge_sign.html", {
        "pledge": pledge, "unit": unit, "error": error, "done": done, "roles": PledgeRole.choices,
        "data": request.POST}, status=429 if limited else 400 if error else 200)


# --- Training sessions ------------------------------------------------------------------------------

@login_required
def training_list(request):
    sessions = rules.scoped(TrainingSession.objects.select_related("unit"), request.user)[:200]
    return render(request, "learning/training_list.html", {
        "sessions": sessions, "can_create": bool(permissions.root_units(request.user, "learning.training"))})


@login_required
def training_create(request):
    unit = _acting_unit(request, "learning.training")
    form = TrainingForm(request.POST or None, lessons=lesson_flow.published_for(unit),
                        quizzes=quiz_flow.quizzes_for(unit).filter(audience=Audience.STAFF))
    return _create_for_unit(request, form, unit, "Đã tạo buổi tập huấn.", "learning:training_detail", "Buổi tập huấn mới")


@login_required
def training_detail(request, pk: int):
    session = rules.get_in_scope_or_404(TrainingSession.objects.select_related("unit", "lesson", "quiz"),
                                        request.user, pk=pk)
    return render(request, "learning/training_detail.html", {
        "session": session, "attendees": session.attendees.all(),
        "check_in_url": request.build_absolute_uri(reverse("learning:check_in") + f"?ma={session.code}"),
        "can_edit": permissions.can(request.user, "learning.training", session.unit)})


@login_required
@require_POST
def training_attendance(request, pk: int):
    session = rules.get_in_scope_or_404(TrainingSession.objects.all(), request.user, pk=pk)
    if not permissions.can(request.user, "learning.training", session.unit):
        raise PermissionDenied("Chỉ lãnh đạo hoặc quản trị đơn vị tổ chức mới sửa được danh sách.")
    try:
        added = training_flow.add_list(session, request.POST.get("names", ""))
        messages.success(request, f"Đã thêm {added} người vào danh sách.")
    except training_flow.TrainingError as exc:
        messages.error(request, str(exc))
    return redirect("learning:training_detail", pk=session.pk)


@login_required
def training_qr(request, pk: int):
    session = rules.get_in_scope_or_404(TrainingSession.objects.all(), request.user, pk=pk)
    url = request.build_absolute_uri(reverse("learning:check_in") + f"?ma={session.code}")
    image = qrcode.make(url, image_factory=qrcode.image.svg.SvgPathImage, box_size=10)
    return HttpResponse(image.to_string(), content_type="image/svg+xml")


def check_in(request):
    error, session = "", None
    if request.method == "POST":
        try:
            session = training_flow.check_in(request.POST.get("code", ""), request.POST.get("name", ""),
                                             request.POST.get("workplace", ""))
        except training_flow.TrainingError as exc:
            error = str(exc)
    return render(request, "learning/check_in.html", {
        "error": error, "session": session, "code": request.GET.get("ma", "")}, status=400 if error else 200)


# --- Public parent guidance --------------------------------------------------------------------------

def guidance(request, code: str | None = None):
    unit = get_object_or_404(Unit, code=code, is_active=True) if code else Unit.objects.filter(depth=1).first()
    if unit is None:
        raise Http404("Không tìm thấy.")
    lessons = lesson_flow.published_for(unit).filter(Q(audience=Audience.PARENTS) | Q(audience=Audience.PRESCHOOL))
    from mangxanh.learning.bulletins import published_for as bulletins_for

    return render(request, "learning/guidance.html", {"unit": unit, "lessons": lessons[:50],
                                                      "bulletins": bulletins_for(unit)[:10]})


# --- Certificates ------------------------------------------------------------------------------------

def _certificate_response(request, attempt) -> HttpResponse:
    from mangxanh.learning import certificates

    url = request.build_absolute_uri(reverse("learning:certificate_verify",
                                             kwargs={"code": certificates.code_for(attempt)}))
    try:
        data = certificates.pdf(attempt, url)
    except certificates.CertificateError as exc:
        raise Http404(str(exc)) from exc
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="chung-nhan-{attempt.pk}.pdf"'
    return response


def attempt_certificate(request, token: str):
    """The pupil's own certificate, from their own attempt page."""
    return _certificate_response(request, _attempt(request, token))


@login_required
def certificate_download(request, pk: int):
    """Staff and the organiser download the certificate of a result they may see."""
    attempt = get_object_or_404(Attempt.objects.select_related("quiz", "quiz__unit", "unit"), pk=pk)
    if not quiz_flow.visible_attempts(request.user, attempt.quiz).filter(pk=attempt.pk).exists():
        raise Http404("Không tìm thấy.")
    return _certificate_response(request, attempt)


def certificate_verify(request, code: str | None = None):
    from mangxanh.learning import certificates

    code = code or request.GET.get("ma", "")
    attempt = certificates.find(code) if code else None
    context = {"code": code, "attempt": attempt, "name": certificates.public_name(attempt) if attempt else ""}
    return render(request, "learning/certificate_verify.html", context, status=404 if code and not attempt else 200)


# --- Contests ------------------------------------------------------------------------------------------

@login_required
def contest_list(request):
    unit = getattr(request, "unit", None)
    contests = Contest.objects.filter(lesson_flow.shared_with(unit)).select_related("unit") if unit else []
    return render(request, "learning/contest_list.html", {
        "contests": contests, "can_create": bool(permissions.root_units(request.user, "learning.organise"))})


@login_required
def contest_create(request):
    unit = _acting_unit(request, "learning.organise")
    form = ContestForm(request.POST or None)
    return _create_for_unit(request, form, unit, "Đã tạo cuộc thi; hãy thêm các vòng thi (bài kiểm tra).", "learning:contest_detail", "Cuộc thi mới")


@login_required
def contest_detail(request, pk: int):
    contest = get_object_or_404(Contest.objects.select_related("unit"), pk=pk)
    _shared_or_404(request, contest.unit)
    rounds = list(contest.rounds.order_by("round_number", "opens_at"))
    root = contest.unit
    own = getattr(request, "unit", None)
    organiser = permissions.can(request.user, "learning.organise", contest.unit)
    if own is not None and own.is_within(contest.unit) and not organiser:
        root = own
    board = stats.leaderboard(root, contest=contest)
    visible = Attempt.objects.none()
    for quiz in rounds:
        visible = visible | quiz_flow.visible_attempts(request.user, quiz)
    return render(request, "learning/contest_detail.html", {
        "contest": contest, "rounds": rounds, "root": root, "essay_rounds": contest.essay_rounds.all(), "total": board[root.pk],
        "rows": stats.school_rows(root, board=board)[:100],
        "results": stats.contest_results(contest, visible)[:500] if rounds else [],
        "round_numbers": sorted({q.round_number for q in rounds}), "can_add": organiser})
