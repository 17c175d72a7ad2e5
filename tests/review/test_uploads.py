"""Draft uploads: size limit, type from content, names that try to escape, image metadata stripped."""

from __future__ import annotations

import io
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from mangxanh.review.models import DraftAttachment
from tests.files.images import jpeg_with_gps
from tests.review.conftest import make_draft


def _upload(client, draft, name, data, content_type="application/octet-stream"):
    return client.post(reverse("review:draft_upload", kwargs={"pk": draft.pk}),
                       {"file": SimpleUploadedFile(name, data, content_type=content_type)}, follow=True)


def test_image_metadata_is_stripped_with_a_warning(demo, user_client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    draft = make_draft(demo["THCS-BENTHUY"], scan=False)
    response = _upload(user_client("thcs.bientap"), draft, "anh.jpg", jpeg_with_gps(), "image/jpeg")
    page = response.content.decode()
    assert "vị trí GPS" in page and "tên chủ thiết bị" in page
    attachment = DraftAttachment.objects.get()
    assert attachment.is_image and len(attachment.warnings) == 2
    kept = Image.open(attachment.file.path)
    assert not kept.getexif().get(0x013B) and not kept.getexif().get_ifd(0x8825)
    # The original, with its metadata, was never written to the storage folder.
    stored = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert stored and not any(b"Nguyen Van A" in p.read_bytes() for p in stored)


def test_type_is_decided_by_content_not_name(demo, user_client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    draft = make_draft(demo["THCS-BENTHUY"], scan=False)
    client = user_client("thcs.bientap")
    response = _upload(client, draft, "anh.jpg", b"MZ\x90\x00\x03" + b"\x00" * 200, "image/jpeg")
    assert "Loại tệp không được chấp nhận" in response.content.decode()
    png = io.BytesIO()
    Image.new("RGB", (4, 4)).save(png, format="PNG")
    _upload(client, draft, "bao-cao.pdf", png.getvalue())
    assert DraftAttachment.objects.get().file.mime_type == "image/png"


def test_size_limit(demo, user_client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path
    draft = make_draft(demo["THCS-BENTHUY"], scan=False)
    response = _upload(user_client("thcs.bientap"), draft, "lon.txt", b"a" * (10 * 1024 * 1024 + 1))
    assert "Tệp quá lớn" in response.content.decode()
    assert not DraftAttachment.objects.exists()


def test_a_name_cannot_escape_the_storage_folder(demo, user_client, tmp_path, settings):
    settings.MEDIA_ROOT = tmp_path / "files"
    draft = make_draft(demo["THCS-BENTHUY"], scan=False)
    _upload(user_client("thcs.bientap"), draft, "../../x", "Biên bản họp phụ huynh".encode())
    attachment = DraftAttachment.objects.get()
    assert attachment.name == "x"
    path = Path(attachment.file.path).resolve()
    assert path.is_relative_to((tmp_path / "files").resolve())
    assert not (tmp_path / "x").exists() and not (tmp_path.parent / "x").exists()
    download = user_client("thcs.duyet").get(
        reverse("review:draft_attachment", kwargs={"pk": draft.pk, "attachment_pk": attachment.pk}))
    assert b"".join(download.streaming_content).decode() == "Biên bản họp phụ huynh"
    assert user_client("hongson.duyet").get(
        reverse("review:draft_attachment", kwargs={"pk": draft.pk, "attachment_pk": attachment.pk})
    ).status_code == 404
    assert Path(settings.MEDIA_ROOT).exists()
