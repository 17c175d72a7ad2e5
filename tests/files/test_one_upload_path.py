"""One upload path (mangxanh.files.uploads.accept_upload): the same phone photo, with its GPS position, owner
name and JPEG comment, sent through every screen and API that accepts a file, is stored and served without
them; only child-abuse evidence keeps its original, beside a viewing copy."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mangxanh.files.models import StoredFile
from mangxanh.files.storage import IMAGES, store_bytes
from mangxanh.intake.models import ApiKey, ApiUpload, Evidence, Report, ReportFile
from mangxanh.learning.models import Lesson
from mangxanh.plans.models import Activity, ActivityEvidence
from mangxanh.review.models import DraftAttachment
from tests.files import images
from tests.intake.conftest import open_cases, submit
from tests.review.conftest import make_draft

PHOTO = images.jpeg_with_gps()


def photo(name: str = "anh-dien-thoai.jpg") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PHOTO, content_type="image/jpeg")


def assert_clean(data: bytes) -> None:
    assert data[:2] == b"\xff\xd8", "not a JPEG"
    assert not images.has_gps(data)
    assert 0xFE not in images.jpeg_markers(data)  # no COM segment
    assert images.SECRET.encode() not in data


def files_with_metadata(media) -> list[Path]:
    return [p for p in Path(media).rglob("*") if p.is_file() and images.SECRET.encode() in p.read_bytes()]


def served(response) -> bytes:
    assert response.status_code == 200, response.status_code
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_the_photo_carries_gps_owner_and_comment():
    assert images.has_gps(PHOTO) and 0xFE in images.jpeg_markers(PHOTO) and images.SECRET.encode() in PHOTO


# --- Each path, stripped file only ----------------------------------------------------------------

def test_activity_evidence_keeps_no_gps_and_no_comment(demo, user_client, media):
    client = user_client("thcs.hieutruong")
    data = {"kind": "banner", "title": "Treo pano cảnh báo lừa đảo qua mạng", "staff_count": "0",
            "student_count": "0", "parent_count": "0", "held_on": timezone.localdate().isoformat(),
            "evidence": photo()}
    response = client.post(reverse("plans:activity_create"), data)
    activity = Activity.objects.get()
    assert response.status_code == 302
    evidence = ActivityEvidence.objects.get(activity=activity)
    assert evidence.name == "anh-dien-thoai.jpg" and evidence.content_type == "image/jpeg"
    assert evidence.viewing_copy is None  # the stripped file is all there is
    assert_clean(evidence.file.read_bytes())
    assert evidence.file_sha256 == hashlib.sha256(evidence.file.read_bytes()).hexdigest()
    assert_clean(served(client.get(reverse("plans:evidence_download", args=[evidence.pk]))))
    assert files_with_metadata(media) == []


def test_draft_attachment_keeps_no_gps_and_warns(demo, user_client, media):
    draft = make_draft(demo["THCS-BENTHUY"], scan=False)
    client = user_client("thcs.bientap")
    client.post(reverse("review:draft_upload", kwargs={"pk": draft.pk}), {"file": photo()})
    attachment = DraftAttachment.objects.get(draft=draft)
    assert attachment.viewing_copy is None and attachment.is_image
    assert any("GPS" in note for note in attachment.warnings)
    assert_clean(attachment.file.read_bytes())
    url = reverse("review:draft_attachment", kwargs={"pk": draft.pk, "attachment_pk": attachment.pk})
    assert_clean(served(client.get(url)))
    assert files_with_metadata(media) == []


def test_lesson_attachment_keeps_no_gps(demo, user_client, media):
    user_client("thcs.bientap").post(reverse("learning:lesson_create"), {
        "title": "Bài của trường", "audience": "parents", "topic": "help", "summary": "", "video_url": "",
        "sources": "", "body": "Dòng một", "upload": photo()})
    lesson = Lesson.objects.get()
    assert_clean(lesson.attachment.read_bytes())
    assert files_with_metadata(media) == []


def test_a_report_without_child_abuse_keeps_the_stripped_photo_only(client, demo, media):
    data = {"categories": ["harassment"], "description": "Ảnh chế bêu xấu bạn lớp 7 trên nhóm lớp.",
            "affects_child": "yes", "anonymous": "yes", "files": [photo()]}
    assert client.post("/phan-anh/", data).status_code == 302
    open_cases()  # the worker's task takes the report's files into evidence custody
    report_file = ReportFile.objects.get()
    evidence = Evidence.objects.get()
    assert report_file.viewing_copy is None and evidence.viewing_copy is None
    assert evidence.file == report_file.file and evidence.sha256 == evidence.file.sha256
    assert_clean(evidence.file.read_bytes())
    assert files_with_metadata(media) == []


def test_a_lesson_file_over_the_limit_is_refused_in_vietnamese(demo, user_client, media):
    big = SimpleUploadedFile("tai-lieu.pdf", b"%PDF-1.4\n" + b"0" * (21 * 1024 * 1024), content_type="application/pdf")
    response = user_client("thcs.bientap").post(reverse("learning:lesson_create"), {
        "title": "Bài của trường", "audience": "parents", "topic": "help", "summary": "", "video_url": "",
        "sources": "", "body": "Dòng một", "upload": big})
    assert response.status_code == 200 and "Tệp quá lớn: tối đa 20 MB." in response.content.decode()
    assert not Lesson.objects.exists() and not StoredFile.objects.exists()


# --- Evidence the law needs as received ------------------------------------------------------------

# A parent unsure of the category (QA walk: a grooming report sent without one lost its original, and the
# scan found abuse later) keeps the original too.
@pytest.mark.parametrize("categories", [["child_abuse"], []])
def test_child_abuse_report_keeps_the_original_and_a_viewing_copy(client, demo, user_client, media, categories):
    data = {"categories": categories, "description": "Có người gạ gẫm học sinh gửi ảnh.",
            "affects_child": "yes", "anonymous": "yes", "files": [photo()], "unit": str(demo["THCS-BENTHUY"].pk)}
    assert client.post("/phan-anh/", data).status_code == 302
    open_cases()
    evidence = Evidence.objects.get()
    assert evidence.file.read_bytes() == PHOTO and evidence.sha256 == hashlib.sha256(PHOTO).hexdigest()
    assert_clean(evidence.viewing_copy.read_bytes())
    assert ReportFile.objects.get().viewing_copy == evidence.viewing_copy
    officer = user_client("thcs.xuly")
    case = Report.objects.get().case
    assert_clean(served(officer.get(f"/vu-viec/{case.pk}/chung-cu/{evidence.pk}/")))
    assert_clean(served(officer.get(f"/vu-viec/{case.pk}/chung-cu/{evidence.pk}/?tai=1")))
    assert files_with_metadata(media) == [evidence.file.path]


def test_officer_upload_follows_the_case_categories(demo, user_client, media):
    plain = submit(categories=["scam"], unit=demo["THCS-BENTHUY"], description="Giả danh nhà trường đòi tiền").report
    abuse = submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"], description="Ảnh chụp tin nhắn gạ gẫm",
                   reported_account="ke.la.mat").report
    officer = user_client("thcs.xuly")
    for report in (plain, abuse):
        officer.post(f"/vu-viec/{report.case.pk}/chung-cu/", {"file": photo()})
    kept = Evidence.objects.get(case=abuse.case)
    stripped = Evidence.objects.get(case=plain.case)
    assert kept.file.read_bytes() == PHOTO and kept.viewing_copy is not None
    assert stripped.viewing_copy is None and stripped.file == kept.viewing_copy
    assert_clean(stripped.file.read_bytes())


def test_partner_api_keeps_the_original_until_a_report_says_it_is_not_needed(client, demo, media):
    _, raw = ApiKey.issue(unit=demo["SGD-SL"], name="Nền tảng thử nghiệm", scopes=["files:write", "reports:write"])
    sha = hashlib.sha256(PHOTO).hexdigest()
    response = client.post("/api/v1/files", {"file": photo(), "sha256": sha}, HTTP_X_API_KEY=raw)
    assert response.status_code == 201 and response.json()["sha256"] == sha
    upload = ApiUpload.objects.get()
    assert upload.file.sha256 == sha and upload.viewing_copy is not None
    assert_clean(upload.viewing_copy.read_bytes())
    body = {"incident_type": ["harassment"], "description": "Ảnh chế bêu xấu học sinh trên nhóm lớp.",
            "school_code": "THCS-BENTHUY", "files": [sha]}
    response = client.post("/api/v1/reports", body, content_type="application/json", HTTP_X_API_KEY=raw)
    assert response.status_code == 201, response.content
    open_cases()
    evidence = Evidence.objects.get()
    assert evidence.file == upload.viewing_copy and evidence.viewing_copy is None


# --- Rows stored before this path ----------------------------------------------------------------

def test_an_image_stored_before_viewing_copies_is_served_stripped(demo, user_client, media):
    """Existing activity evidence keeps its row (migration adds a null viewing copy); serving strips it."""
    stored = store_bytes(PHOTO, name="cu.jpg", allowed=IMAGES, max_bytes=10_000_000).file
    activity = Activity.objects.create(unit=demo["THCS-BENTHUY"], kind="banner", title="Hoạt động cũ",
                                       held_on=timezone.localdate())
    evidence = ActivityEvidence.objects.create(activity=activity, file=stored, name="cu.jpg")
    response = user_client("thcs.hieutruong").get(reverse("plans:evidence_download", args=[evidence.pk]))
    assert_clean(served(response))
    assert 'filename="cu.jpg"' in response["Content-Disposition"]
    assert StoredFile.objects.count() == 1  # nothing rewritten on disk by a view
