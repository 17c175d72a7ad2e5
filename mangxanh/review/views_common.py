"""Helpers shared by the review screens (drafts, queue, channels, monitoring, statistics).

Objects of another unit are 404 (mangxanh.org.permissions.get_in_scope_or_404); the workflow rules
live in mangxanh.review.drafts, the views only translate requests and errors.
"""

from __future__ import annotations

from django.shortcuts import redirect

from mangxanh.org import permissions
from mangxanh.review.models import Draft


def _require_role(user, capability: str) -> None:
    permissions.require_anywhere(user, capability, "Bạn không có vai trò phù hợp để dùng chức năng này.")


def _draft(request, pk: int, capability: str = "review.view") -> Draft:
    return permissions.get_in_scope_or_404(Draft.objects.select_related("unit", "author"), request.user, capability,
                                           pk=pk)


def _back(draft: Draft):
    return redirect("review:draft_detail", pk=draft.pk)


def _can_write(user) -> bool:
    return permissions.can_anywhere(user, "review.edit")


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
