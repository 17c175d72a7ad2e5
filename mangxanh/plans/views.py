"""Screens for plans, distribution, activities, indicators and reports. Thin: logic is in services.

Objects outside the person's scope are 404 (mangxanh.org.rules); visible but not theirs to
change is 403.
"""

from __future__ import annotations

import datetime as dt

from django.apps import apps
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.db.models.functions import TruncMonth
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mangxanh import audit
from mangxanh.files.limits import upload_limit
from mangxanh.files.storage import too_large_message
from mangxanh.files.uploads import viewing_response
from mangxanh.org import permissions, rules
from mangxanh.org.models import Unit
from mangxanh.plans import exports, formula, rollup, services, templates_data
from mangxanh.plans.forms import (
    AcknowledgeForm,
    ActivityForm,
    DocumentForm,
    IncidentForm,
    IndicatorForm,
    NarrativeForm,
    PeriodForm,
    SendForm,
)
from mangxanh.plans.models import (
    Activity,
    ActivityEvidence,
    ActivityKind,
    Distribution,
    DistributionStatus,
    Document,
    IncidentReport,
    Indicator,
    Report,
    ReportPeriod,
)
from mangxanh.plans.sections import extra_sections

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "pdf": "application/pdf",
}


def _require(user, unit, capability: str, message="Bạn không có quyền thực hiện thao tác này.") -> None:
    permissions.require(user, capability, unit, message)


def _acting_unit(request, capability: str) -> Unit:
    unit = getattr(request, "unit", None)
    if unit is None or not permissions.can(request.user, capability, unit):
        raise PermissionDenied("Bạn không có quyền thực hiện thao tác này tại đơn vị đang chọn.")
    return unit


def _document(request, pk: int) -> Document:
    """A document issued in the person's scope, or sent to a unit in it."""
    # Two subqueries, not Q objects: a system administrator's scope is an empty Q, which OR would drop.
    issued = rules.scoped(Document.objects.all(), request.user).values("pk")
    received = rules.scoped(Distribution.objects.all(), request.user).values("document_id")
    document = Document.objects.filter(Q(pk__in=issued) | Q(pk__in=received), pk=pk).select_related("unit").first()
    if document is None:
        raise Http404("Không tìm thấy.")
    return document


def _download(data: bytes, name: str, fmt: str) -> HttpResponse:
    response = HttpResponse(data, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


# --- Documents -----------------------------------------------------------------------------------

@login_required
def document_list(request):
    issued = rules.scoped(Document.objects.select_related("unit"), request.user)[:200]
    received = rules.scoped(Distribution.objects.select_related("document", "document__unit", "unit"),
                            request.user).exclude(document__unit__in=[])[:200]
    return render(request, "plans/document_list.html", {"issued": issued, "received": received})


@login_required
def template_list(request):
    if not permissions.root_units(request.user, "plan.issue"):
        raise PermissionDenied("Chỉ lãnh đạo đơn vị mới tạo được văn bản.")
    return render(request, "plans/template_list.html", {"templates": templates_data.all_templates().values()})


@login_required
@require_POST
def template_create(request, code: str):
    unit = _acting_unit(request, "plan.issue")
    try:
        document = services.create_from_template(code, unit, request.user)
    except ValidationError as exc:
        raise Http404(exc.messages[0]) from exc
    messages.success(request, "Đã tạo dự thảo từ mẫu. Hãy kiểm tra, điền số, ngày ban hành rồi gửi các đơn vị.")
    return redirect("plans:document_detail", document.pk)


@login_required
def document_detail(request, pk: int):
    document = _document(request, pk)
    own = rules.can_act_on(request.user, document.unit)
    # The issuer sees every recipient; a commune sees the schools under it.
    distributions = list(rules.scoped(document.distributions.select_related("unit"), request.user))
    pending = [d for d in distributions if d.status != DistributionStatus.ACKNOWLEDGED]
    tasks = list(document.tasks.prefetch_related("assigned_types"))
    progress = []
    for task in tasks:
        units = {a.unit_id for a in task.activities.all()} | {
            a.unit_id for a in Activity.objects.filter(tasks__document__parent=document, tasks__order=task.order)
        }
        progress.append((task, len(units)))
    my_distribution = rules.scoped(document.distributions.all(), request.user).first()
    return render(request, "plans/document_detail.html", {
        "document": document, "distributions": distributions, "pending": pending, "progress": progress,
        "can_lead": permissions.can(request.user, "plan.issue", document.unit), "own": own,
        "periods": document.periods.all(), "my_distribution": my_distribution,
        "acknowledged": len(distributions) - len(pending),
    })


@login_required
def document_edit(request, pk: int):
    document = rules.get_in_scope_or_404(Document.objects.all(), request.user, pk=pk)
    _require(request.user, document.unit, "plan.issue")
    form = DocumentForm(request.POST or None, instance=document)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Đã lưu văn bản.")
        return redirect("plans:document_detail", document.pk)
    return render(request, "plans/form.html", {"form": form, "title": "Sửa văn bản", "back": document})


@login_required
def document_send(request, pk: int):
    document = rules.get_in_scope_or_404(Document.objects.select_related("unit"), request.user, pk=pk)
    _require(request.user, document.unit, "plan.issue")
    form = SendForm(request.POST or None, issuer=document.unit)
    if request.method == "POST" and form.is_valid():
        try:
            units = services.recipients_for(document, root=form.cleaned_data["root"],
                                            type_ids=[t.pk for t in form.cleaned_data["unit_types"]])
            count = services.send(document, units, request.user)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, f"Đã gửi văn bản tới {count} đơn vị.")
            return redirect("plans:document_detail", document.pk)
    return render(request, "plans/form.html", {"form": form, "title": "Gửi văn bản cho đơn vị", "back": document,
                                               "submit_label": "Gửi"})


