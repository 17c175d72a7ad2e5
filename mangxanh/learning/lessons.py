"""The content library: save a lesson as a new scanned version, publish it once the scan allows."""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone

from mangxanh import audit
from mangxanh.learning.models import Lesson, LessonStatus, LessonVersion
from mangxanh.org import permissions
from mangxanh.org.models import Unit
from mangxanh.review.drafts import clean_html, html_to_text, markup_to_html, validate_content
from mangxanh.scanning.models import Scan, ScanStatus
from mangxanh.scanning.service import request_scan


class LessonError(Exception):
    """A step that is not allowed now; the message is Vietnamese and safe to show."""


def shared_with(unit: Unit, field: str = "unit") -> Q:
    """Objects authored by unit or any unit above it: what is shared down the tree to unit."""
    return Q(**{f"{field}__path__in": unit.ancestor_paths()})


def published_for(unit: Unit) -> QuerySet:
    return Lesson.objects.filter(shared_with(unit), status=LessonStatus.PUBLISHED).select_related("unit")


@transaction.atomic
def save_lesson(lesson: Lesson, user, title: str, body: str) -> LessonVersion:
    """Store a new immutable version, make it the lesson's text and ask for its scan."""
    permissions.require_person(user, "learning.author", lesson.unit)
    try:
        validate_content(title, body)
    except Exception as exc:  # review's WorkflowError: same Vietnamese messages
        raise LessonError(str(exc)) from exc
    title = " ".join(title.split())
    body_html = clean_html(markup_to_html(body))
    lesson.title = title
    lesson.body_html = body_html
    lesson.body_text = html_to_text(body_html)
    lesson.version += 1
    if lesson.created_by_id is None and user is not None:
        lesson.created_by = user
    lesson.save()
    version = LessonVersion.objects.create(
        lesson=lesson, number=lesson.version, title=title, body_html=body_html,
        body_text=lesson.body_text, author=user,
    )
    request_scan(version)
    return version


def latest_scan(lesson: Lesson) -> Scan | None:
    version = lesson.latest_version()
    return Scan.objects.latest_for(version) if version else None


def publish(lesson: Lesson, user) -> None:
    """Publish the latest version; refused while its scan is pending or when it blocks."""
    permissions.require_person(user, "learning.publish", lesson.unit)
    scan = latest_scan(lesson)
    if scan is None or scan.status != ScanStatus.DONE:
        raise LessonError("Bài học chưa được quét xong; hãy chờ kết quả quét rồi xuất bản.")
    if scan.verdict == "block":
        raise LessonError("Kết quả quét là «chặn»: hãy sửa nội dung bị đánh dấu rồi lưu lại trước khi xuất bản.")
    lesson.status = LessonStatus.PUBLISHED
    lesson.published_version = lesson.version
    lesson.published_at = timezone.now()
    lesson.save(update_fields=["status", "published_version", "published_at", "updated_at"])
    audit.record("learning_publish", obj=lesson, message=f"Xuất bản bài học (phiên bản {lesson.version})")
