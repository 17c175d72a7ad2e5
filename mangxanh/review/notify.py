"""In-app notifications, with an e-mail copy for people who want one (user.email_notifications)."""

from __future__ import annotations

import logging

from django.core.mail import send_mail
from django.urls import reverse

from mangxanh.org import permissions
from mangxanh.org.models import Membership, Unit

log = logging.getLogger(__name__)

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
    from mangxanh.review.models import Notification

    count = 0
    for user in {u.pk: u for u in users if u is not None and u.is_active}.values():
        Notification.objects.create(user=user, kind=kind, text=text[:500], url=url)
        count += 1
        if user.email and getattr(user, "email_notifications", True):
            try:
                send_mail(f"[Mạng Xanh] {SUBJECTS.get(kind, 'Thông báo')}", f"{text}\n\n{url}", None, [user.email])
            except OSError:
                log.warning("notification e-mail to user %s failed", user.pk)
    return count


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