@login_required
@require_POST
def document_remind(request, pk: int):
    document = rules.get_in_scope_or_404(Document.objects.all(), request.user, pk=pk)
    _require(request.user, document.unit, "plan.issue")
    sent = services.remind(document, request.user)
    messages.success(request, f"Đã nhắc các đơn vị chưa quán triệt ({sent} thư điện tử).")
    return redirect("plans:document_detail", document.pk)


@login_required
def document_export(request, pk: int, fmt: str):
    document = _document(request, pk)
    admin_doc = exports.plan_document(document)
    name = f"van-ban-{document.pk}"
    if fmt == "docx":
        return _download(exports.to_docx(admin_doc), name, fmt)
    if fmt == "pdf":
        return _download(exports.to_pdf(admin_doc), name, fmt)
    rows = [[d.unit.name, d.get_status_display(), d.staff_informed, d.students_informed]
            for d in rules.scoped(document.distributions.select_related("unit"), request.user)]
    data = exports.to_xlsx(document.title, ["Đơn vị", "Trạng thái", "Cán bộ được quán triệt",
                                            "Học sinh được quán triệt"], rows)
    return _download(data, name, "xlsx")


@login_required
def distribution_detail(request, pk: int):
    distribution = rules.get_in_scope_or_404(
        Distribution.objects.select_related("document", "document__unit", "unit"), request.user, pk=pk
    )
    can_work = permissions.can(request.user, "plan.report", distribution.unit)
    if can_work:
        services.mark_received(distribution, request.user)
    form = AcknowledgeForm(request.POST or None, initial={
        "staff": distribution.staff_informed, "students": distribution.students_informed})
    if request.method == "POST":
        if not can_work:
            raise PermissionDenied("Bạn không có quyền xác nhận cho đơn vị này.")
        if form.is_valid():
            services.acknowledge(distribution, request.user, staff=form.cleaned_data["staff"],
                                 students=form.cleaned_data["students"], note=form.cleaned_data["note"])
            messages.success(request, "Đã xác nhận quán triệt văn bản.")
            return redirect("plans:distribution_detail", distribution.pk)
    return render(request, "plans/distribution_detail.html", {
        "distribution": distribution, "form": form, "can_work": can_work,
        "can_lead": permissions.can(request.user, "plan.issue", distribution.unit),
    })


@login_required
@require_POST
def distribution_implement(request, pk: int):
    distribution = rules.get_in_scope_or_404(Distribution.objects.select_related("document", "unit"),
                                             request.user, pk=pk)
    _require(request.user, distribution.unit, "plan.issue")
    document = services.implement(distribution, request.user)
    messages.success(request, "Đã tạo kế hoạch triển khai của đơn vị, điền sẵn từ kế hoạch cấp trên.")
    return redirect("plans:document_detail", document.pk)


# --- Activities ----------------------------------------------------------------------------------

