"""Home-page panel and menu entries for drafts, review and channels."""

from __future__ import annotations

from django.urls import reverse

from mangxanh.core.home import Panel, PanelItem
from mangxanh.core.navigation import NavEntry
from mangxanh.org import rules
from mangxanh.review.drafts import EDITOR_ROLES, REVIEWER_ROLES, VIEW_ROLES
from mangxanh.review.forms import CHANNEL_ROLES
from mangxanh.review.models import Draft, DraftStatus, FlaggedTask, Notification, TaskStatus


def _has(request, roles) -> bool:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return False
    return rules.is_system_admin(user) or bool(rules.roles_of(user) & set(roles))


def review_panel(request) -> Panel | None:
    if not _has(request, VIEW_ROLES | CHANNEL_ROLES):
        return None
    user = request.user
    items = []
    if _has(request, EDITOR_ROLES):
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
    if _has(request, REVIEWER_ROLES):
        waiting = rules.scoped(Draft.objects.filter(status=DraftStatus.SUBMITTED), user, REVIEWER_ROLES).count()
        items.append(PanelItem("Bài chờ duyệt", reverse("review:queue"), count=waiting, urgent=waiting > 0))
        flagged = rules.scoped(FlaggedTask.objects.exclude(status=TaskStatus.DONE), user, REVIEWER_ROLES).count()
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
    NavEntry("Bài viết", "review:draft_list", lambda r: _has(r, VIEW_ROLES), order=30),
    NavEntry("Duyệt bài", "review:queue", lambda r: _has(r, REVIEWER_ROLES), order=31),
    NavEntry("Kênh chính thức", "review:channel_list", lambda r: _has(r, CHANNEL_ROLES | VIEW_ROLES), order=32),
]
