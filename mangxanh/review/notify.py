"""Notifications about drafts and monitoring, through the one service (mangxanh.core.notify)."""

from __future__ import annotations

from django.urls import reverse

from mangxanh.core import notify as service
from mangxanh.org import permissions
from mangxanh.org.models import Membership, Unit

SUBJECTS = {
    "waiting": "Bài viết chờ duyệt",
    "returned": "Bài viết bị trả lại để sửa",
    "approved": "Bài viết đã được duyệt",
    "rejected": "Bài viết bị từ chối",
    "overdue": "Việc quá hạn",
    "flagged": "Bài đã đăng cần xem xét",
    "disclosure": "Có người cần giúp đỡ trên kênh của đơn vị",
}


def notify(users, kind: str, text: str, url: str = "") -> int:
    """In-app for each person, e-mail after commit for those who want it; returns people notified."""
    return service.notify(users, kind=kind, subject=SUBJECTS.get(kind, "Thông báo"), body=text, url=url).in_app


def people_of(unit: Unit, roles) -> list:
    return list(Membership.objects.holding(roles, at=unit).people())


def notify_draft(draft, kind: str) -> None:
    url = reverse("review:draft_detail", kwargs={"pk": draft.pk})
    title = str(draft)
    if kind == "waiting":
        notify(people_of(draft.unit, permissions.roles_for("review.decide")), kind, f"Bài “{title}” đang chờ duyệt.", url)
    else:
        label = {"returned": "bị trả lại để sửa", "approved": "đã được duyệt", "rejected": "bị từ chối"}[kind]
        notify([draft.author], kind, f"Bài “{title}” {label}.", url)