@login_required
def activity_list(request):
    activities = rules.scoped(Activity.objects.select_related("unit"), request.user)[:300]
    return render(request, "plans/activity_list.html", {"activities": activities,
                                                        "can_add": bool(permissions.root_units(request.user, "plan.report"))})


@upload_limit(lambda: services.EVIDENCE_MAX_BYTES)
@login_required
def activity_create(request):
    unit = _acting_unit(request, "plan.report")
    tasks = services.tasks_for_activity(unit)
    form = ActivityForm(request.POST or None, request.FILES or None, tasks=tasks)
    if request.method == "POST":
        if request.upload_too_large:
            form.add_error("evidence", too_large_message(services.EVIDENCE_MAX_BYTES))
        elif form.is_valid():
            data = {k: v for k, v in form.cleaned_data.items() if k not in ("evidence", "tasks")}
            files = [form.cleaned_data["evidence"]] if form.cleaned_data.get("evidence") else []
            try:
                activity = services.record_activity(unit, request.user, data, files=files,
                                                    tasks=form.cleaned_data["tasks"])
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, "Đã ghi nhận hoạt động.")
                return redirect("plans:activity_detail", activity.pk)
    return render(request, "plans/form.html", {"form": form, "title": f"Ghi nhận hoạt động – {unit.name}",
                                               "multipart": True})


@login_required
def activity_detail(request, pk: int):
    activity = rules.get_in_scope_or_404(Activity.objects.select_related("unit"), request.user, pk=pk)
    return render(request, "plans/activity_detail.html", {"activity": activity})


@login_required
def evidence_download(request, pk: int):
    evidence = rules.get_in_scope_or_404(ActivityEvidence.objects.select_related("file", "activity__unit"),
                                         request.user, field="activity__unit", pk=pk)
    audit.log_download(request, evidence, reason=f"Tải minh chứng hoạt động #{evidence.activity_id}",
                       unit=evidence.activity.unit)
    return viewing_response(evidence, download=True)


# --- Indicators and dashboard -----------------------------------------------------------------------

def indicator_rows(unit: Unit | None) -> list[tuple[Indicator, float, bool]]:
    """Indicators set by this unit or any unit above it, valued over this unit's subtree."""
    if unit is None:
        return []
    rows = []
    for indicator in Indicator.objects.filter(unit__path__in=unit.ancestor_paths()):
        value = formula.evaluate(indicator.formula, unit, period=indicator.period)
        rows.append((indicator, value, value >= float(indicator.target)))
    return rows


@login_required
def indicator_list(request):
    unit = getattr(request, "unit", None)
    rows = indicator_rows(unit)
    return render(request, "plans/indicator_list.html", {"rows": rows, "unit": unit,
                                                         "can_add": bool(permissions.root_units(request.user, "plan.issue"))})


@login_required
def indicator_create(request):
    unit = _acting_unit(request, "plan.issue")
    form = IndicatorForm(request.POST or None, instance=Indicator(unit=unit))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Đã lưu chỉ tiêu.")
        return redirect("plans:indicator_list")
    return render(request, "plans/form.html", {"form": form, "title": "Chỉ tiêu mới", "help": formula.FUNCTIONS})


@login_required
def dashboard(request):
    unit = getattr(request, "unit", None)
    if request.GET.get("unit"):
        try:
            unit = rules.get_in_scope_or_404(Unit.objects.all(), request.user, field=None, pk=int(request.GET["unit"]))
        except ValueError as exc:
            raise Http404("Không tìm thấy.") from exc
    if unit is None:
        raise PermissionDenied("Bạn chưa thuộc đơn vị nào.")
    start, end = formula.period_range(request.GET.get("period", "year"), timezone.localdate())
    totals = rollup.rollup(unit, start, end)
    children = list(unit.child_units().order_by("path"))
    rows = [(child, totals[child.pk], rollup.share(totals[child.pk]["active_schools"]["any"],
                                                   totals[child.pk]["schools"])) for child in children]
    total = totals[unit.pk]
    months = _activities_by_month(unit, start, end)
    chart = {
        "months": [m for m, _ in months],
        "month_values": [n for _, n in months],
        "labels": [str(label) for label in ActivityKind.labels],
        "values": [total["by_kind"][k] for k in ActivityKind.values],
        "units": [c.short_name or c.name for c in children[:40]],
        "unit_values": [totals[c.pk]["activities"] for c in children[:40]],
    }
    return render(request, "plans/dashboard.html", {
        "unit": unit, "rows": rows, "total": total, "chart": chart,
        "share": rollup.share(total["active_schools"]["any"], total["schools"]),
        "parent": unit.parent_unit() if unit.depth > 1 else None, "indicators": indicator_rows(unit),
        # What an empty dashboard offers instead of blank charts.
        "can_record": permissions.can(request.user, "plan.report", unit) and getattr(request, "unit", None) == unit,
        "can_lead": permissions.can(request.user, "plan.issue", unit),
    })


