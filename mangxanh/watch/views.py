"""Screens of the security watch: the unit's incidents, one incident's handling, channel hygiene.

Objects of another unit are 404 (mangxanh.org.rules.get_in_scope_or_404)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mangxanh.org import permissions, rules
from mangxanh.review.models import OfficialChannel
from mangxanh.watch import hygiene as hygiene_service
from mangxanh.watch import incidents, security_plan
from mangxanh.watch.models import (
    CHECKLIST,
    ChannelHygiene,
    FeedProfile,
    HandoverTask,
    IncidentStatus,
    SecurityIncident,
    SiteCheck,
    WatchedSite,
)


def _require_role(user) -> None:
    if not permissions.can_anywhere(user, "watch.view"):
        raise PermissionDenied("Bạn không có vai trò phù hợp để dùng chức năng này.")


def _incident(request, pk: int) -> SecurityIncident:
    return permissions.get_in_scope_or_404(SecurityIncident.objects.select_related("unit", "channel"), request.user,
                                     "watch.view", pk=pk)


@login_required
def incident_list(request):
    _require_role(request.user)
    incidents_qs = permissions.scoped(SecurityIncident.objects.select_related("unit", "channel"), request.user, "watch.view")
    if not request.GET.get("all"):
        incidents_qs = incidents_qs.exclude(status=IncidentStatus.CLOSED)
    return render(request, "watch/incident_list.html", {"incidents": incidents_qs[:200],
                                                        "sites": _site_status(request.user)})


def _site_status(user) -> list[tuple[WatchedSite, SiteCheck | None]]:
    """Each watched website in scope with its latest check (availability, TLS, headers)."""
    sites = permissions.scoped(WatchedSite.objects.select_related("channel__unit"), user, "watch.view",
                         field="channel__unit").order_by("channel__unit__path", "base_url")[:200]
    return [(site, site.checks.order_by("-started_at", "-pk").first()) for site in sites]


@login_required
def incident_detail(request, pk: int):
    incident = _incident(request, pk)
    draft = incidents.notification_draft(incident) if incident.personal_data_risk else ""
    return render(request, "watch/incident_detail.html", {
        "incident": incident, "draft": draft, "statuses": IncidentStatus.choices, "checklist": CHECKLIST,
    })


@login_required
@require_POST
def incident_action(request, pk: int):
    incident = _incident(request, pk)
    action = request.POST.get("action", "")
    try:
        if action == "checklist":
            incidents.set_checklist(incident, set(request.POST.getlist("done")), user=request.user)
            messages.success(request, "Đã lưu các bước khoanh vùng.")
        elif action == "personal_data":
            incidents.mark_personal_data_risk(incident, user=request.user)
            messages.warning(request, "Đã bắt đầu tính hạn 72 giờ thông báo về việc lộ dữ liệu cá nhân.")
        elif action == "notified":
            incidents.mark_notified(incident, user=request.user)
            messages.success(request, "Đã ghi nhận thông báo.")
        elif action == "status":
            incidents.change_status(incident, request.POST.get("status", ""), user=request.user)
            messages.success(request, "Đã cập nhật trạng thái sự cố.")
        elif action == "notes":
            incidents.save_notes(incident, request.POST.get("notes", ""), user=request.user)
            messages.success(request, "Đã lưu ghi chú.")
        else:
            messages.error(request, "Thao tác không hợp lệ.")
    except incidents.IncidentError as exc:
        messages.error(request, str(exc))
    return redirect("watch:incident_detail", pk=incident.pk)


@login_required
def incident_report(request, pk: int):
    incident = _incident(request, pk)
    response = HttpResponse(
        incidents.report_docx(incident),
        content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    )
    response["Content-Disposition"] = f'attachment; filename="bao-cao-su-co-{incident.number}.docx"'
    return response


@login_required
def hygiene(request):
    _require_role(request.user)
    roots = [u for u in permissions.root_units(request.user, "watch.view")] if not rules.is_system_admin(request.user) \
        else list(rules.visible_units(request.user).filter(depth=1))
    summaries = [(root, *hygiene_service.rollup(root)) for root in roots]
    rows = [row for _, _, unit_rows in summaries for row in unit_rows]
    reviews = security_plan.plan_reviews(row.unit for row in rows)
    for row in rows:
        row.security_plan, row.plan_review_due = reviews.get(row.unit.pk, (None, None))
    handovers = permissions.scoped(HandoverTask.objects.filter(done_at__isnull=True).select_related("channel", "unit"),
                             request.user, "watch.view")
    return render(request, "watch/hygiene.html", {"summaries": summaries, "handovers": handovers,
                                                  "today": timezone.localdate(),
                                                  "plan_template": security_plan.TEMPLATE_CODE})


class RecoveryEmailForm(forms.ModelForm):
    class Meta:
        model = ChannelHygiene
        fields = ["recovery_email"]


@login_required
def hygiene_edit(request, pk: int):
    channel = permissions.get_in_scope_or_404(OfficialChannel.objects.select_related("unit"), request.user, "watch.view",
                                        pk=pk)
    record, _ = ChannelHygiene.objects.get_or_create(channel=channel)
    profile, _ = FeedProfile.objects.get_or_create(channel=channel)
    if request.method == "POST" and request.POST.get("form") == "approval":
        # The posts-need-an-approval-code rule of the feed watch (feedwatch.check_unapproved).
        profile.require_approval_code = request.POST.get("require_approval_code") == "on"
        profile.save(update_fields=["require_approval_code", "updated_at"])
        messages.success(request, "Đã lưu quy định mã phê duyệt cho bài đăng của kênh.")
        return redirect("watch:hygiene_edit", channel.pk)
    form = RecoveryEmailForm(request.POST or None, instance=record)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Đã lưu thư điện tử khôi phục.")
        return redirect("watch:hygiene")
    report = hygiene_service.report(channel)
    return render(request, "watch/hygiene_edit.html", {"channel": channel, "form": form, "report": report,
                                                       "profile": profile})


@login_required
@require_POST
def handover_done(request, pk: int):
    task = permissions.get_in_scope_or_404(HandoverTask.objects.select_related("channel"), request.user, "watch.view", pk=pk)
    if task.done_at is None:
        hygiene_service.complete_handover(task, request.user)
        messages.success(request, f"Đã ghi nhận bàn giao kênh “{task.channel.name}”.")
    return redirect("watch:hygiene")
