"""Blurred thumbnails of evidence images, made on the server.

The case page shows only these: the browser never receives the original unless an officer opens
it (which the custody log records). A thumbnail depends only on the file's bytes, so it is cached
under the file's SHA-256 and made once.
"""

from __future__ import annotations

import io
import os
import tempfile
from pathlib import Path

from django.conf import settings

from mangxanh.files.models import StoredFile
from mangxanh.files.storage import UploadError, check_image_pixels

THUMB_SIZE = (320, 320)
BLUR_RADIUS = 14


def thumb_path(stored: StoredFile) -> Path:
    return Path(settings.MEDIA_ROOT) / "thumbs" / f"{stored.sha256}-b{BLUR_RADIUS}.jpg"


def make_blurred(data: bytes) -> bytes:
    from PIL import Image, ImageFilter, ImageOps

    check_image_pixels(io.BytesIO(data))
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Exception as exc:  # Pillow raises many types for broken files
        raise UploadError("Không đọc được ảnh: tệp hỏng hoặc không phải ảnh.") from exc
    image = ImageOps.exif_transpose(image).convert("RGB")
    image.thumbnail(THUMB_SIZE)
    blurred = image.filter(ImageFilter.GaussianBlur(BLUR_RADIUS))
    out = io.BytesIO()
    blurred.save(out, format="JPEG", quality=70)  # a fresh image: no metadata carried over
    return out.getvalue()


def blurred_thumbnail(stored: StoredFile) -> bytes:
    path = thumb_path(stored)
    if path.exists():
        return path.read_bytes()
    data = make_blurred(stored.read_bytes())
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "wb") as fh:
        fh.write(data)
    os.replace(tmp, path)  # atomic: a concurrent reader sees the whole file or none
    return data
