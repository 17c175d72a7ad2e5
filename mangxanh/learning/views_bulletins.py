"""Scam-alert bulletins: draft from a closed case, review and publish, send to schools' channels."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from mangxanh.intake import access
from mangxanh.intake.models import Case, CaseState
from mangxanh.learning import bulletins
from mangxanh.learning.models import ScamBulletin
from mangxanh.org import permissions


def _bulletin(request, pk: int) -> ScamBulletin:
    return get_object_or_404(bulletins.visible_to(request.user), pk=pk)


@permissions.requires("learning.bulletin_edit", "Bạn không có quyền soạn bản tin cảnh báo.")
def bulletin_list(request):
    items = bulletins.visible_to(request.user)[:200]
    cases = []
    if access.may_view_cases(request.user):
        used = ScamBulletin.objects.filter(case__isnull=False).values("case_id")
        cases = [c for c in access.cases_for(request.user).filter(state=CaseState.CLOSED).exclude(pk__in=used)[:300]
                 if bulletins.is_scam_case(c)][:50]
    return render(request, "learning/bulletin_list.html", {"bulletins": items, "cases": cases})


@login_required
@require_POST
def bulletin_from_case(request, pk: int):
    case = permissions.get_in_scope_or_404(Case.objects.select_related("unit"), request.user,
                                           "learning.bulletin_draft", pk=pk)
    try:
        # Published by the drafter's highest unit above the case: a Sở officer warns the whole province.
        roots = permissions.root_units(request.user, "learning.bulletin_draft")
        unit = next((u for u in roots if case.unit.is_within(u)), case.unit)
        bulletin = bulletins.draft_from_case(case, request.user, unit)
    except bulletins.BulletinError as exc:
        messages.error(request, str(exc))
        return redirect("learning:bulletin_list")
    messages.success(request, "Đã soạn bản tin đã ẩn thông tin người bị hại; hãy đọc lại, sửa rồi duyệt đăng.")
    return redirect("learning:bulletin_detail", pk=bulletin.pk)


@login_required
def bulletin_detail(request, pk: int):
    bulletin = _bulletin(request, pk)
    error = ""
    if request.method == "POST":
        try:
            bulletins.update(bulletin, request.user, request.POST.get("title", ""), request.POST.get("body", ""))
        except bulletins.BulletinError as exc:
            error = str(exc)
        else:
            messages.success(request, "Đã lưu bản tin.")
            return redirect("learning:bulletin_detail", pk=bulletin.pk)
    data = request.POST if request.method == "POST" else {"title": bulletin.title, "body": bulletin.body}
    return render(request, "learning/bulletin_detail.html", {
        "bulletin": bulletin, "data": data, "error": error,
        "leftovers": bulletins.leftovers(f"{bulletin.title}\n{bulletin.body}"),
        "can_publish": permissions.can(request.user, "learning.bulletin_publish", bulletin.unit),
        "pushes": bulletin.pushes.select_related("unit")}, status=400 if error else 200)


def _publisher_bulletin(request, pk: int) -> ScamBulletin:
    bulletin = _bulletin(request, pk)
    if not permissions.can(request.user, "learning.bulletin_publish", bulletin.unit):
        raise PermissionDenied(bulletins.PUBLISH_DENIED)
    return bulletin


@login_required
@require_POST
def bulletin_publish(request, pk: int):
    bulletin = _publisher_bulletin(request, pk)
    try:
        if request.POST.get("action") == "withdraw":
            bulletins.withdraw(bulletin, request.user)
            messages.success(request, "Đã gỡ bản tin khỏi trang hướng dẫn cha mẹ.")
        else:
            bulletins.publish(bulletin, request.user)
            messages.success(request, "Đã đăng bản tin trên trang hướng dẫn cha mẹ.")
    except bulletins.BulletinError as exc:
        messages.error(request, str(exc))
    return redirect("learning:bulletin_detail", pk=bulletin.pk)


@login_required
@require_POST
def bulletin_push(request, pk: int):
    bulletin = _publisher_bulletin(request, pk)
    try:
        sent = bulletins.push_to_schools(bulletin, request.user)
        messages.success(request, f"Đã gửi bản tin tới {sent} trường dưới dạng bài viết chờ duyệt cho kênh của trường.")
    except bulletins.BulletinError as exc:
        messages.error(request, str(exc))
    return redirect("learning:bulletin_detail", pk=bulletin.pk)
