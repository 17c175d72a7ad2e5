"""Posts approved and published through the review workflow count as articles (issue 6 §3)."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.utils import timezone

from mangxanh.plans.models import Activity, ActivityKind

PUBLISHED = "published"


def draft_published(sender, instance, **kwargs) -> None:
    if getattr(instance, "status", None) != PUBLISHED or not getattr(instance, "published_at", None):
        return
    key = f"review.draft:{instance.pk}"
    if Activity.objects.filter(source_key=key).exists():
        return
    try:
        with transaction.atomic():
            Activity.objects.create(
                unit_id=instance.unit_id, kind=ActivityKind.ARTICLE, title=(str(instance) or "Tin bài đã đăng")[:300],
                held_on=timezone.localdate(instance.published_at), link=getattr(instance, "published_url", "")[:500],
                source_key=key, description="Ghi nhận tự động khi tin bài được duyệt và đăng.",
            )
    except IntegrityError:
        pass  # recorded by a concurrent save
