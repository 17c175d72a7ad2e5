"""Store uploads content-addressed, with the size checked while streaming and the type
decided from the bytes, not from the name."""

from __future__ import annotations

import hashlib
import io
import logging
import os
import tempfile
import unicodedata
import warnings
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import filetype
from django.conf import settings
from django.db import IntegrityError, transaction

from mangxanh.files.models import StoredFile

CHUNK = 64 * 1024
logger = logging.getLogger(__name__)

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


class ChecksumMismatch(UploadError):
    """The bytes received do not hash to the SHA-256 the sender declared."""

    def __init__(self, received: str):
        super().__init__("SHA-256 của tệp nhận được không khớp với giá trị đã khai.")
        self.received = received


def too_large_message(max_bytes: int) -> str:
    return f"Tệp quá lớn: tối đa {max_bytes // (1024 * 1024)} MB."


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


def _looks_like_traversal(name: str) -> bool:
    return "/" in name or "\\" in name or name.lstrip().startswith("..") or "\x00" in name


def stored_name(name: str | None) -> str:
    """The display name kept for an upload; a name that tries to walk out of a folder is logged."""
    safe = safe_display_name(name)
    if name and _looks_like_traversal(name):
        # The storage path never comes from the name; the log shows who probes with such names.
        logger.warning("upload name with path parts sanitised: %r -> %r", name[:300], safe)
    return safe


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


@dataclass(frozen=True)
class Received:
    """An upload that passed every check, still in its temporary file."""

    path: Path
    sha256: str
    size: int
    mime: str
    name: str

    def read_bytes(self) -> bytes:
        return self.path.read_bytes()


@contextmanager
def receive(
    chunks: Iterable[bytes],
    *,
    name: str | None,
    allowed: Iterable[str],
    max_bytes: int,
    expected_sha256: str | None = None,
) -> Iterator[Received]:
    """Stream chunks to a temporary file, refusing oversize or disallowed content.

    Every check (size, type, image pixels, the declared SHA-256) runs on the temporary file, so a
    refused upload never reaches the content-addressed folder; whatever the caller does not commit
    is removed on leaving, so nothing is left on disk."""
    tmp_dir = Path(settings.MEDIA_ROOT) / "tmp"
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
                    raise UploadError(too_large_message(max_bytes))
                if len(head) < 8192:
                    head += chunk[: 8192 - len(head)]
                digest.update(chunk)
                out.write(chunk)
        if size == 0:
            raise UploadError("Tệp rỗng.")
        mime = detect_mime(head)
        if mime is None or mime not in set(allowed):
            raise UploadError("Loại tệp không được chấp nhận (kiểm tra theo nội dung tệp, không theo tên tệp).")
        if mime in IMAGES:
            check_image_pixels(tmp_name)
        sha = digest.hexdigest()
        if expected_sha256 is not None and sha != expected_sha256.strip().lower():
            raise ChecksumMismatch(sha)
        yield Received(Path(tmp_name), sha, size, mime, stored_name(name))
    finally:
        if os.path.exists(tmp_name):
            os.unlink(tmp_name)


def commit(received: Received) -> tuple[StoredFile, bool]:
    """Move a received upload into the content-addressed folder (once per content) and record it."""
    target = Path(settings.MEDIA_ROOT) / StoredFile.relative_path_for(received.sha256)
    target.parent.mkdir(parents=True, exist_ok=True)
    if not target.exists():
        os.replace(received.path, target)
    return _row(received.sha256, received.size, received.mime)


def store_chunks(
    chunks: Iterable[bytes],
    *,
    name: str | None,
    allowed: Iterable[str],
    max_bytes: int,
    expected_sha256: str | None = None,
) -> Stored:
    """Store the bytes as they are (generated files such as evidence packages); uploads go through
    mangxanh.files.uploads.accept_upload, which also removes image metadata."""
    with receive(chunks, name=name, allowed=allowed, max_bytes=max_bytes, expected_sha256=expected_sha256) as got:
        stored, created = commit(got)
        return Stored(stored, got.name, created)


def _row(sha: str, size: int, mime: str) -> tuple[StoredFile, bool]:
    try:
        with transaction.atomic():
            return StoredFile.objects.get_or_create(sha256=sha, defaults={"size": size, "mime_type": mime})
    except IntegrityError:
        return StoredFile.objects.get(sha256=sha), False


