"""Helpers shared by the review screens (drafts, queue, channels, monitoring, statistics).

Objects of another unit are 404 (mangxanh.org.rules.get_in_scope_or_404); the workflow rules
live in mangxanh.review.drafts, the views only translate requests and errors.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from mangxanh.org import rules
from mangxanh.org.models import Role
from mangxanh.review.drafts import EDITOR_ROLES, VIEW_ROLES
from mangxanh.review.forms import CHANNEL_ROLES
from mangxanh.review.models import Draft

CHANNEL_VIEW_ROLES = CHANNEL_ROLES | {Role.EDITOR, Role.REVIEWER}
MONITOR_ROLES = frozenset({Role.REVIEWER, Role.LEADER, Role.UNIT_ADMIN})


def _require_role(user, roles) -> None:
    if not rules.is_system_admin(user) and not (rules.roles_of(user) & set(roles)):
        raise PermissionDenied("Bạn không có vai trò phù hợp để dùng chức năng này.")


def _draft(request, pk: int, roles=VIEW_ROLES) -> Draft:
    return rules.get_in_scope_or_404(Draft.objects.select_related("unit", "author"), request.user, roles, pk=pk)


def _back(draft: Draft):
    return redirect("review:draft_detail", pk=draft.pk)


def _can_write(user) -> bool:
    return rules.is_system_admin(user) or bool(rules.roles_of(user) & EDITOR_ROLES)



def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None
