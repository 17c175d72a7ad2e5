"""Content-addressed storage: hashes, limits while streaming, type from content, safe names."""

import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mangxanh.files.models import StoredFile
from mangxanh.files.storage import (
    DOCUMENTS,
    IMAGES,
    UploadError,
    safe_display_name,
    store_bytes,
    store_chunks,
    strip_image_metadata,
)
from mangxanh.files.uploads import accept_upload


def png_bytes(exif: Image.Exif | None = None, fmt: str = "PNG") -> bytes:
    out = io.BytesIO()
    image = Image.new("RGB", (8, 8), "green")
    image.save(out, format=fmt, **({"exif": exif} if exif is not None else {}))
    return out.getvalue()


@pytest.mark.django_db
def test_files_are_stored_once_under_their_sha256(media):
    data = png_bytes()
    first = store_bytes(data, name="anh.png", allowed=IMAGES, max_bytes=1_000_000)
    second = store_bytes(data, name="ban-sao.png", allowed=IMAGES, max_bytes=1_000_000)
    sha = hashlib.sha256(data).hexdigest()
    assert first.file.sha256 == sha and first.created and not second.created
    assert StoredFile.objects.count() == 1
    assert first.file.path == Path(media) / sha[:2] / sha[2:4] / sha
    assert first.file.read_bytes() == data
    assert first.file.mime_type == "image/png"


@pytest.mark.django_db
def test_a_name_with_path_parts_cannot_escape_the_storage_folder(media):
    upload = SimpleUploadedFile("../../x", b"%PDF-1.4\n1 0 obj\n", content_type="application/pdf")
    stored = accept_upload(upload, allowed=DOCUMENTS, max_bytes=1_000_000)
    assert stored.name == "x"
    assert Path(media).resolve() in stored.file.path.resolve().parents
    assert not (Path(media).parent / "x").exists()


@pytest.mark.parametrize(
    ("name", "expected"),
    [("../../etc/passwd", "passwd"), ("..\\..\\boot.ini", "boot.ini"), ("a\x00b\u202e.png", "ab.png"), ("", "tep"),
     ("Ho\u0300a.pdf", "Hòa.pdf"), (".hidden", "hidden")],
)
def test_display_names_are_safe(name, expected):
    assert safe_display_name(name) == expected


@pytest.mark.django_db
def test_size_is_checked_while_streaming_and_nothing_is_kept(media):
    consumed = []

    def chunks():
        for i in range(100):
            consumed.append(i)
            yield b"\x89PNG" + b"0" * (1024 * 1024)

    with pytest.raises(UploadError, match="Tệp quá lớn: tối đa 5 MB"):
        store_chunks(chunks(), name="lon.png", allowed=IMAGES, max_bytes=5 * 1024 * 1024)
    assert len(consumed) < 10
    assert StoredFile.objects.count() == 0
    assert not any(p.is_file() for p in Path(media).rglob("*"))


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"MZ\x90\x00\x03" + b"\x00" * 100, "bao-cao.pdf"),  # a Windows program named .pdf
        (png_bytes(), "anh-gia.pdf"),  # an image where a document is expected
        (b"\x00\x01\x02\x03garbage", "tai-lieu.docx"),
    ],
)
def test_type_is_decided_by_content_not_by_name(data, name):
    with pytest.raises(UploadError, match="Loại tệp không được chấp nhận"):
        store_bytes(data, name=name, allowed=DOCUMENTS, max_bytes=1_000_000)
    assert StoredFile.objects.count() == 0


@pytest.mark.django_db
def test_empty_files_are_refused():
    with pytest.raises(UploadError, match="Tệp rỗng"):
        store_bytes(b"", name="rong.txt", allowed=DOCUMENTS, max_bytes=100)


def test_image_metadata_is_stripped_and_gps_and_owner_reported():
    exif = Image.Exif()
    exif[0x013B] = "Nguyen Van A"  # Artist
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 2.0)}  # GPS IFD
    data = png_bytes(exif, fmt="JPEG")
    assert Image.open(io.BytesIO(data)).getexif()
    clean = strip_image_metadata(data)
    assert clean.had_gps and "Artist" in clean.owner_fields
    assert any("GPS" in w for w in clean.warnings)
    assert not Image.open(io.BytesIO(clean.data)).getexif()


def test_a_plain_image_has_no_warnings():
    clean = strip_image_metadata(png_bytes())
    assert clean.warnings == [] and not clean.had_gps


def test_a_broken_image_is_refused_in_vietnamese():
    with pytest.raises(UploadError, match="Không đọc được ảnh"):
        strip_image_metadata(b"\x89PNG\r\n\x1a\nnot really")