def _activities_by_month(unit: Unit, start, end) -> list[tuple[str, int]]:
    qs = Activity.objects.filter(unit__path__startswith=unit.path)
    if start:
        qs = qs.filter(held_on__gte=start)
    if end:
        qs = qs.filter(held_on__lte=end)
    rows = qs.annotate(month=TruncMonth("held_on")).values("month").annotate(n=Count("id")).order_by("month")
    return [(f"{row['month']:%m/%Y}", row["n"]) for row in rows]


# --- Reports ----------------------------------------------------------------------------------------

@login_required
def report_list(request):
    issued = rules.scoped(Document.objects.all(), request.user).values("pk")
    received = rules.scoped(Distribution.objects.all(), request.user).values("document_id")
    periods = ReportPeriod.objects.filter(Q(document__in=issued) | Q(document__in=received)).select_related(
        "document").distinct()[:100]
    reports = rules.scoped(Report.objects.select_related("period", "unit"), request.user)[:300]
    incidents = rules.scoped(IncidentReport.objects.select_related("unit"), request.user)[:10]
    return render(request, "plans/report_list.html", {"periods": periods, "reports": reports,
                                                      "incidents": incidents})


@login_required
def period_create(request, pk: int):
    document = rules.get_in_scope_or_404(Document.objects.all(), request.user, pk=pk)
    _require(request.user, document.unit, "plan.issue")
    today = timezone.localdate()
    suggestion = services.suggested_period(document, today)
    chosen = _calendar_choice(request, document, today)
    if chosen is not None:
        suggestion = chosen
    form = PeriodForm(request.POST or None, instance=ReportPeriod(document=document), initial={
        "name": suggestion.name, "starts_on": suggestion.starts_on, "ends_on": suggestion.ends_on,
        "deadline": suggestion.deadline})
    if request.method == "POST" and form.is_valid():
        services.create_period(document, user=request.user, **form.cleaned_data)
        messages.success(request, "Đã tạo kỳ báo cáo.")
        return redirect("plans:document_detail", document.pk)
    return render(request, "plans/period_form.html", {
        "form": form, "title": "Kỳ báo cáo mới", "back": document, "suggestion": suggestion,
        "calendar": services.deadline_calendar(document, today),
        "bad_choice": "han" in request.GET and chosen is None,
    })


def _calendar_choice(request, document: Document, today) -> ReportPeriod | None:
    """?han=YYYY-MM-DD: a period ending on that date of the plan's calendar."""
    raw = request.GET.get("han", "")
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        return None
    return services.period_for_deadline(document, day, today)


@login_required
def report_open(request, pk: int):
    """The acting unit's report for a period (created on first visit)."""
    unit = _acting_unit(request, "plan.report")
    period = ReportPeriod.objects.filter(pk=pk).select_related("document").first()
    if period is None or unit.pk not in {u.pk for u in services.report_units(period)}:
        raise Http404("Không tìm thấy.")
    return redirect("plans:report_detail", services.report_for(period, unit).pk)


def _report(request, pk: int) -> Report:
    return rules.get_in_scope_or_404(Report.objects.select_related("period__document", "unit"), request.user,
                                     pk=pk)


@login_required
def report_detail(request, pk: int):
    report = _report(request, pk)
    can_edit = permissions.can(request.user, "plan.report", report.unit) and not report.is_locked
    form = NarrativeForm(request.POST or None, initial={f: getattr(report, f) for f in ("results", "limits",
                                                                                          "causes", "proposals")})
    if request.method == "POST":
        if not permissions.can(request.user, "plan.report", report.unit):
            raise PermissionDenied("Bạn không có quyền sửa báo cáo này.")
        if form.is_valid():
            try:
                services.edit_narrative(report, request.user, form.cleaned_data)
            except ValidationError as exc:
                messages.error(request, exc.messages[0])
            else:
                messages.success(request, "Đã lưu báo cáo.")
            return redirect("plans:report_detail", report.pk)
    numbers = services.live_numbers(report)
    return render(request, "plans/report_detail.html", {
        "report": report, "form": form, "can_edit": can_edit, "numbers": numbers,
        "can_lead": permissions.can(request.user, "plan.issue", report.unit),
        "can_reopen": report.is_locked and services.can_reopen(request.user, report),
        "table": exports.report_table(report, numbers),
        "extra_sections": extra_sections(report),
        "is_top_level": report.unit.parent_unit() is None, "top_level_note": services.TOP_LEVEL_REPORT,
    })


