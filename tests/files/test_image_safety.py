"""Images: decompression bombs refused before decoding, viewing copies with pixels only,
no orphan after a failed SHA-256 check, traversal-looking names sanitised and logged."""

from __future__ import annotations

import hashlib
import io
import logging
import struct
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image, ImageFile

from mangxanh.files.models import StoredFile
from mangxanh.files.storage import (
    DOCUMENTS,
    IMAGES,
    ChecksumMismatch,
    UploadError,
    store_bytes,
    strip_image_metadata,
)
from mangxanh.files.uploads import accept_upload
from tests.files import images


@pytest.fixture
def no_decoding(monkeypatch):
    """Fail loudly if any image's pixels are decoded: the refusal must come from the header alone."""

    def decode(self, *args, **kwargs):
        raise AssertionError(f"pixels of a {self.size} image were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decode)


def files_on_disk(media) -> list[Path]:
    return [p for p in Path(media).rglob("*") if p.is_file()]


def test_the_bomb_is_small_on_disk_and_huge_in_pixels():
    data = images.png_bomb()
    assert len(data) < 100_000
    assert data[12:16] == b"IHDR" and struct.unpack(">II", data[16:24]) == (13_000, 13_000)


@pytest.mark.django_db
def test_a_13000_px_png_is_refused_at_upload_without_decoding(media, no_decoding):
    with pytest.raises(UploadError, match="Ảnh quá lớn: tối đa 40 triệu điểm ảnh"):
        store_bytes(images.png_bomb(), name="bom.png", allowed=IMAGES, max_bytes=10_000_000)
    assert not StoredFile.objects.exists()
    assert files_on_disk(media) == []


def test_a_13000_px_png_is_refused_by_the_viewing_copy_without_decoding(no_decoding):
    with pytest.raises(UploadError, match="Ảnh quá lớn"):
        strip_image_metadata(images.png_bomb())


@pytest.mark.django_db
def test_the_pixel_limit_is_a_setting(settings, media):
    settings.MANGXANH_MAX_IMAGE_PIXELS = 100
    assert store_bytes(images.png_of_size(10, 10), name="a.png", allowed=IMAGES, max_bytes=10_000).created
    with pytest.raises(UploadError, match="Ảnh quá lớn: tối đa 0.0001 triệu điểm ảnh"):
        store_bytes(images.png_of_size(11, 10), name="b.png", allowed=IMAGES, max_bytes=10_000)
    with pytest.raises(UploadError, match="Ảnh quá lớn"):
        strip_image_metadata(images.png_of_size(11, 10))


def test_the_default_limit_is_40_megapixels_and_pillow_guards_it_too(settings):
    assert settings.MANGXANH_MAX_IMAGE_PIXELS == 40_000_000
    assert Image.MAX_IMAGE_PIXELS == 40_000_000


@pytest.mark.django_db
def test_a_broken_image_header_is_refused_at_upload(media):
    with pytest.raises(UploadError, match="Không đọc được ảnh"):
        store_bytes(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, name="hong.png", allowed=IMAGES, max_bytes=10_000)
    assert files_on_disk(media) == []


# --- Viewing copies carry pixels only ------------------------------------------------------------

def _assert_no_secret(data: bytes):
    assert images.SECRET.encode() not in data
    assert b"xmpmeta" not in data and b"ICC_PROFILE" not in data


def test_jpeg_viewing_copy_drops_com_xmp_icc_and_exif():
    original = images.jpeg_full_of_metadata()
    assert 0xFE in images.jpeg_markers(original)  # the fixture really has a COM segment
    clean = strip_image_metadata(original).data
    _assert_no_secret(clean)
    # Only the JFIF header and what the decoder needs: no APP1 (EXIF/XMP), APP2 (ICC) or COM.
    assert set(images.jpeg_markers(clean)) <= {0xE0, 0xDB, 0xC0, 0xC2, 0xC4, 0xDD, 0xDA}
    shown = Image.open(io.BytesIO(clean))
    assert shown.size == (24, 16)
    assert not {"comment", "xmp", "icc_profile", "exif"} & set(shown.info)


def test_png_viewing_copy_keeps_only_pixel_chunks():
    original = images.png_full_of_metadata()
    clean = strip_image_metadata(original).data
    _assert_no_secret(clean)
    assert set(images.png_chunk_types(clean)) <= {b"IHDR", b"PLTE", b"tRNS", b"IDAT", b"IEND"}
    shown = Image.open(io.BytesIO(clean))
    assert shown.mode == "RGBA" and shown.getpixel((0, 0)) == (30, 120, 200, 128)


def test_gif_viewing_copy_drops_the_comment_but_keeps_transparency():
    original = images.gif_full_of_metadata()
    assert 0xFE in images.gif_extension_labels(original)
    clean = strip_image_metadata(original).data
    _assert_no_secret(clean)
    assert not {0xFE, 0xFF} & set(images.gif_extension_labels(clean))
    shown = Image.open(io.BytesIO(clean))
    assert shown.size == (24, 16) and "comment" not in shown.info


def test_webp_viewing_copy_drops_exif_xmp_and_icc():
    clean = strip_image_metadata(images.webp_full_of_metadata()).data
    _assert_no_secret(clean)
    assert not {b"EXIF", b"XMP ", b"ICCP"} & set(images.riff_chunk_types(clean))


# --- Checksums and names -------------------------------------------------------------------------

@pytest.mark.django_db
def test_a_failed_sha256_check_leaves_nothing_on_disk(media):
    data = images.png_of_size(4, 4)
    with pytest.raises(ChecksumMismatch) as refused:
        store_bytes(data, name="a.png", allowed=IMAGES, max_bytes=10_000, expected_sha256="a" * 64)
    assert refused.value.received == hashlib.sha256(data).hexdigest()
    assert files_on_disk(media) == [] and not StoredFile.objects.exists()
    sha = hashlib.sha256(data).hexdigest()
    stored = store_bytes(data, name="a.png", allowed=IMAGES, max_bytes=10_000, expected_sha256=sha.upper())
    assert stored.file.sha256 == sha


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "kept"),
    [("../../etc/cron.d/x.pdf", "x.pdf"), ("..\\..\\boot.pdf", "boot.pdf"), ("/tmp/x.pdf", "x.pdf"),
     ("..x.pdf", "x.pdf"), ("..", "tep")],
)
def test_traversal_looking_names_are_stored_sanitised_and_logged(media, caplog, name, kept):
    # Callers hand the storage the name they received (a form, the partner API, a package builder).
    with caplog.at_level(logging.WARNING, logger="mangxanh.files.storage"):
        stored = store_bytes(b"%PDF-1.4\n1 0 obj\n", name=name, allowed=DOCUMENTS, max_bytes=10_000)
    assert stored.name == kept
    assert stored.file.path.resolve().is_relative_to(Path(media).resolve())
    assert [r.getMessage() for r in caplog.records] == [f"upload name with path parts sanitised: {name!r} -> {kept!r}"]


@pytest.mark.django_db
def test_a_multipart_name_with_path_parts_is_stored_sanitised(media):
    upload = SimpleUploadedFile("../../x.pdf", b"%PDF-1.4\n1 0 obj\n", content_type="application/pdf")
    stored = accept_upload(upload, allowed=DOCUMENTS, max_bytes=10_000)
    assert stored.name == "x.pdf"
    assert not (Path(media).parent / "x.pdf").exists()


@pytest.mark.django_db
def test_ordinary_names_are_kept_and_not_logged(media, caplog):
    upload = SimpleUploadedFile("Biên bản họp.pdf", b"%PDF-1.4\n1 0 obj\n", content_type="application/pdf")
    with caplog.at_level(logging.WARNING, logger="mangxanh.files.storage"):
        stored = accept_upload(upload, allowed=DOCUMENTS, max_bytes=10_000)
    assert stored.name == "Biên bản họp.pdf" and not caplog.records
