"""Authorisation-matrix entries for mangxanh.review (drafts, review queue, channels, monitoring).

Kept beside matrix.py so the review app's many URLs do not crowd the shared file; matrix.py
merges them into MATRIX.
"""

from __future__ import annotations

from django.utils import timezone

from mangxanh.org.models import Role, Unit

VIEW = frozenset({Role.EDITOR, Role.REVIEWER, Role.LEADER})
EDITORS = frozenset({Role.EDITOR})
REVIEWERS = frozenset({Role.REVIEWER, Role.LEADER})
CHANNEL_MANAGERS = frozenset({Role.UNIT_ADMIN, Role.LEADER})
CHANNEL_VIEW = CHANNEL_MANAGERS | {Role.EDITOR, Role.REVIEWER}
MONITOR = frozenset({Role.REVIEWER, Role.LEADER, Role.UNIT_ADMIN})


def _author(unit: Unit):
    from tests.authz.matrix import _membership_of

    return _membership_of(unit).user


def _draft(unit: Unit):
    from mangxanh.review.models import Draft, DraftVersion

    draft = Draft.objects.filter(unit=unit).first()
    if draft is None:
        author = _author(unit)
        draft = Draft.objects.create(unit=unit, author=author)
        DraftVersion.objects.create(draft=draft, number=1, title="Bài thử", body_html="<p>Nội dung</p>",
                                    body_text="Nội dung", author=author)
    return draft


def draft_kwargs(unit: Unit):
    return {"pk": _draft(unit).pk}, {}


def draft_decision(unit: Unit):
    return {"pk": _draft(unit).pk}, {"action": "reject", "comment": "Thử quyền"}


def attachment_kwargs(unit: Unit):
    from mangxanh.files.storage import DOCUMENTS, store_bytes
    from mangxanh.review.models import DraftAttachment

    draft = _draft(unit)
    attachment = draft.attachments.first()
    if attachment is None:
        stored = store_bytes("Tệp thử".encode(), name="thu.txt", allowed=DOCUMENTS, max_bytes=1024)
        attachment = DraftAttachment.objects.create(draft=draft, file=stored.file, name="thu.txt",
                                                    uploaded_by=draft.author)
    return {"pk": draft.pk, "attachment_pk": attachment.pk}, {}


def image_attachment_kwargs(unit: Unit):
    import io

    from PIL import Image

    from mangxanh.files.storage import IMAGES, store_bytes
    from mangxanh.review.models import DraftAttachment

    draft = _draft(unit)
    out = io.BytesIO()
    Image.new("RGB", (8, 8), (20, 120, 200)).save(out, format="PNG")
    stored = store_bytes(out.getvalue(), name="anh.png", allowed=IMAGES, max_bytes=10_000)
    attachment, _ = DraftAttachment.objects.get_or_create(
        draft=draft, file=stored.file, defaults={"name": "anh.png", "is_image": True, "uploaded_by": draft.author})
    return {"pk": draft.pk, "attachment_pk": attachment.pk}, {}


def _channel(unit: Unit):
    from mangxanh.review.models import OfficialChannel

    return OfficialChannel.objects.filter(unit=unit).first() or OfficialChannel.objects.create(
        unit=unit, kind="website", name=f"Trang {unit.code}", address=f"https://{unit.code.lower()}.edu.vn"
    )


def channel_kwargs(unit: Unit):
    return {"pk": _channel(unit).pk}, {}


def channel_source(unit: Unit):
    return {"pk": _channel(unit).pk}, {"kind": "feed", "url": "https://example.edu.vn/rss"}


def task_kwargs(unit: Unit):
    from mangxanh.review.models import FlaggedTask, PublishedItem

    channel = _channel(unit)
    item, _ = PublishedItem.objects.get_or_create(channel=channel, guid="thu", defaults={"content_hash": "x"})
    task = FlaggedTask.objects.filter(item=item).first() or FlaggedTask.objects.create(
        unit=unit, item=item, verdict="review"
    )
    return {"pk": task.pk}, {}


