"""Every screen and API that accepts an image refuses a decompression bomb from its header, in Vietnamese,
and keeps nothing; viewing copies of stored evidence carry pixels only."""

from __future__ import annotations

import hashlib
import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image, ImageFile

from mangxanh.files.models import StoredFile
from mangxanh.intake.models import ApiKey, Evidence, Report
from mangxanh.plans.models import Activity
from mangxanh.review.models import DraftAttachment
from tests.files import images
from tests.intake.conftest import submit
from tests.review.conftest import make_draft

REFUSED = "Ảnh quá lớn: tối đa 40 triệu điểm ảnh"


@pytest.fixture
def no_decoding(monkeypatch):
    def decode(self, *args, **kwargs):
        raise AssertionError(f"pixels of a {self.size} image were decoded")

    monkeypatch.setattr(ImageFile.ImageFile, "load", decode)


def bomb(name: str = "bom.png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, images.png_bomb(), content_type="image/png")


def nothing_kept(media) -> bool:
    return not StoredFile.objects.exists() and not [p for p in Path(media).rglob("*") if p.is_file()]


def test_public_report_form(client, demo, media, no_decoding):
    data = {"categories": ["child_abuse"], "description": "Ảnh ghép bêu xấu bạn lớp 7 trên nhóm lớp.",
            "affects_child": "yes", "anonymous": "yes", "files": [bomb()]}
    response = client.post("/phan-anh/", data)
    assert response.status_code == 200 and REFUSED in response.content.decode()
    assert not Report.objects.exists() and nothing_kept(media)


def test_partner_api_file_upload(client, demo, media, no_decoding):
    _, raw = ApiKey.issue(unit=demo["SGD-SL"], name="Nền tảng thử nghiệm", scopes=["files:write"])
    data = images.png_bomb()
    response = client.post("/api/v1/files", {"file": SimpleUploadedFile("bom.png", data),
                                             "sha256": hashlib.sha256(data).hexdigest()}, HTTP_X_API_KEY=raw)
    assert response.status_code == 422
    error = response.json()["error"]
    assert error["code"] == "bad_file" and REFUSED in error["message"]
    assert nothing_kept(media)


def test_partner_api_sha256_mismatch_leaves_no_orphan(client, demo, media):
    _, raw = ApiKey.issue(unit=demo["SGD-SL"], name="Nền tảng thử nghiệm", scopes=["files:write"])
    data = images.png_of_size(8, 8)
    response = client.post("/api/v1/files", {"file": SimpleUploadedFile("a.png", data), "sha256": "a" * 64},
                           HTTP_X_API_KEY=raw)
    assert response.status_code == 422
    assert response.json()["error"]["code"] == "sha256_mismatch"
    assert response.json()["error"]["details"] == [{"received": hashlib.sha256(data).hexdigest()}]
    assert nothing_kept(media)


def test_case_evidence_upload(demo, user_client, media, no_decoding):
    case = submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"], description="Ảnh chụp tin nhắn gạ gẫm",
                  reported_account="ke.la.mat").report.case
    response = user_client("thcs.xuly").post(f"/vu-viec/{case.pk}/chung-cu/", {"file": bomb()}, follow=True)
    assert REFUSED in response.content.decode()
    assert not Evidence.objects.filter(case=case).exists() and nothing_kept(media)


def test_draft_attachment_upload(demo, user_client, media, no_decoding):
    draft = make_draft(demo["THCS-BENTHUY"], scan=False)
    response = user_client("thcs.bientap").post(reverse("review:draft_upload", kwargs={"pk": draft.pk}),
                                                {"file": bomb()}, follow=True)
    assert REFUSED in response.content.decode()
    assert not DraftAttachment.objects.exists() and nothing_kept(media)


def test_activity_evidence_upload(demo, user_client, media, no_decoding):
    base = {"kind": "banner", "title": "Treo pano cảnh báo lừa đảo qua mạng", "staff_count": "0",
            "student_count": "0", "parent_count": "0", "held_on": timezone.localdate().isoformat()}
    response = user_client("thcs.hieutruong").post(reverse("plans:activity_create"), {**base, "evidence": bomb()})
    assert REFUSED in response.content.decode()
    assert not Activity.objects.exists() and nothing_kept(media)


def test_evidence_viewing_copy_has_pixels_only(demo, user_client, media):
    case = submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"], description="Ảnh chụp tin nhắn gạ gẫm",
                  reported_account="ke.la.mat").report.case
    client = user_client("thcs.xuly")
    client.post(f"/vu-viec/{case.pk}/chung-cu/", {"file": SimpleUploadedFile("tin-nhan.jpg",
                                                                             images.jpeg_full_of_metadata())})
    evidence = Evidence.objects.get(case=case)
    response = client.get(f"/vu-viec/{case.pk}/chung-cu/{evidence.pk}/")
    assert response.status_code == 200
    shown = b"".join(response.streaming_content)  # the viewing copy made at upload
    assert images.SECRET.encode() not in shown
    assert 0xFE not in images.jpeg_markers(shown)  # no JPEG COM segment
    assert Image.open(io.BytesIO(shown)).size == (24, 16)
    # The original, kept for the evidence package, is untouched.
    assert images.SECRET.encode() in evidence.file.read_bytes()
