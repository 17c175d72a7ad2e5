"""A small JSON API over the review workflow for staff tools (session log-in, CSRF as usual).

Same rules as the screens: objects of another unit answer 404, wrong roles 403, workflow
refusals 409 with a Vietnamese message.
"""

from __future__ import annotations

import json

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, JsonResponse
from django.views.decorators.http import require_GET, require_POST

from mangxanh.org import permissions
from mangxanh.review import drafts as flow
from mangxanh.review.drafts import WorkflowError
from mangxanh.review.models import Draft
from mangxanh.scanning.models import Scan


def _error(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": message}, status=status, json_dumps_params={"ensure_ascii": False})


def _json_errors(view):
    def wrapped(request, *args, **kwargs):
        try:
            return view(request, *args, **kwargs)
        except Http404:
            return _error(404, "Không tìm thấy.")
        except PermissionDenied as exc:
            return _error(403, str(exc) or "Không có quyền.")
        except WorkflowError as exc:
            return _error(409, str(exc))

    wrapped.__name__ = view.__name__
    wrapped.__doc__ = view.__doc__
    return wrapped


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


@login_required
@require_GET
@_json_errors
def draft_list(request):
    if not permissions.can_anywhere(request.user, "review.view"):
        raise PermissionDenied("Bạn không có vai trò phù hợp.")
    drafts = permissions.scoped(Draft.objects.select_related("unit", "claimed_by"), request.user, "review.view")
    status = request.GET.get("status")
    if status:
        drafts = drafts.filter(status=status)
    return _ok({"drafts": [_draft_json(d) for d in drafts[:200]]})


@login_required
@require_GET
@_json_errors
def draft_detail(request, pk: int):
    draft = permissions.get_in_scope_or_404(Draft.objects.select_related("unit"), request.user, "review.view", pk=pk)
    return _ok(_draft_json(draft, full=True))


@login_required
@require_POST
@_json_errors
def draft_claim(request, pk: int):
    draft = permissions.get_in_scope_or_404(Draft.objects.select_related("unit"), request.user, "review.decide", pk=pk)
    if not flow.claim(draft, request.user):
        holder = draft.claim_holder()
        who = holder.full_name or holder.username if holder else ""
        raise WorkflowError(f"Bài này đang do {who} duyệt." if who else "Bài không còn chờ duyệt.")
    return _ok(_draft_json(draft))


@login_required
@require_POST
@_json_errors
def draft_decide(request, pk: int):
    """Body: {"action": "approve|return|reject", "comment": "...", "override_reason": "..."}."""
    draft = permissions.get_in_scope_or_404(Draft.objects.select_related("unit"), request.user, "review.decide", pk=pk)
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return _error(400, "Nội dung gửi lên không phải JSON hợp lệ.")
    if not isinstance(body, dict) or not all(isinstance(body.get(k, ""), str)
                                             for k in ("action", "comment", "override_reason")):
        return _error(400, "Cần một đối tượng JSON với các trường action, comment, override_reason dạng chuỗi.")
    draft = flow.decide(draft, request.user, body.get("action", ""), body.get("comment", ""),
                        body.get("override_reason", ""))
    return _ok(_draft_json(draft))
