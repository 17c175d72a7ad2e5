"""Granting roles. A sensitive role (child protection: it opens victims' identities) takes two people.

One administrator asks; the role exists only once a second person approves: another
administrator of the unit (or above) or a leader of it, never the one who asked nor the person
who would receive it. The unit's leaders are told (core.notify: the bell at once, an e-mail after
commit) when it is asked for and when it takes effect, so nobody grants themselves such access unnoticed.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from mangxanh.core.notify import notify
from mangxanh.org import permissions, rules
from mangxanh.org.models import SENSITIVE_ROLES, Membership, Role, RoleRequest, RoleRequestStatus, Unit


def needs_second_person(role: str) -> bool:
    return role in SENSITIVE_ROLES


def grant(actor, person, unit: Unit, role: str) -> Membership | RoleRequest:
    """Give person the role at unit, or, for a sensitive role, ask a second person to approve it.

    The actor must be allowed to grant the role there (rules.can_grant_role): checked here too, so no
    caller can forget it.
    """
    if not rules.can_grant_role(actor, unit, role):
        raise PermissionDenied(f"Bạn không có quyền giao vai trò “{Role(role).label}” tại {unit.name}.")
    if not needs_second_person(role):
        membership = Membership.objects.create(user=person, unit=unit, role=role)
        rules.forget(person)
        return membership
    existing = RoleRequest.objects.filter(user=person, unit=unit, role=role, status=RoleRequestStatus.PENDING).first()
    if existing is not None:
        return existing
    try:
        with transaction.atomic():
            request = RoleRequest.objects.create(user=person, unit=unit, role=role, requested_by=actor)
            notify_leaders(request, "asked")  # the leaders' notice exists exactly when the request does
    except IntegrityError:  # asked twice at once: one request is enough
        return RoleRequest.objects.get(user=person, unit=unit, role=role, status=RoleRequestStatus.PENDING)
    return request


def can_decide(user, request: RoleRequest) -> bool:
    """A second person: not the one who asked, not the one who would receive the role."""
    if not user.is_authenticated or request.status != RoleRequestStatus.PENDING:
        return False
    if user.pk in (request.requested_by_id, request.user_id):
        return False
    return rules.can_grant_role(user, request.unit, request.role) or permissions.can(
        user, "org.approve_sensitive_role", request.unit
    )


def decidable(user):
    """Pending requests this user may approve or reject."""
    pending = RoleRequest.objects.filter(status=RoleRequestStatus.PENDING).select_related(
        "user", "unit", "requested_by"
    )
    return [r for r in pending if can_decide(user, r)]


def _lock_pending(request: RoleRequest, user) -> RoleRequest:
    locked = RoleRequest.objects.select_for_update().select_related("unit", "user").get(pk=request.pk)
    if locked.status != RoleRequestStatus.PENDING:
        raise PermissionDenied("Đề nghị này đã được xử lý.")
    if not can_decide(user, locked):
        raise PermissionDenied(
            "Cần một người thứ hai phê duyệt: người đề nghị và người được giao vai trò không tự phê duyệt được."
        )
    return locked


@transaction.atomic
def approve(request: RoleRequest, user) -> Membership:
    locked = _lock_pending(request, user)
    membership, _ = Membership.objects.get_or_create(user=locked.user, unit=locked.unit, role=locked.role)
    _decide(locked, user, RoleRequestStatus.APPROVED)
    rules.forget(locked.user)
    notify_leaders(locked, "approved")
    return membership


@transaction.atomic
def reject(request: RoleRequest, user) -> None:
    locked = _lock_pending(request, user)
    _decide(locked, user, RoleRequestStatus.REJECTED)


def _decide(request: RoleRequest, user, status: str) -> None:
    request.status = status
    request.decided_by = user
    request.decided_at = timezone.now()
    request.save(update_fields=["status", "decided_by", "decided_at"])


def leaders_of(unit: Unit) -> list:
    """The unit's leaders; where it has none, those of the nearest unit above that has."""
    held = (Membership.objects.holding(Role.LEADER, at_or_above=unit).filter(user__is_active=True)
            .select_related("user", "unit").order_by("-unit__depth", "user_id"))
    nearest = next(iter(held), None)
    return [m.user for m in held if m.unit_id == nearest.unit_id] if nearest else []


def notify_leaders(request: RoleRequest, event: str) -> int:
    """Tell the unit's leaders that a sensitive role was asked for or has taken effect: the in-app notice
    in the caller's transaction, the e-mail queued after it commits (core.notify). Returns e-mails queued."""
    role = Role(request.role).label
    who = request.user.get_full_name() or request.user.get_username()
    asker = request.requested_by.get_full_name() if request.requested_by else "không rõ"
    if event == "asked":
        subject = f"Đề nghị giao vai trò {role}"
        body = (f"{asker} đề nghị giao vai trò “{role}” tại {request.unit.name} cho {who}.\n"
                "Vai trò này cho xem danh tính nạn nhân, nên chỉ có hiệu lực khi một người thứ hai phê duyệt.")
        text = f"{asker} đề nghị giao vai trò “{role}” tại {request.unit.name} cho {who}; cần người thứ hai phê duyệt."
    else:
        approver = request.decided_by.get_full_name() if request.decided_by else "không rõ"
        subject = f"Đã giao vai trò {role}"
        body = (f"{who} đã được giao vai trò “{role}” tại {request.unit.name}: "
                f"{asker} đề nghị, {approver} phê duyệt.\n"
                "Nếu việc này không đúng, hãy gỡ vai trò ngay tại trang Người dùng.")
        text = f"{who} đã được giao vai trò “{role}” tại {request.unit.name} ({approver} phê duyệt)."
    return notify(leaders_of(request.unit), kind="role_request", subject=subject, body=body, text=text,
                  url=reverse("org:role_requests")).emails