@login_required
@require_POST
def report_action(request, pk: int, action: str):
    report = _report(request, pk)
    try:
        if action == "approve":
            services.approve(report, request.user)
            messages.success(request, "Đã duyệt báo cáo.")
        elif action == "submit":
            services.submit(report, request.user)
            messages.success(request, "Đã gửi báo cáo lên cấp trên.")
        else:
            services.reopen(report, request.user, request.POST.get("reason", ""))
            messages.success(request, "Đã mở lại báo cáo để đơn vị sửa.")
    except ValidationError as exc:
        if not permissions.can(request.user, "plan.issue", report.unit) and not services.can_reopen(
                request.user, report):
            raise PermissionDenied(exc.messages[0]) from exc
        messages.error(request, exc.messages[0])
    return redirect("plans:report_detail", report.pk)


@login_required
def report_export(request, pk: int, fmt: str):
    report = _report(request, pk)
    numbers = services.live_numbers(report)
    name = f"bao-cao-{report.unit.code}-{report.period.pk}"
    if fmt == "xlsx":
        headers, rows = exports.report_table(report, numbers)
        return _download(exports.to_xlsx(f"{report.period.name} – {report.unit.name}", headers, rows), name, fmt)
    admin_doc = exports.report_document(report, numbers)
    data = exports.to_docx(admin_doc) if fmt == "docx" else exports.to_pdf(admin_doc)
    return _download(data, name, fmt)


@login_required
def incident_list(request):
    incidents = list(rules.scoped(IncidentReport.objects.select_related("unit"), request.user)[:200])
    return render(request, "plans/incident_list.html", {"incidents": incidents,
                                                        "can_add": bool(permissions.root_units(request.user, "plan.report"))})




def _case_for_incident(request):
    """The intake case an incident report is raised from (?vu-viec=<id>), when cases exist."""
    raw = request.GET.get("vu-viec") or request.POST.get("case")
    if not raw or not apps.is_installed("mangxanh.intake"):
        return None
    Case = apps.get_model("intake", "Case")
    try:
        return permissions.get_in_scope_or_404(Case.objects.select_related("unit"), request.user, "plan.report_incident", pk=int(raw))
    except ValueError as exc:
        raise Http404("Không tìm thấy.") from exc


@login_required
def incident_create(request):
    case = _case_for_incident(request)
    if case is not None:
        unit = case.unit
        _require(request.user, unit, "plan.report_incident")
        initial = {"title": f"Vụ việc: {case.title}"[:300], "occurred_on": timezone.localdate(case.opened_at)}
    else:
        unit = _acting_unit(request, "plan.report")
        initial = {}
    form = IncidentForm(request.POST or None, initial=initial,
                        instance=IncidentReport(unit=unit, created_by=request.user))
    if request.method == "POST" and form.is_valid():
        data = {k: form.cleaned_data[k] for k in ("title", "occurred_on", "description", "measures")}
        if case is not None:
            data["case_ref"] = f"intake.case:{case.pk}"
        try:
            incident = services.raise_incident(unit, request.user, data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, "Đã gửi báo cáo đột xuất tới đơn vị cấp trên.")
            return redirect("plans:incident_detail", incident.pk)
    return render(request, "plans/form.html", {"form": form, "title": f"Báo cáo đột xuất – {unit.name}",
                                               "case": case})


@login_required
def incident_detail(request, pk: int):
    incident = rules.get_in_scope_or_404(IncidentReport.objects.select_related("unit"), request.user, pk=pk)
    if incident.seen_at is None and incident.unit.depth > 1:
        parent = incident.unit.parent_unit()
        if permissions.can(request.user, "plan.report", parent):
            incident.seen_at = timezone.now()
            incident.save(update_fields=["seen_at"])
    return render(request, "plans/incident_detail.html", {"incident": incident})
