"""`mangxanh clean_stored_images`: images stored before the one upload path lose their metadata on disk;
evidence originals stay as captured and gain a viewing copy; running it twice changes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.core.management import call_command
from django.utils import timezone

from mangxanh.files.models import StoredFile
from mangxanh.files.storage import IMAGES, carries_metadata, store_bytes, strip_image_metadata
from mangxanh.intake.models import Evidence
from mangxanh.plans.models import Activity, ActivityEvidence
from tests.files import images
from tests.intake.conftest import submit

PHOTO = images.jpeg_with_gps()



def old_file(data: bytes = PHOTO) -> StoredFile:
    """A file as the platform stored it before: the bytes as received."""
    return store_bytes(data, name="anh.jpg", allowed=IMAGES, max_bytes=10_000_000).file


@pytest.mark.parametrize("make", [images.jpeg_full_of_metadata, images.png_full_of_metadata,
                                  images.gif_full_of_metadata, images.webp_full_of_metadata, images.jpeg_with_gps])
def test_metadata_is_recognised_and_the_stripped_copy_has_none(make):
    data = make()
    assert carries_metadata(data)
    assert not carries_metadata(strip_image_metadata(data).data)


def test_old_activity_evidence_is_replaced_and_evidence_gains_a_viewing_copy(demo, media, capsys):
    activity = Activity.objects.create(unit=demo["THCS-BENTHUY"], kind="banner", title="Hoạt động cũ",
                                       held_on=timezone.localdate())
    old = old_file()
    evidence = ActivityEvidence.objects.create(activity=activity, file=old, name="anh.jpg")
    case = submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"], description="Ảnh chụp tin nhắn gạ gẫm").report.case
    original = old_file(images.jpeg_full_of_metadata())
    captured = Evidence.objects.create(case=case, file=original, name="tin-nhan.jpg", sha256=original.sha256)

    call_command("clean_stored_images")
    assert "Đã thay 1 ảnh" in capsys.readouterr().out

    evidence.refresh_from_db()
    assert evidence.file != old and not carries_metadata(evidence.file.read_bytes())
    assert not images.has_gps(evidence.file.read_bytes())
    assert not StoredFile.objects.filter(pk=old.pk).exists() and not Path(old.path).exists()
    captured.refresh_from_db()
    assert captured.file == original and captured.file.read_bytes() == images.jpeg_full_of_metadata()
    assert captured.viewing_copy is not None and not carries_metadata(captured.viewing_copy.read_bytes())

    files = set(StoredFile.objects.values_list("sha256", flat=True))
    call_command("clean_stored_images")
    assert set(StoredFile.objects.values_list("sha256", flat=True)) == files


def test_a_file_another_record_still_uses_is_kept(demo, media):
    activity = Activity.objects.create(unit=demo["THCS-BENTHUY"], kind="banner", title="Hoạt động cũ",
                                       held_on=timezone.localdate())
    old = old_file()
    ActivityEvidence.objects.create(activity=activity, file=old, name="anh.jpg")
    case = submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"], description="Cùng ảnh gửi làm chứng cứ").report.case
    Evidence.objects.create(case=case, file=old, name="anh.jpg", sha256=old.sha256)
    call_command("clean_stored_images")
    assert Path(old.path).read_bytes() == PHOTO  # still the evidence's original
