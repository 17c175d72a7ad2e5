"""A small JSON API over the review workflow for staff tools (session log-in, CSRF as usual).

Same rules as the screens: objects of another unit answer 404, wrong roles 403, workflow
refusals 409 with a Vietnamese message. Errors have the partner API's format (core.api_errors).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import JsonResponse
from django.views.decorators.http import require_GET, require_POST

from mangxanh.core.api_errors import ApiError, body_problem, json_errors
from mangxanh.org import permissions
from mangxanh.review import drafts as flow
from mangxanh.review.drafts import WorkflowError
from mangxanh.review.models import Draft
from mangxanh.scanning.models import Scan

# Workflow refusals are 409s in the APIs' one error format, with the workflow's Vietnamese message.
_json_errors = json_errors({WorkflowError: (409, "conflict", "The workflow refused this step.")})


def _draft_json(draft: Draft, full: bool = False) -> dict:
    version = draft.latest_version
    scan = Scan.objects.latest_for(version) if version else None
    holder = draft.claim_holder()
    data = {
        "id": draft.pk,
        "unit": draft.unit.code,
        "title": version.title if version else "",
        "status": draft.status,
        "version": version.number if version else None,
        "verdict": scan.verdict if scan else "",
        "scan_status": scan.status if scan else "",
        "claimed_by": holder.username if holder else None,
        "approval_code": draft.approval_code,
    }
    if full and version:
        data["text"] = version.scan_text()
        data["findings"] = [
            {"category": f.category, "severity": f.severity, "rule": f.rule, "start": f.start, "end": f.end,
             "evidence": f.evidence, "explanation": f.explanation, "suggestion": f.suggestion}
            for f in (scan.findings.all() if scan else [])
        ]
    return data


def _ok(data, status: int = 200) -> JsonResponse:
    return JsonResponse(data, status=status, json_dumps_params={"ensure_ascii": False})


@_json_errors
@login_required
@require_GET
def draft_list(request):
    if not permissions.can_anywhere(request.user, "review.view"):
        raise PermissionDenied("Bạn không có vai trò phù hợp.")
    drafts = permissions.scoped(Draft.objects.select_related("unit", "claimed_by"), request.user, "review.view")
    status = request.GET.get("status")
    if status:
        drafts = drafts.filter(status=status)
    return _ok({"drafts": [_draft_json(d) for d in drafts[:200]]})


@_json_errors
@login_required
@require_GET
def draft_detail(request, pk: int):
    draft = permissions.get_in_scope_or_404(Draft.objects.select_related("unit"), request.user, "review.view", pk=pk)
    return _ok(_draft_json(draft, full=True))


@_json_errors
@login_required
@require_POST
def draft_claim(request, pk: int):
    draft = permissions.get_in_scope_or_404(Draft.objects.select_related("unit"), request.user, "review.decide", pk=pk)
    if not flow.claim(draft, request.user):
        holder = draft.claim_holder()
        who = holder.full_name or holder.username if holder else ""
        raise WorkflowError(f"Bài này đang do {who} duyệt." if who else "Bài không còn chờ duyệt.")
    return _ok(_draft_json(draft))


@_json_errors
@login_required
@require_POST
def draft_decide(request, pk: int):
    """Body: {"action": "approve|return|reject", "comment": "...", "override_reason": "..."}."""
    draft = permissions.get_in_scope_or_404(Draft.objects.select_related("unit"), request.user, "review.decide", pk=pk)
    body = body_problem(request)
    if isinstance(body, ApiError):
        raise body
    wrong = [{"field": k, "problem": "Phải là một chuỗi ký tự."}
             for k in ("action", "comment", "override_reason") if not isinstance(body.get(k, ""), str)]
    if wrong:
        raise ApiError(422, "invalid", "Dữ liệu gửi lên không hợp lệ.", "The request data is invalid.", wrong)
    draft = flow.decide(draft, request.user, body.get("action", ""), body.get("comment", ""),
                        body.get("override_reason", ""))
    return _ok(_draft_json(draft))
