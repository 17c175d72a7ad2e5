"""Opening evidence and downloading packages, activity evidence and draft attachments are entries of
the hash-chained audit log (the custody table alone can be rewritten unnoticed); looking at an
empty victim page creates nothing."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from mangxanh.audit.chain import verify
from mangxanh.audit.models import AuditEntry
from mangxanh.intake.models import Evidence, EvidencePackage, VictimSupport
from mangxanh.plans import services as plan_services
from mangxanh.review.models import DraftAttachment
from tests.intake.conftest import jpeg_with_gps, png_bytes, submit
from tests.review.conftest import make_draft

User = get_user_model()


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INTAKE_RATE_LIMITS = {"report": (1000, 600), "lookup": (1000, 600)}


@pytest.fixture
def case(demo):
    return submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"], description="Ảnh chụp tin nhắn",
                  reported_account="ke.la.mat").report.case


def downloads(obj) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action="download", object_type=obj._meta.label_lower,
                                          object_id=str(obj.pk)))


def test_opening_evidence_is_a_chained_entry(user_client, case):
    client = user_client("thcs.xuly")
    client.post(f"/vu-viec/{case.pk}/chung-cu/", {"file": SimpleUploadedFile("Nguyen-Van-A.jpg", jpeg_with_gps())})
    evidence = Evidence.objects.get(case=case)
    assert client.get(f"/vu-viec/{case.pk}/chung-cu/{evidence.pk}/").status_code == 200
    [entry] = downloads(evidence)
    assert entry.actor_username == "thcs.xuly"
    assert entry.unit_id == case.unit_id
    assert case.number in entry.message
    assert "Nguyen-Van-A" not in entry.object_repr  # the file name is the reporter's: not in the log
    assert verify().ok


def test_a_refused_open_records_nothing(user_client, case):
    user_client("thcs.xuly").post(f"/vu-viec/{case.pk}/chung-cu/",
                                  {"file": SimpleUploadedFile("a.jpg", jpeg_with_gps())})
    evidence = Evidence.objects.get(case=case)
    assert user_client("thcs.bientap").get(f"/vu-viec/{case.pk}/chung-cu/{evidence.pk}/").status_code == 404
    assert downloads(evidence) == []


def test_downloading_an_evidence_package_is_a_chained_entry(user_client, case):
    client = user_client("thcs.xuly")
    client.post(f"/vu-viec/{case.pk}/chung-cu/", {"file": SimpleUploadedFile("a.jpg", jpeg_with_gps())})
    client.post(f"/vu-viec/{case.pk}/goi-chung-cu/")
    package = EvidencePackage.objects.get(case=case)
    response = client.get(f"/vu-viec/{case.pk}/goi-chung-cu/{package.pk}/")
    assert response.status_code == 200
    [entry] = downloads(package)
    assert package.sha256 in entry.message and entry.unit_id == case.unit_id
    assert verify().ok


def test_downloading_activity_evidence_is_a_chained_entry(demo, user_client):
    activity = plan_services.record_activity(
        demo["THCS-BENTHUY"], User.objects.get(username="thcs.hieutruong"),
        {"kind": "training", "title": "Tập huấn an toàn mạng", "staff_count": 40, "student_count": 0,
         "held_on": timezone.localdate() - dt.timedelta(days=1)},
        files=[SimpleUploadedFile("anh.png", png_bytes(), content_type="image/png")],
    )
    evidence = activity.evidence.get()
    response = user_client("thcs.hieutruong").get(reverse("plans:evidence_download", args=[evidence.pk]))
    assert response.status_code == 200
    [entry] = downloads(evidence)
    assert entry.actor_username == "thcs.hieutruong" and entry.unit_id == demo["THCS-BENTHUY"].pk
    assert verify().ok


def test_downloading_a_draft_attachment_is_a_chained_entry(demo, user_client):
    draft = make_draft(demo["THCS-BENTHUY"], scan=False)
    user_client("thcs.bientap").post(reverse("review:draft_upload", kwargs={"pk": draft.pk}),
                                     {"file": SimpleUploadedFile("bien-ban.txt", "Biên bản".encode())})
    attachment = DraftAttachment.objects.get()
    url = reverse("review:draft_attachment", kwargs={"pk": draft.pk, "attachment_pk": attachment.pk})
    assert user_client("thcs.duyet").get(url).status_code == 200
    [entry] = downloads(attachment)
    assert entry.actor_username == "thcs.duyet" and entry.unit_id == demo["THCS-BENTHUY"].pk
    assert user_client("hongson.duyet").get(url).status_code == 404
    assert len(downloads(attachment)) == 1


def test_looking_at_an_empty_victim_page_creates_no_rows(user_client, case):
    client = user_client("thcs.baovetre")  # the log-in is an entry of its own
    before = AuditEntry.objects.count()
    response = client.get(f"/vu-viec/{case.pk}/nan-nhan/")
    assert response.status_code == 200
    assert not VictimSupport.objects.filter(case=case).exists()
    assert AuditEntry.objects.count() == before


def test_looking_at_a_victim_record_adds_only_the_view(user_client, case):
    support = VictimSupport.objects.create(case=case, victim_name="Nguyễn Thị Lan Anh")
    client = user_client("thcs.baovetre")
    before = AuditEntry.objects.count()
    client.get(f"/vu-viec/{case.pk}/nan-nhan/")
    client.get(f"/vu-viec/{case.pk}/nan-nhan/")
    added = AuditEntry.objects.filter(seq__gt=before).order_by("seq")
    assert [(e.action, e.object_id) for e in added] == [("view", str(support.pk))] * 2
    assert VictimSupport.objects.filter(case=case).count() == 1


def test_the_first_save_creates_the_victim_record(user_client, case):
    client = user_client("thcs.baovetre")
    client.post(f"/vu-viec/{case.pk}/nan-nhan/", {"action": "support_action", "kind": "counselling",
                                                 "note": "Tư vấn lần 1"})
    assert VictimSupport.objects.get(case=case).actions.get().note == "Tư vấn lần 1"
