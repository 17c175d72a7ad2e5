"""Recording activities with evidence; bad input leaves nothing stored."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from mangxanh.files.models import StoredFile
from mangxanh.plans import services
from mangxanh.plans.models import Activity, ActivityEvidence
from tests.files import images
from tests.plans.conftest import user

PNG = images.png_of_size(2, 2)


class StreamedUpload:
    """An upload that arrives in chunks, never held whole in memory (like Django's UploadedFile)."""

    def __init__(self, name: str, size: int, chunk: int = 1024 * 1024):
        self.name, self.size, self.chunk = name, size, chunk
        self.read = 0

    def chunks(self, chunk_size=None):
        block = b"%PDF-1.4\n" + b"0" * (self.chunk - 9)
        while self.read < self.size:
            self.read += len(block)
            yield block


def activity_data(**overrides) -> dict:
    data = {"kind": "training", "title": "Tập huấn an toàn trên mạng cho giáo viên",
            "held_on": timezone.localdate() - dt.timedelta(days=3), "staff_count": 40, "student_count": 0}
    data.update(overrides)
    return data


def test_activity_with_evidence_is_stored(settings, tmp_path, demo):
    settings.MEDIA_ROOT = tmp_path
    upload = SimpleUploadedFile("anh-tap-huan.png", PNG, content_type="image/png")
    activity = services.record_activity(demo["THCS-BENTHUY"], user("thcs.hieutruong"), activity_data(),
                                        files=[upload])
    evidence = activity.evidence.get()
    # Images are kept as their copy without metadata (tests/files/test_one_upload_path.py): same pixels.
    assert evidence.name == "anh-tap-huan.png" and evidence.content_type == "image/png"
    assert Image.open(evidence.file.path).getpixel((0, 0)) == Image.open(io.BytesIO(PNG)).getpixel((0, 0))


def test_activity_dated_in_the_future_is_refused(demo):
    with pytest.raises(ValidationError) as error:
        services.record_activity(demo["THCS-BENTHUY"], user("thcs.hieutruong"),
                                 activity_data(held_on=timezone.localdate() + dt.timedelta(days=1)))
    assert "không được ở tương lai" in str(error.value)
    assert not Activity.objects.exists()


def test_200_mb_evidence_is_refused_while_streaming_and_nothing_is_stored(settings, tmp_path, demo):
    settings.MEDIA_ROOT = tmp_path
    upload = StreamedUpload("video-rat-lon.pdf", 200 * 1024 * 1024)
    with pytest.raises(ValidationError) as error:
        services.record_activity(demo["THCS-BENTHUY"], user("thcs.hieutruong"), activity_data(), files=[upload])
    assert "Tệp quá lớn" in str(error.value)
    assert upload.read <= services.EVIDENCE_MAX_BYTES + upload.chunk  # stopped at the limit, not at 200 MB
    assert not Activity.objects.exists() and not ActivityEvidence.objects.exists() and not StoredFile.objects.exists()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_screen_refuses_oversize_evidence_future_date_and_wrong_types(settings, tmp_path, demo, user_client,
                                                                        monkeypatch):
    settings.MEDIA_ROOT = tmp_path
    monkeypatch.setattr(services, "EVIDENCE_MAX_BYTES", 64 * 1024)  # a small limit keeps the test light
    client = user_client("thcs.hieutruong")
    url = reverse("plans:activity_create")
    assert client.get(url).status_code == 200
    base = {"kind": "banner", "title": "Treo pano cảnh báo lừa đảo qua mạng", "staff_count": "0",
            "student_count": "0", "parent_count": "0", "held_on": timezone.localdate().isoformat()}
    big = SimpleUploadedFile("pano.pdf", b"%PDF-1.4\n" + b"0" * (200 * 1024), content_type="application/pdf")
    response = client.post(url, {**base, "evidence": big})
    assert "Tệp quá lớn" in response.content.decode()
    future = (timezone.localdate() + dt.timedelta(days=2)).isoformat()
    response = client.post(url, {**base, "held_on": future})
    assert "không được ở tương lai" in response.content.decode()
    response = client.post(url, {**base, "staff_count": "-5", "kind": "khong-co"})
    assert response.status_code == 200
    exe = SimpleUploadedFile("anh.png", b"MZ\x90\x00" + b"\x00" * 100, content_type="image/png")
    response = client.post(url, {**base, "evidence": exe})
    assert "Loại tệp không được chấp nhận" in response.content.decode()
    assert not Activity.objects.exists()
    response = client.post(url, {**base, "title": "Treo pano “Cảnh giác lừa đảo”"})
    assert response.status_code == 302
    assert Activity.objects.get().unit == demo["THCS-BENTHUY"]


def test_teacher_cannot_record_activities(demo, user_client):
    response = user_client("thcs.giaovien").get(reverse("plans:activity_create"))
    assert response.status_code == 403


def test_activity_form_lists_each_task_once_in_full(sent_plan, demo, user_client):
    """Issue 12 item 15: a school that built its own plan sees its copy of each task, not the
    Sở's too; a task longer than 80 characters is shown whole."""
    import re
    from html import unescape

    from mangxanh.plans import services
    from mangxanh.plans.models import Distribution
    from tests.plans.conftest import user

    long_task = sent_plan.tasks.filter(assigned_types__kind="school").first()
    assert len(long_task.text) > 80
    distribution = Distribution.objects.get(document=sent_plan, unit=demo["THCS-BENTHUY"])
    client = user_client("thcs.hieutruong")
    page = unescape(client.get(reverse("plans:activity_create")).content.decode())
    assert page.count(long_task.text) == 1  # received, not yet implemented: the Sở's task, whole
    services.implement(distribution, user("thcs.hieutruong"))
    page = unescape(client.get(reverse("plans:activity_create")).content.decode())
    labels = re.findall(r'<label for="id_tasks_\d+"><input[^>]*>\s*(.*?)</label>', page, re.S)
    texts = [label.split(" (Kế hoạch số")[0].split(" Chỉ tiêu:")[0].strip() for label in labels]
    assert texts and len(texts) == len(set(texts)), texts
    assert long_task.text in texts
    assert all("KH-THCSBT" in label for label in labels)  # the school's own copy
