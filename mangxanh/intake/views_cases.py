"""Case screens for case officers: board, list, detail and the actions on a case."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django.views.decorators.http import require_POST

from mangxanh import audit
from mangxanh.files.limits import upload_limit
from mangxanh.files.storage import IMAGES, VIDEO, UploadError, too_large_message
from mangxanh.files.thumbs import EVIDENCE_BLUR, thumbnail_response
from mangxanh.files.uploads import accept_upload, viewing_response
from mangxanh.intake import access, opening, search, services
from mangxanh.intake import categories as cats
from mangxanh.intake.forms import (
    MAX_FILE_BYTES,
    MessageForm,
    NoteForm,
    ReferralForm,
    StateForm,
    SupportActionForm,
    TakedownForm,
    TaskForm,
    VictimForm,
)
from mangxanh.intake.models import (
    TAKEDOWN_NEXT,
    TRANSITIONS,
    Case,
    CaseEvent,
    CaseState,
    CaseTask,
    CaseType,
    ClosureReason,
    CustodyAction,
    CustodyEntry,
    Evidence,
    EvidencePackage,
    Priority,
    SupportAction,
    TakedownRequest,
    TakedownStatus,
    VictimSupport,
    WebhookDelivery,
)
from mangxanh.intake.package import build_package
from mangxanh.org import permissions
from mangxanh.org.models import Membership
from mangxanh.scanning.models import Scan
from mangxanh.scanning.service import highlight


def _cases(request):
    if not access.may_view_cases(request.user):
        raise PermissionDenied
    return access.cases_for(request.user)


@login_required
def case_board(request):
    cases = _cases(request).open().prefetch_related("deadlines").order_by("priority", "opened_at")[:500]
    columns = {state: [] for state, _ in CaseState.choices if state != CaseState.CLOSED}
    for case in cases:
        columns[case.state].append(case)
    return render(request, "intake/case_board.html", {
        "columns": [(CaseState(s).label, items) for s, items in columns.items()],
        "waiting_reports": opening.waiting_count_for(request.user),
    })


@login_required
def case_list(request):
    cases = _cases(request).prefetch_related("deadlines")
    g = request.GET
    if g.get("state") in CaseState.values:
        cases = cases.filter(state=g["state"])
    elif not g.get("all"):
        cases = cases.open()
    if g.get("type") in CaseType.values:
        cases = cases.filter(case_type=g["type"])
    if g.get("priority") in {"1", "2", "3"}:
        cases = cases.filter(priority=int(g["priority"]))
    if g.get("category") in cats.CATEGORIES:
        cases = cases.filter(reports__categories__icontains=f'"{g["category"]}"').distinct()
    if g.get("mine"):
        cases = cases.filter(assignee=request.user)
    if g.get("overdue"):
        cases = cases.filter(deadlines__met_at__isnull=True, deadlines__due_at__lt=timezone.now()).distinct()
    cases = search.filter_cases(cases, g.get("q") or "")
    return render(request, "intake/case_list.html", {
        "cases": cases[:300], "states": CaseState.choices, "priorities": Priority.choices,
        "categories": cats.SHORT_CHOICES, "types": CaseType.choices, "g": g,
    })


@login_required
def case_detail(request, pk: int):
    case = access.case_or_404(request.user, pk)
    reports = list(case.reports.prefetch_related("links", "files", "messages", "notices"))
    for report in reports:
        scan = Scan.objects.latest_for(report)
        report.scan = scan
        report.segments = highlight(report.description, scan.findings.all()) if scan else None
    can_act = access.may_act(request.user, case)
    for takedown in (takedowns := list(case.takedowns.select_related("agency"))):
        takedown.next_choices = [(s, TakedownStatus(s).label) for s in TAKEDOWN_NEXT[takedown.status]]
    staff = Membership.objects.holding(permissions.roles_for("case.assignee"), at_or_above=case.unit).people()
    audit.log_view(request, case, reason="Xem vụ việc")
    return render(request, "intake/case_detail.html", {
        "case": case, "reports": reports, "can_act": can_act,
        # A closed case shows only the reopen form (services.ensure_open refuses the rest anyway).
        "can_change": can_act and case.state != CaseState.CLOSED,
        "can_see_victim": access.may_see_victim(request.user, case),
        "can_open_originals": access.may_open_originals(request.user, case),
        "next_states": [(s, CaseState(s).label) for s in TRANSITIONS[case.state]],
        "closure_reasons": ClosureReason.choices, "staff": staff,
        "deadlines": case.deadlines.select_related("clock"), "events": case.events.select_related("actor")[:50],
        "notes": case.notes.select_related("author"), "tasks": case.tasks.all(),
        "evidence": case.evidence.select_related("file"), "packages": case.packages.all()[:5],
        "referrals": case.referrals.select_related("agency"), "takedowns": takedowns,
        "referral_form": ReferralForm(), "takedown_form": TakedownForm(), "task_form": TaskForm(),
        "note_form": NoteForm(), "message_form": MessageForm(), "now": timezone.now(),
    })


def _acting_case(request, pk: int) -> Case:
    return access.case_or_404(request.user, pk, act=True)


def _back(case: Case):
    return redirect("intake:case_detail", pk=case.pk)


def _open_case(request, pk: int) -> Case | None:
    """The case to change, or None (with the reason shown) when it is closed."""
    case = _acting_case(request, pk)
    try:
        services.ensure_open(case)
    except services.CaseClosedError as exc:
        messages.error(request, str(exc))
        return None
    return case


@login_required
@require_POST
def case_state(request, pk: int):
    case = _acting_case(request, pk)
    form = StateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy chọn trạng thái mới cho vụ việc.")
        return _back(case)
    try:
        services.change_state(case, form.cleaned_data["state"], user=request.user,
                              reason=form.cleaned_data.get("reason") or "", note=form.cleaned_data["note"])
    except services.TransitionError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã cập nhật trạng thái vụ việc.")
    return _back(case)


@login_required
@require_POST
def case_reopen(request, pk: int):
    case = _acting_case(request, pk)
    try:
        services.reopen(case, user=request.user, reason=request.POST.get("reason", ""))
    except (services.TransitionError, ValidationError) as exc:
        messages.error(request, " ".join(getattr(exc, "messages", [str(exc)])))
    else:
        messages.success(request, "Đã mở lại vụ việc.")
    return _back(case)


@login_required
@require_POST
def case_assign(request, pk: int):
    case = _acting_case(request, pk)
    value = request.POST.get("assignee", "")
    assignee = None
    if value:
        User = get_user_model()
        holders = Membership.objects.holding(permissions.roles_for("case.assignee"), at_or_above=case.unit)
        assignee = User.objects.filter(pk=value if value.isdigit() else -1, pk__in=holders.values("user_id")).first()
        if assignee is None:
            messages.error(request, "Người được giao phải là cán bộ xử lý của đơn vị này hoặc cấp trên.")
            return _back(case)
    try:
        services.assign(case, assignee, user=request.user)
    except services.CaseClosedError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã giao vụ việc.")
    return _back(case)


@login_required
@require_POST
def case_note(request, pk: int):
    case = _open_case(request, pk)
    if case is None:
        return redirect("intake:case_detail", pk=pk)
    form = NoteForm(request.POST)
    if form.is_valid():
        services.add_note(case, form.cleaned_data["text"], user=request.user)
    else:
        messages.error(request, "Ghi chú không hợp lệ: " + " ".join(form.errors.get("text", [])))
    return _back(case)


@login_required
@require_POST
def case_message(request, pk: int):
    """A message the reporter will see on their status page."""
    case = _open_case(request, pk)
    if case is None:
        return redirect("intake:case_detail", pk=pk)
    form = MessageForm(request.POST)
    report = case.reports.filter(code=request.POST.get("code", "")).first()
    if form.is_valid() and report is not None:
        services.message_reporter(report, form.cleaned_data["text"], user=request.user)
        messages.success(request, "Đã gửi tin nhắn tới người phản ánh. Họ đọc được trên trang tra cứu; "
                                  "xem ở phần phản ánh việc báo cho họ qua thư điện tử.")
    else:
        messages.error(request, "Không gửi được tin nhắn: hãy chọn phản ánh và nhập nội dung.")
    return _back(case)


@login_required
@require_POST
def case_task(request, pk: int):
    case = _open_case(request, pk)
    if case is None:
        return redirect("intake:case_detail", pk=pk)
    done = request.POST.get("done", "")
    if done:
        task = get_object_or_404(CaseTask, case=case, pk=done if done.isdigit() else -1)
        task.done_at = None if task.done_at else timezone.now()
        task.save(update_fields=["done_at"])
        return _back(case)
    form = TaskForm(request.POST)
    if form.is_valid():
        CaseTask.objects.create(case=case, title=form.cleaned_data["title"], due_at=form.cleaned_data["due_at"])
    else:
        messages.error(request, "Việc cần làm không hợp lệ.")
    return _back(case)


@login_required
@require_POST
def case_link(request, pk: int):
    case = _open_case(request, pk)
    if case is None:
        return redirect("intake:case_detail", pk=pk)
    raw = (request.POST.get("other") or "").upper().removeprefix("VV-").lstrip("0")
    other = access.cases_for(request.user).filter(pk=int(raw) if raw.isdigit() else -1).exclude(pk=case.pk).first()
    if other is None:
        messages.error(request, "Không tìm thấy vụ việc cần liên kết trong phạm vi của bạn.")
    else:
        case.linked.add(other)
        CaseEvent.objects.create(case=case, actor=request.user, text=f"Liên kết với {other.number}")
    return _back(case)


@upload_limit(MAX_FILE_BYTES)
@login_required
@require_POST
def evidence_upload(request, pk: int):
    case = _open_case(request, pk)
    if case is None:
        return redirect("intake:case_detail", pk=pk)
    upload = request.FILES.get("file")
    if request.upload_too_large:
        messages.error(request, too_large_message(MAX_FILE_BYTES))
        return _back(case)
    if upload is None:
        messages.error(request, "Hãy chọn tệp chứng cứ.")
        return _back(case)
    try:
        with transaction.atomic():
            accepted = accept_upload(upload, allowed=IMAGES | VIDEO | {"application/pdf"}, max_bytes=MAX_FILE_BYTES,
                                     keep_original=cats.keeps_original(case.categories))
            services.capture_evidence(case, accepted.file, accepted.name, user=request.user,
                                      viewing_copy=accepted.viewing_copy)
    except UploadError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã lưu chứng cứ.")
    return _back(case)


def _originals_case(request, pk: int) -> Case:
    """The case whose original evidence this person may open; leaders and others in scope get 403."""
    case = access.case_or_404(request.user, pk)
    if not access.may_open_originals(request.user, case):
        raise PermissionDenied(access.ORIGINALS_REFUSED)
    return case


@login_required
def evidence_thumb(request, pk: int, evidence_pk: int):
    """A blurred thumbnail made on the server: not an access to the original, so no custody entry."""
    case = access.case_or_404(request.user, pk)
    evidence = get_object_or_404(Evidence.objects.select_related("file"), case=case, pk=evidence_pk)
    return thumbnail_response(evidence.file, blur=EVIDENCE_BLUR)


@login_required
def evidence_view(request, pk: int, evidence_pk: int):
    """The original, opened (inline) or downloaded (?tai=1): the one access the custody log records.

    Images are shown as their viewing copy without metadata; the bytes as captured go out only in the package.
    """
    case = _originals_case(request, pk)
    evidence = get_object_or_404(Evidence.objects.select_related("file"), case=case, pk=evidence_pk)
    download = request.GET.get("tai") == "1"
    action = CustodyAction.DOWNLOADED if download else CustodyAction.VIEWED
    with transaction.atomic():
        CustodyEntry.objects.create(evidence=evidence, action=action, actor=request.user)
        audit.log_download(request, evidence, reason=f"{CustodyAction(action).label} chứng cứ của vụ việc {case.number}")
    response = viewing_response(evidence, download=download)
    response["Content-Security-Policy"] = "default-src 'none'; img-src 'self'; media-src 'self'"
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def package_create(request, pk: int):
    case = _acting_case(request, pk)
    package = build_package(case, user=request.user)
    messages.success(request, f"Đã lập gói chứng cứ. SHA-256: {package.sha256}")
    return _back(case)


@login_required
def package_download(request, pk: int, package_pk: int):
    case = _originals_case(request, pk)  # the package holds the originals
    package = get_object_or_404(EvidencePackage.objects.select_related("file"), case=case, pk=package_pk)
    with transaction.atomic():
        for evidence in case.evidence.all():
            CustodyEntry.objects.create(evidence=evidence, action=CustodyAction.DOWNLOADED, actor=request.user,
                                        note=f"Tải gói {package.sha256[:12]}")
        audit.log_download(request, package, reason=f"Tải gói chứng cứ SHA-256 {package.sha256}")
    return FileResponse(package.file.open(), as_attachment=True, filename=f"{case.number}-chung-cu.zip",
                        content_type="application/zip")


@login_required
@require_POST
def referral_create(request, pk: int):
    case = _acting_case(request, pk)
    form = ReferralForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy chọn cơ quan tiếp nhận.")
        return _back(case)
    d = form.cleaned_data
    _decide(request, lambda: services.refer(case, d["agency"], user=request.user, with_package=d["with_package"],
                                            their_reference=d["their_reference"], note=d["note"]),
            "Đã ghi nhận chuyển giao.")
    return _back(case)


@login_required
@require_POST
def takedown_create(request, pk: int):
    case = _acting_case(request, pk)
    form = TakedownForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Hãy chọn nền tảng và nhập đường link hợp lệ.")
        return _back(case)
    _decide(request, lambda: services.request_takedown(case, form.cleaned_data["agency"], form.cleaned_data["url"],
                                                       user=request.user),
            "Đã ghi nhận yêu cầu gỡ bỏ.")
    return _back(case)


@login_required
@require_POST
def takedown_update(request, pk: int, takedown_pk: int):
    case = _acting_case(request, pk)
    takedown = get_object_or_404(TakedownRequest, case=case, pk=takedown_pk)
    _decide(request, lambda: services.update_takedown(takedown, request.POST.get("status", ""), user=request.user,
                                                      still_removed=request.POST.get("still_removed", "yes") == "yes"))
    return _back(case)


def _decide(request, decision, success: str = "") -> bool:
    """Run a service decision; its refusal (closed case, step not allowed) is shown, not raised."""
    try:
        decision()
    except services.TransitionError as exc:
        messages.error(request, str(exc))
        return False
    if success:
        messages.success(request, success)
    return True


@login_required
def victim_support(request, pk: int):
    """Victim identity: only child-protection officers of the responsible unit or above. Every view audited."""
    case = permissions.get_in_scope_or_404(Case.objects.select_related("unit"), request.user, "case.view_victim",
                                           pk=pk)
    # Looking creates nothing: the record is made by the first save.
    support = VictimSupport.objects.filter(case=case).first() or VictimSupport(case=case)
    form = VictimForm(initial=instance_data(support))
    action_form = SupportActionForm()
    if request.method == "POST":
        if request.POST.get("action") == "support_action":
            action_form = SupportActionForm(request.POST)
            if action_form.is_valid():
                with transaction.atomic():
                    support, _ = VictimSupport.objects.get_or_create(case=case)
                    SupportAction.objects.create(support=support, by=request.user, **action_form.cleaned_data)
                return redirect("intake:victim_support", pk=case.pk)
        else:
            form = VictimForm(request.POST)
            if form.is_valid():
                with transaction.atomic():
                    support, _ = VictimSupport.objects.get_or_create(case=case)
                    for key, value in form.cleaned_data.items():
                        setattr(support, key, value)
                    support.save()
                messages.success(request, "Đã lưu thông tin hỗ trợ nạn nhân.")
                return redirect("intake:victim_support", pk=case.pk)
    if support.pk is not None:  # an empty page shows nobody: nothing to record
        audit.log_view(request, support, reason="Xem hồ sơ hỗ trợ nạn nhân")
    return render(request, "intake/victim_support.html", {
        "case": case, "support": support, "form": form, "action_form": action_form,
        "actions": support.actions.select_related("by") if support.pk else [],
    })


def instance_data(support: VictimSupport) -> dict:
    return {f: getattr(support, f) for f in VictimForm.base_fields}


@login_required
def stats(request):
    from mangxanh.intake import stats as st

    cases = _cases(request)
    form = st.PeriodForm(request.GET or None)
    data = st.numbers(cases, form.period())  # this month when nothing or something invalid was chosen
    buckets = st.trend(cases, data["period"])
    kind = request.GET.get("xuat")
    if kind in st.EXPORTS and not form.errors:
        return st.export_response(data, buckets, kind)
    return render(request, "intake/stats.html", {**data, "form": form, "chart": st.chart(buckets),
                                                 "buckets": buckets, "query": st.query_without_export(request.GET)})



@login_required
def webhook_log(request):
    """Deliveries to partners' webhooks, every attempt shown: for administrators of the keys' units."""
    permissions.require_anywhere(request.user, "intake.manage_keys")
    deliveries = permissions.scoped(WebhookDelivery.objects.select_related("api_key", "api_key__unit"), request.user,
                                    "intake.manage_keys", field="api_key__unit")
    state = request.GET.get("trang-thai", "")
    if state == "loi":
        deliveries = deliveries.filter(delivered_at__isnull=True)
    deliveries = list(deliveries[:200])
    for d in deliveries:
        d.tries = [{"at": parse_datetime(h.get("at", "")), "ok": h.get("ok"), "result": h.get("result", "")}
                   for h in d.history]
    return render(request, "intake/webhook_log.html", {"deliveries": deliveries, "state": state})
