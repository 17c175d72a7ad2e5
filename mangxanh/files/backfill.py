"""Bring files stored before the one upload path into line with it (`mangxanh clean_stored_images`).

Records that keep the stripped file only (activity evidence, draft attachments, lesson files) have an
image stored with its metadata replaced by its stripped copy, and the old bytes are deleted once no
record refers to them. Records that keep their original (case evidence, report files, partner uploads)
get a viewing copy; their originals are never touched. Viewing already strips such files on the fly;
this removes the GPS positions and names from the disk itself."""

from __future__ import annotations

from dataclasses import dataclass

from django.apps import apps
from django.core.files import File

from mangxanh.files.models import StoredFile
from mangxanh.files.storage import IMAGES, UploadError, carries_metadata
from mangxanh.files.uploads import Accepted, accept_upload

STRIPPED_ONLY = (("plans", "ActivityEvidence", "file"), ("review", "DraftAttachment", "file"),
                 ("learning", "Lesson", "attachment"))
ORIGINAL_KEPT = (("intake", "Evidence"), ("intake", "ReportFile"), ("intake", "ApiUpload"))


@dataclass
class Result:
    replaced: int = 0
    viewing_copies: int = 0
    deleted: int = 0
    unreadable: int = 0


def _stripped(stored: StoredFile, name: str) -> Accepted:
    with stored.open() as handle:
        return accept_upload(File(handle, name=name or "anh"), allowed=IMAGES, max_bytes=max(stored.size, 1))


def _references(stored: StoredFile) -> int:
    # The foreign keys to StoredFile are hidden (related_name="+"), so ask every model that has one.
    count = 0
    for relation in StoredFile._meta.get_fields(include_hidden=True):
        if relation.is_relation and relation.auto_created and not relation.concrete:
            count += relation.related_model._default_manager.filter(**{relation.field.name: stored}).count()
    return count


def clean_stored_images() -> Result:
    result = Result()
    replaced: set[int] = set()
    for app_label, model_name, field in STRIPPED_ONLY:
        model = apps.get_model(app_label, model_name)
        rows = model._default_manager.filter(**{f"{field}__mime_type__in": IMAGES}).select_related(field)
        for row in rows.iterator():
            stored = getattr(row, field)
            name = getattr(row, "name", "") or getattr(row, "attachment_name", "")
            try:
                if not carries_metadata(stored.read_bytes()):
                    continue  # stored stripped already (running twice changes nothing)
                copy = _stripped(stored, name).file
            except (UploadError, OSError):
                result.unreadable += 1
                continue
            model._default_manager.filter(pk=row.pk).update(**{field: copy})
            replaced.add(stored.pk)
            result.replaced += 1
    for app_label, model_name in ORIGINAL_KEPT:
        model = apps.get_model(app_label, model_name)
        rows = model._default_manager.filter(viewing_copy__isnull=True, file__mime_type__in=IMAGES).select_related("file")
        for row in rows.iterator():
            try:
                copy = _stripped(row.file, row.name).file
            except (UploadError, OSError):
                result.unreadable += 1
                continue
            model._default_manager.filter(pk=row.pk).update(viewing_copy=copy)
            result.viewing_copies += 1
    for stored in StoredFile.objects.filter(pk__in=list(replaced)):
        if not _references(stored):
            stored.path.unlink(missing_ok=True)
            stored.delete()
            result.deleted += 1
    return result
