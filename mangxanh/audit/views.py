from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone

from mangxanh.audit import chain
from mangxanh.audit.access import can_view_log, visible_entries
from mangxanh.audit.export import csv_lines
from mangxanh.audit.forms import AuditFilterForm
from mangxanh.audit.models import Action, AuditEntry

PAGE_SIZE = 50
MAX_EXPORT_ROWS = 200_000


def _filtered(request) -> tuple[AuditFilterForm, object]:
    if not can_view_log(request.user):
        raise PermissionDenied("Chỉ quản trị đơn vị và quản trị hệ thống được xem nhật ký kiểm toán.")
    form = AuditFilterForm(request.GET)
    entries = visible_entries(AuditEntry.objects.select_related("unit"), request.user)
    entries = form.filter(entries) if form.is_valid() else entries.none()
    return form, entries


def _render_list(request, form, entries, status: int = 200, error: str = ""):
    page = Paginator(entries.order_by("-seq"), PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "audit/entry_list.html",
        {"form": form, "page": page, "query": query.urlencode(), "error": error},
        status=status,
    )


@login_required
def entry_list(request):
    form, entries = _filtered(request)
    return _render_list(request, form, entries)


@login_required
def export_csv(request):
    form, entries = _filtered(request)
    if not form.is_valid():
        return _render_list(request, form, entries, status=400)
    count = entries.count()
    if count > MAX_EXPORT_ROWS:
        error = f"Có {count:,} bản ghi, vượt quá giới hạn {MAX_EXPORT_ROWS:,} bản ghi một lần xuất; hãy thu hẹp khoảng thời gian."
        return _render_list(request, form, entries.none(), status=400, error=error.replace(",", "."))
    # The export is itself audited, before any row leaves the server.
    entry = chain.append(
        Action.EXPORT,
        object_type=AuditEntry._meta.label_lower,
        object_repr="Nhật ký kiểm toán (CSV)",
        message=f"Xuất {count} bản ghi; {form.describe()}",
    )
    rows = entries.filter(seq__lt=entry.seq).order_by("seq").iterator(chunk_size=2000)
    response = StreamingHttpResponse(csv_lines(rows), content_type="text/csv; charset=utf-8")
    stamp = timezone.localtime().strftime("%Y%m%d-%H%M")
    response["Content-Disposition"] = f'attachment; filename="nhat-ky-kiem-toan-{stamp}.csv"'
    return response
