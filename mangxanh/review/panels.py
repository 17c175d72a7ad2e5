"""Home-page panel and menu entries for drafts, review and channels."""

from __future__ import annotations

from django.urls import reverse

from mangxanh.core.home import Panel, PanelItem
from mangxanh.core.navigation import NavEntry
from mangxanh.org import permissions
from mangxanh.review.models import Draft, DraftStatus, FlaggedTask, Notification, TaskStatus


def _has(request, *capabilities: str) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return any(permissions.can_anywhere(user, c) for c in capabilities)


def review_panel(request) -> Panel | None:
    if not _has(request, "review.view", "channel.manage"):
        return None
    user = request.user
    items = []
    if _has(request, "review.edit"):
        mine = Draft.objects.filter(author=user)
        returned = mine.filter(status=DraftStatus.RETURNED).count()
        items.append(PanelItem("Soạn bài mới", reverse("review:draft_create")))
        if returned:
            items.append(PanelItem("Bài bị trả lại cần sửa", reverse("review:draft_list") + "?status=returned",
                                   count=returned, urgent=True))
        approved = mine.filter(status=DraftStatus.APPROVED).count()
        if approved:
            items.append(PanelItem("Bài đã duyệt chờ đăng", reverse("review:draft_list") + "?status=approved",
                                   count=approved))
    if _has(request, "review.decide"):
        waiting = permissions.scoped(Draft.objects.filter(status=DraftStatus.SUBMITTED), user, "review.decide").count()
        items.append(PanelItem("Bài chờ duyệt", reverse("review:queue"), count=waiting, urgent=waiting > 0))
        flagged = permissions.scoped(FlaggedTask.objects.exclude(status=TaskStatus.DONE), user, "review.decide").count()
        if flagged:
            items.append(PanelItem("Bài đã đăng cần xem xét", reverse("review:task_list"), count=flagged,
                                   urgent=True))
    unread = Notification.objects.filter(user=user, read_at__isnull=True).count()
    if unread:
        items.append(PanelItem("Thông báo chưa đọc", reverse("review:notifications"), count=unread))
    items.append(PanelItem("Kênh chính thức của đơn vị", reverse("review:channel_list")))
    items.append(PanelItem("Số liệu kiểm duyệt", reverse("review:stats")))
    return Panel(title="Tin bài và kênh chính thức", items=items, order=30)


NAV_ENTRIES = [
    NavEntry("Bài viết", "review:draft_list", lambda r: _has(r, "review.view"), order=30),
    NavEntry("Duyệt bài", "review:queue", lambda r: _has(r, "review.decide"), order=31),
    NavEntry("Kênh chính thức", "review:channel_list", lambda r: _has(r, "channel.manage", "review.view"), order=32, more=True),
]
