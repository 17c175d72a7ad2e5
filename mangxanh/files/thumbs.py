"""Small thumbnails of stored images, made on the server (evidence blurred, draft attachments sharp).

The browser gets a fresh JPEG re-encoded from the pixels only: no EXIF, GPS or author carried over.
A thumbnail depends only on the file's bytes and the blur, so it is cached under the file's
SHA-256 and made once.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from django.conf import settings
from django.http import Http404, HttpResponse

from mangxanh.files.models import StoredFile
from mangxanh.files.storage import UploadError, open_image

THUMB_SIZE = (320, 320)
EVIDENCE_BLUR = 14  # evidence is shown blurred: the page is not a view of the original


def thumb_path(stored: StoredFile, blur: int = 0) -> Path:
    return Path(settings.MEDIA_ROOT) / "thumbs" / f"{stored.sha256}-b{blur}.jpg"


def make_thumbnail(data: bytes, blur: int = 0) -> bytes:
    from PIL import ImageFilter, ImageOps

    image = ImageOps.exif_transpose(open_image(data)).convert("RGB")
    image.thumbnail(THUMB_SIZE)
    if blur:
        image = image.filter(ImageFilter.GaussianBlur(blur))
    out = io.BytesIO()
    image.save(out, format="JPEG", quality=70)  # a fresh image: no metadata carried over
    return out.getvalue()


def thumbnail(stored: StoredFile, blur: int = 0) -> bytes:
    path = thumb_path(stored, blur)
    if path.exists():
        return path.read_bytes()
    data = make_thumbnail(stored.read_bytes(), blur)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)  # atomic: a concurrent reader sees the whole file or none
    return data


def thumbnail_response(stored: StoredFile, blur: int = 0) -> HttpResponse:
    """The thumbnail as a private JPEG response; 404 for a file that is not a readable image."""
    if not stored.is_image:
        raise Http404("Không có ảnh thu nhỏ.")
    try:
        data = thumbnail(stored, blur)
    except UploadError:
        raise Http404("Không đọc được ảnh.") from None
    response = HttpResponse(data, content_type="image/jpeg")
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
