"""Evidence: stored by SHA-256 at capture, viewing copies without metadata, custody log, the package."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from mangxanh.intake.models import CustodyAction, CustodyEntry, Evidence, EvidencePackage
from tests.intake.conftest import jpeg_with_gps, submit


@pytest.fixture
def case(demo):
    return submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"], description="Ảnh chụp tin nhắn gạ gẫm",
                  reported_account="ke.la.mat").report.case


def test_upload_view_strips_metadata_and_logs_custody(user_client, case):
    client = user_client("thcs.xuly")
    data = jpeg_with_gps()
    client.post(f"/vu-viec/{case.pk}/chung-cu/", {"file": SimpleUploadedFile("tin-nhan.jpg", data)})
    evidence = Evidence.objects.get(case=case)
    assert evidence.sha256 == hashlib.sha256(data).hexdigest()
    response = client.get(f"/vu-viec/{case.pk}/chung-cu/{evidence.pk}/")
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    shown = Image.open(io.BytesIO(b"".join(response.streaming_content)))
    assert not shown.getexif()
    actions = list(evidence.custody.values_list("action", flat=True))
    assert actions == [CustodyAction.CAPTURED, CustodyAction.VIEWED]
    html = client.get(f"/vu-viec/{case.pk}/").content.decode()
    assert 'class="evidence-img"' in html  # blurred until clicked


def test_disguised_evidence_refused(user_client, case):
    client = user_client("thcs.xuly")
    response = client.post(f"/vu-viec/{case.pk}/chung-cu/", {"file": SimpleUploadedFile("a.jpg", b"MZ" * 100)},
                           follow=True)
    assert "Loại tệp không được chấp nhận" in response.content.decode()
    assert not Evidence.objects.filter(case=case).exists()


def test_evidence_of_another_case_is_404(user_client, case, demo):
    other = submit(description="Khác", unit=demo["THCS-HONGSON"], reported_account="z").report.case
    client = user_client("so.xuly")
    client.post(f"/vu-viec/{other.pk}/chung-cu/", {"file": SimpleUploadedFile("a.jpg", jpeg_with_gps())})
    evidence = Evidence.objects.get(case=other)
    assert user_client("thcs.xuly").get(f"/vu-viec/{case.pk}/chung-cu/{evidence.pk}/").status_code == 404


def test_package_zip_has_pdf_files_manifest_custody_and_its_hash(user_client, case):
    client = user_client("thcs.xuly")
    data = jpeg_with_gps()
    client.post(f"/vu-viec/{case.pk}/chung-cu/", {"file": SimpleUploadedFile("tin-nhan.jpg", data)})
    client.post(f"/vu-viec/{case.pk}/goi-chung-cu/")
    package = EvidencePackage.objects.get(case=case)
    case.refresh_from_db()
    assert case.package_sha256 == package.sha256
    response = client.get(f"/vu-viec/{case.pk}/goi-chung-cu/{package.pk}/")
    blob = b"".join(response.streaming_content)
    assert hashlib.sha256(blob).hexdigest() == package.sha256
    with zipfile.ZipFile(io.BytesIO(blob)) as zf:
        names = zf.namelist()
        assert "tom-tat.pdf" in names and "danh-muc-sha256.txt" in names and "nhat-ky-luu-giu.csv" in names
        assert zf.read("tom-tat.pdf").startswith(b"%PDF")
        file_name = next(n for n in names if n.startswith("chung-cu/"))
        assert zf.read(file_name) == data  # the original, as captured
        manifest = zf.read("danh-muc-sha256.txt").decode()
        assert f"{hashlib.sha256(data).hexdigest()}  {file_name}" in manifest
        rows = list(csv.reader(io.StringIO(zf.read("nhat-ky-luu-giu.csv").decode())))
        assert [r[2] for r in rows[1:]] == ["Thu thập", "Đóng gói"]
    assert CustodyEntry.objects.filter(action=CustodyAction.DOWNLOADED).count() == 1


def test_leader_may_view_but_not_package(user_client, case):
    assert user_client("thcs.hieutruong").post(f"/vu-viec/{case.pk}/goi-chung-cu/").status_code == 404
    assert not EvidencePackage.objects.exists()