def store_bytes(
    data: bytes, *, name: str | None, allowed: Iterable[str], max_bytes: int, expected_sha256: str | None = None
) -> Stored:
    return store_chunks(iter([data]), name=name, allowed=allowed, max_bytes=max_bytes, expected_sha256=expected_sha256)


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


def max_image_pixels() -> int:
    return int(settings.MANGXANH_MAX_IMAGE_PIXELS)


def _too_many_pixels(limit: int) -> UploadError:
    return UploadError(f"Ảnh quá lớn: tối đa {limit / 1_000_000:g} triệu điểm ảnh (chiều rộng × chiều cao).")


def check_image_pixels(source) -> tuple[int, int]:
    """Refuse an image whose header declares more pixels than allowed, before any pixel is decoded.

    Pillow opens lazily: Image.open reads only the header, so the size is known without the
    gigabytes a 13,000 × 13,000 PNG costs once decoded."""
    from PIL import Image

    limit = max_image_pixels()
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(source) as image:
                width, height = image.size
    except Image.DecompressionBombError as exc:  # over twice Pillow's own limit
        raise _too_many_pixels(limit) from exc
    except Exception as exc:  # Pillow raises many types for broken files
        raise UploadError("Không đọc được ảnh: tệp hỏng hoặc không phải ảnh.") from exc
    if width * height > limit:
        raise _too_many_pixels(limit)
    return width, height


def _pixels_only(image):
    """A copy carrying pixels (and the palette's transparency) but no comment, text or profile."""
    clean = image.copy()
    clean.info = {"transparency": image.info["transparency"]} if "transparency" in image.info else {}
    return clean


# What Pillow reports for an image that carries pixels only (and how to draw them).
_PIXEL_INFO = frozenset({"jfif", "jfif_version", "jfif_unit", "jfif_density", "background", "version", "loop",
                         "duration", "transparency", "gamma", "srgb", "progressive", "progression", "adobe",
                         "adobe_transform", "interlace"})


def carries_metadata(data: bytes) -> bool:
    """Whether an image holds anything beyond its pixels: EXIF, XMP, ICC profile, comments, text chunks."""
    from PIL import Image

    check_image_pixels(io.BytesIO(data))
    try:
        with Image.open(io.BytesIO(data)) as image:
            return bool(set(image.info) - _PIXEL_INFO) or bool(image.getexif())
    except Exception as exc:  # Pillow raises many types for broken files
        raise UploadError("Không đọc được ảnh: tệp hỏng hoặc không phải ảnh.") from exc


_OWNER_TAGS = {0x013B: "Artist", 0xA430: "CameraOwnerName", 0x8298: "Copyright", 0x9C9D: "XPAuthor"}
_GPS_IFD = 0x8825


def open_image(data: bytes):
    """The decoded image, after the pixel limit; UploadError for a broken file or one that is no image."""
    from PIL import Image

    check_image_pixels(io.BytesIO(data))
    try:
        image = Image.open(io.BytesIO(data))
        image.load()
    except Exception as exc:  # Pillow raises many types for broken files
        raise UploadError("Không đọc được ảnh: tệp hỏng hoặc không phải ảnh.") from exc
    return image


def strip_image_metadata(data: bytes) -> CleanImage:
    """Re-encode an image with its pixels only: no EXIF, XMP, ICC profile, JPEG COM, GIF comment or
    PNG text chunk; report the GPS position and owner names it held."""
    from PIL import ImageOps

    image = open_image(data)
    exif = image.getexif()
    had_gps = bool(exif.get_ifd(_GPS_IFD)) if exif else False
    owners = tuple(label for tag, label in _OWNER_TAGS.items() if exif and exif.get(tag))
    fmt = image.format or "PNG"
    image = _pixels_only(ImageOps.exif_transpose(image))
    out = io.BytesIO()
    params = {"quality": 92} if fmt == "JPEG" else {}
    clean = image.convert("RGB") if fmt == "JPEG" and image.mode not in ("RGB", "L") else image
    clean.save(out, format=fmt, **params)
    return CleanImage(out.getvalue(), had_gps, owners)
