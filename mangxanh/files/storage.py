"""Store uploads content-addressed, with the size checked while streaming and the type
decided from the bytes, not from the name."""

from __future__ import annotations

import hashlib
import io
import os
import tempfile
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.db import IntegrityError, transaction

from mangxanh.files.models import StoredFile

CHUNK = 64 * 1024

# Kinds a caller may accept, each a set of MIME types detected from content.
IMAGES = frozenset({"image/jpeg", "image/png", "image/gif", "image/webp"})
DOCUMENTS = frozenset(
    {
        "application/pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        "text/plain",
    }
)
VIDEO = frozenset({"video/mp4", "video/quicktime", "video/webm"})


class UploadError(ValueError):
    """An upload we refuse; the message is Vietnamese and safe to show."""


@dataclass(frozen=True)
class Stored:
    file: StoredFile
    name: str
    created: bool


def safe_display_name(name: str | None, default: str = "tep") -> str:
    """The last path component, NFC, without control characters; for display only."""
    name = unicodedata.normalize("NFC", (name or "").replace("\\", "/").split("/")[-1])
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C").strip().lstrip(".")
    return name[:200] or default


def detect_mime(head: bytes) -> str | None:
    kind = filetype.guess(head)
    if kind is not None:
        mime = kind.mime
        if mime == "application/zip" or mime.startswith("application/vnd.openxmlformats"):
            return _office_mime(head) or mime
        return mime
    if head and _looks_like_text(head):
        return "text/plain"
    return None


def _office_mime(head: bytes) -> str | None:
    if b"word/" in head:
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if b"xl/" in head:
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def _looks_like_text(head: bytes) -> bool:
    if b"\x00" in head:
        return False
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as exc:
        # A multi-byte character cut at the end of the sample is fine.
        if exc.start < len(head) - 4:
            return False
    return True


def store_chunks(
    chunks: Iterable[bytes], *, name: str | None, allowed: Iterable[str], max_bytes: int
) -> Stored:
    """Stream chunks to a temporary file, refusing oversize or disallowed content."""
    media = Path(settings.MEDIA_ROOT)
    tmp_dir = media / "tmp"
    tmp_dir.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha256()
    size = 0
    head = b""
    fd, tmp_name = tempfile.mkstemp(dir=tmp_dir)
    try:
        with os.fdopen(fd, "wb") as out:
            for chunk in chunks:
                size += len(chunk)
                if size > max_bytes:
                    raise UploadError(f"Tệp quá lớn: tối đa {max_bytes // (1024 * 1024)} MB.")
                if len(head) < 8192:
                    head += chunk[: 8192 - len(head)]
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise UploadError("Tệp rỗng.")
        mime = detect_mime(head)
        if mime is None or mime not in set(allowed):
            raise UploadError("Loại tệp không được chấp nhận (kiểm tra theo nội dung tệp, không theo tên tệp).")
        sha = digest.hexdigest()
        target = media / StoredFile.relative_path_for(sha)
        target.parent.mkdir(parents=True, exist_ok=True)
        if not target.exists():
            os.replace(tmp_name, target)
        stored, created = _row(sha, size, mime)
        return Stored(stored, safe_display_name(name), created)
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)


def _row(sha: str, size: int, mime: str) -> tuple[StoredFile, bool]:
    try:
        with transaction.atomic():
            return StoredFile.objects.get_or_create(sha256=sha, defaults={"size": size, "mime_type": mime})
    except IntegrityError:
        return StoredFile.objects.get(sha256=sha), False


def store_upload(upload, *, allowed: Iterable[str], max_bytes: int) -> Stored:
    """Store a Django UploadedFile."""
    return store_chunks(upload.chunks(CHUNK), name=upload.name, allowed=allowed, max_bytes=max_bytes)


def store_bytes(data: bytes, *, name: str | None, allowed: Iterable[str], max_bytes: int) -> Stored:
    return store_chunks(iter([data]), name=name, allowed=allowed, max_bytes=max_bytes)


@dataclass(frozen=True)
class CleanImage:
    data: bytes
    had_gps: bool
    owner_fields: tuple[str, ...]

    @property
    def warnings(self) -> list[str]:
        notes = []
        if self.had_gps:
            notes.append("Ảnh có chứa vị trí GPS nơi chụp; đã xóa khỏi tệp.")
        if self.owner_fields:
            notes.append("Ảnh có chứa tên chủ thiết bị/tác giả; đã xóa khỏi tệp.")
        return notes


_OWNER_TAGS = {0x013B: "Artist", 0xA430: "CameraOwnerName", 0x8298: "Copyright", 0x9C9D: "XPAuthor"}
_GPS_IFD = 0x8825


def strip_image_metadata(data: bytes) -> CleanImage:
    """Re-encode an image without EXIF/XMP/ICC text; report GPS and owner names it held."""
    from PIL import Image, ImageOps

    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Exception as exc:  # Pillow raises many types for broken files
        raise UploadError("Không đọc được ảnh: tệp hỏng hoặc không phải ảnh.") from exc
    exif = image.getexif()
    had_gps = bool(exif.get_ifd(_GPS_IFD)) if exif else False
    owners = tuple(label for tag, label in _OWNER_TAGS.items() if exif and exif.get(tag))
    fmt = image.format or "PNG"
    image = ImageOps.exif_transpose(image)
    out = io.BytesIO()
    params = {"quality": 92} if fmt == "JPEG" else {}
    clean = image.convert("RGB") if fmt == "JPEG" and image.mode not in ("RGB", "L") else image
    clean.save(out, format=fmt, **params)
    return CleanImage(out.getvalue(), had_gps, owners)
