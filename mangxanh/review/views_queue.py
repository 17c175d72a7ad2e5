"""The review queue and a reviewer's actions on a draft (claim, release, decide)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.http import require_POST

from mangxanh.org import permissions
from mangxanh.review import drafts as flow
from mangxanh.review.drafts import WorkflowError
from mangxanh.review.forms import QueueFilterForm
from mangxanh.review.models import Draft, DraftStatus
from mangxanh.review.views_common import (
    _back,
    _draft,
    _int,
    _require_role,
)


def _queue(user):
    drafts = permissions.scoped(Draft.objects.select_related("unit", "author", "claimed_by"), user, "review.decide")
    return drafts.filter(status=DraftStatus.SUBMITTED).in_review_order()


@login_required
def queue(request):
    _require_role(request.user, "review.decide")
    form = QueueFilterForm(request.GET or None)
    drafts = permissions.scoped(Draft.objects.select_related("unit", "author", "claimed_by"), request.user, "review.decide")
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or DraftStatus.SUBMITTED
    if status != "all":
        drafts = drafts.filter(status=status)
    if data.get("mine"):
        drafts = drafts.filter(claimed_by=request.user)
    if data.get("q"):
        drafts = drafts.filter(versions__title__icontains=data["q"]).distinct()
    if data.get("verdict"):
        drafts = drafts.filter(scan_verdict=data["verdict"])
    # Drafts the engine would block come first (DESIGN.md §2.3), then "review", each oldest first.
    rows = [(draft, draft.latest_scan, draft.claim_holder())
            for draft in drafts.in_review_order().with_latest_title()[:300]]
    return render(request, "review/queue.html", {"form": form, "rows": rows})


@login_required
@require_POST
def draft_claim(request, pk: int):
    draft = _draft(request, pk, "review.decide")
    try:
        won = flow.claim(draft, request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return _back(draft)
    if won:
        messages.success(request, "Bạn đã nhận duyệt bài này (giữ trong 30 phút).")
    elif draft.status != DraftStatus.SUBMITTED:
        messages.error(request, "Bài viết không còn ở trạng thái chờ duyệt.")
    else:
        holder = draft.claim_holder()
        messages.error(request, f"Bài này đang do {holder.full_name or holder.username} duyệt." if holder
                       else "Không nhận duyệt được; hãy thử lại.")
    return _back(draft)


@login_required
@require_POST
def draft_release(request, pk: int):
    draft = _draft(request, pk, "review.decide")
    flow.release(draft, request.user)
    messages.success(request, "Đã trả lại quyền duyệt để người khác nhận.")
    return _back(draft)


@login_required
@require_POST
def draft_decide(request, pk: int):
    draft = _draft(request, pk, "review.decide")
    version = draft.latest_version
    passages = []
    quote = request.POST.get("quote", "").strip()
    note = request.POST.get("passage_comment", "").strip()
    if quote and note and version is not None:
        text = version.scan_text()
        start = _int(request.POST.get("start"))
        end = _int(request.POST.get("end"))
        if start is None or end is None or text[start:end] != quote:
            found = text.find(quote)
            start, end = (found, found + len(quote)) if found >= 0 else (None, None)
        passages.append((start, end, quote, note))
    try:
        flow.decide(draft, request.user, request.POST.get("action", ""), request.POST.get("comment", ""),
                    request.POST.get("override_reason", ""), passages)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã ghi nhận quyết định.")
    return _back(draft)
