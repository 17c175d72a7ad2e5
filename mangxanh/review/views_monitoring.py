"""Monitoring after publication: flagged tasks, archive rescans and notifications."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mangxanh.org import permissions
from mangxanh.org.models import Unit
from mangxanh.review.flagged import decide_task
from mangxanh.review.forms import TaskDecisionForm
from mangxanh.review.models import (
    FlaggedTask,
    Notification,
    RescanJob,
    TaskStatus,
)
from mangxanh.review.views_common import _int, _require_role
from mangxanh.scanning.service import highlight


def _task(request, pk: int) -> FlaggedTask:
    return permissions.get_in_scope_or_404(FlaggedTask.objects.select_related("item__channel", "unit"), request.user,
                                     "monitor.handle", pk=pk)


@login_required
def task_list(request):
    _require_role(request.user, "monitor.handle")
    tasks = permissions.scoped(FlaggedTask.objects.select_related("item__channel", "unit"), request.user, "monitor.handle")
    if request.GET.get("all") != "1":
        tasks = tasks.exclude(status=TaskStatus.DONE)
    units = permissions.scoped(Unit.objects.filter(is_active=True), request.user, "monitor.handle", field=None)
    jobs = permissions.scoped(RescanJob.objects.select_related("unit"), request.user, "monitor.handle")[:5]
    return render(request, "review/task_list.html", {"tasks": tasks[:300], "units": units[:200], "jobs": jobs})


@login_required
def task_detail(request, pk: int):
    task = _task(request, pk)
    scan = task.scan
    findings = list(scan.findings.all()) if scan else []
    initial = {"decision": task.decision, "reason": task.reason, "correction_text": task.correction_text,
               "due_at": task.due_at, "done": task.status == TaskStatus.DONE}
    form = TaskDecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        decide_task(task, user=request.user, **form.cleaned_data)
        messages.success(request, "Đã lưu quyết định xử lý.")
        return redirect("review:task_detail", pk=task.pk)
    segments = highlight(task.item.scan_text(), findings)
    disclosure = any(f.context == "disclosure" for f in findings)
    return render(request, "review/task_detail.html",
                  {"task": task, "findings": findings, "segments": segments, "form": form, "disclosure": disclosure})


@login_required
@require_POST
def rescan_start(request):
    from mangxanh.review.tasks import rescan_archive

    _require_role(request.user, "monitor.handle")
    unit = permissions.get_in_scope_or_404(Unit.objects.all(), request.user, "monitor.handle", field=None,
                                     pk=_int(request.POST.get("unit")) or 0)
    job = RescanJob.objects.create(unit=unit, started_by=request.user)
    rescan_archive.enqueue(job.pk)
    messages.success(request, "Đã bắt đầu quét lại toàn bộ bài đã đăng.")
    return redirect("review:rescan_status", pk=job.pk)


@login_required
def rescan_status(request, pk: int):
    job = permissions.get_in_scope_or_404(RescanJob.objects.select_related("unit"), request.user, "monitor.handle", pk=pk)
    template = "review/_rescan.html" if request.headers.get("HX-Request") else "review/rescan.html"
    return render(request, template, {"job": job})


@login_required
def notifications(request):
    items = Notification.objects.filter(user=request.user)[:100]
    unread = [n.pk for n in items if n.read_at is None]
    response = render(request, "review/notifications.html", {"items": items, "unread": set(unread)})
    Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return response