def rescan_kwargs(unit: Unit):
    from mangxanh.review.models import RescanJob

    job = RescanJob.objects.filter(unit=unit).first() or RescanJob.objects.create(
        unit=unit, finished_at=timezone.now()
    )
    return {"pk": job.pk}, {}


def rescan_data(unit: Unit):
    return {}, {"unit": unit.pk}


def review_rules() -> dict:
    from tests.authz.matrix import LOGIN, PUBLIC, ROLE, SCOPED, Rule

    return {
        "review:public_check": Rule(PUBLIC),
        "review:draft_list": Rule(ROLE, roles=VIEW),
        "review:draft_create": Rule(ROLE, roles=EDITORS),
        "review:queue": Rule(ROLE, roles=REVIEWERS),
        "review:draft_detail": Rule(SCOPED, roles=VIEW, target=draft_kwargs),
        "review:draft_edit": Rule(SCOPED, roles=EDITORS, target=draft_kwargs),
        "review:draft_findings": Rule(SCOPED, roles=VIEW, target=draft_kwargs),
        "review:draft_fix": Rule(SCOPED, method="POST", roles=EDITORS, target=draft_kwargs),
        "review:draft_submit": Rule(SCOPED, method="POST", roles=EDITORS, target=draft_kwargs),
        "review:draft_upload": Rule(SCOPED, method="POST", roles=EDITORS, target=draft_kwargs),
        "review:draft_attachment": Rule(SCOPED, roles=VIEW, target=attachment_kwargs),
        "review:draft_attachment_thumb": Rule(SCOPED, roles=VIEW, target=image_attachment_kwargs),
        "review:draft_diff": Rule(SCOPED, roles=VIEW, target=draft_kwargs),
        "review:draft_ready": Rule(SCOPED, roles=VIEW, target=draft_kwargs),
        "review:draft_publish": Rule(SCOPED, method="POST", roles=EDITORS, target=draft_kwargs),
        "review:draft_claim": Rule(SCOPED, method="POST", roles=REVIEWERS, target=draft_kwargs),
        "review:draft_release": Rule(SCOPED, method="POST", roles=REVIEWERS, target=draft_kwargs),
        "review:draft_decide": Rule(SCOPED, method="POST", roles=REVIEWERS, target=draft_decision),
        "review:channel_list": Rule(ROLE, roles=CHANNEL_VIEW),
        "review:channel_create": Rule(ROLE, roles=CHANNEL_MANAGERS),
        "review:channel_detail": Rule(SCOPED, roles=CHANNEL_VIEW, target=channel_kwargs),
        "review:channel_edit": Rule(SCOPED, roles=CHANNEL_MANAGERS, target=channel_kwargs),
        "review:channel_source_add": Rule(SCOPED, method="POST", roles=CHANNEL_MANAGERS, target=channel_source),
        "review:channel_import": Rule(SCOPED, method="POST", roles=CHANNEL_MANAGERS, target=channel_kwargs),
        "review:task_list": Rule(ROLE, roles=MONITOR),
        "review:task_detail": Rule(SCOPED, roles=MONITOR, target=task_kwargs),
        "review:rescan_start": Rule(ROLE, method="POST", roles=MONITOR, target=rescan_data),
        "review:rescan_status": Rule(SCOPED, roles=MONITOR, target=rescan_kwargs),
        "review:notifications": Rule(LOGIN),
        "review:api_draft_list": Rule(ROLE, roles=VIEW),
        "review:api_draft_detail": Rule(SCOPED, roles=VIEW, target=draft_kwargs),
        "review:api_draft_claim": Rule(SCOPED, method="POST", roles=REVIEWERS, target=draft_kwargs),
        "review:api_draft_decide": Rule(SCOPED, method="POST", roles=REVIEWERS, target=draft_decision),
        "review:stats": Rule(ROLE, roles=VIEW | CHANNEL_VIEW | MONITOR),
    }
