"""The one way an uploaded file enters the platform (DESIGN.md §5).

Every screen and API that accepts a file calls accept_upload: size and type are checked while
streaming, an image's pixel count is checked from its header before any decode, the SHA-256 is
computed (and compared where the sender declared one), and images are re-encoded with pixels only.
Only evidence the law needs as received (child abuse) keeps its original, beside a viewing copy;
everything else keeps the stripped file alone, so a GPS position or an owner name never reaches the disk.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.http import FileResponse, Http404, HttpResponse
from django.utils.http import content_disposition_header

from mangxanh.files.models import Attachment, StoredFile
from mangxanh.files.storage import (
    CHUNK,
    IMAGES,
    UploadError,
    commit,
    receive,
    store_bytes,
    strip_image_metadata,
)


@dataclass(frozen=True)
class Accepted:
    """A stored upload, ready for an Attachment row: `file`, `name` and `viewing_copy` are its fields."""

    file: StoredFile
    name: str
    viewing_copy: StoredFile | None = None
    warnings: tuple[str, ...] = ()

    def fields(self) -> dict:
        return {"file": self.file, "name": self.name, "viewing_copy": self.viewing_copy}


def accept_upload(
    upload,
    *,
    allowed: Iterable[str],
    max_bytes: int,
    keep_original: bool = False,
    expected_sha256: str | None = None,
) -> Accepted:
    """Check and store a Django UploadedFile; raise UploadError (Vietnamese) if refused, storing nothing."""
    with receive(upload.chunks(CHUNK), name=upload.name, allowed=allowed, max_bytes=max_bytes,
                 expected_sha256=expected_sha256) as got:
        if got.mime not in IMAGES:
            return Accepted(commit(got)[0], got.name)
        clean = strip_image_metadata(got.read_bytes())
        copy = store_bytes(clean.data, name=got.name, allowed=IMAGES, max_bytes=max(max_bytes, len(clean.data))).file
        if not keep_original:
            return Accepted(copy, got.name, None, tuple(clean.warnings))
        return Accepted(commit(got)[0], got.name, copy, tuple(clean.warnings))


def viewing_response(attachment: Attachment, *, download: bool) -> HttpResponse:
    """The bytes a person is shown: the viewing copy or the stripped file; an image stored before
    viewing copies existed is stripped on the fly, so no path serves metadata."""
    stored = attachment.viewable
    if attachment.viewing_copy is None and stored.is_image:
        try:
            response = HttpResponse(strip_image_metadata(stored.read_bytes()).data, content_type=stored.mime_type)
        except UploadError:
            raise Http404("Không đọc được ảnh.") from None
        if download:
            response["Content-Disposition"] = content_disposition_header(True, attachment.name)
    else:
        response = FileResponse(stored.open(), content_type=stored.mime_type, as_attachment=download,
                                filename=attachment.name)
    response["X-Content-Type-Options"] = "nosniff"
    return response
