"""Sensitive records and fields enter the audit log as *having changed*, never with their values.

The log is read at /nhat-ky/ and in its CSV by unit and system administrators, who must not
learn a victim's name or a reporter's phone number from it.
"""

from __future__ import annotations

import csv
import io
import itertools
import re
from collections.abc import Callable

import pytest
from django.contrib.auth import get_user_model
from django.db import models
from django.db.models import ProtectedError
from django.urls import reverse

from mangxanh.audit import registry
from mangxanh.audit.chain import MASK, verify
from mangxanh.audit.export import csv_lines
from mangxanh.audit.models import AuditEntry
from mangxanh.intake.models import Case, Evidence, SupportAction, VictimSupport
from mangxanh.scanning.models import QuickCheck
from tests.intake.conftest import submit

User = get_user_model()
_counter = itertools.count(1)


def marker() -> str:
    # Short enough for every text column (choice columns of wholly sensitive records hold 10).
    return f"LK{next(_counter):05d}X"


def fill(instance: models.Model, names) -> list[str]:
    """Put a fresh marker into every text-like sensitive field of instance; returns the markers."""
    placed = []
    for field in instance._meta.concrete_fields:
        if field.name not in names or field.primary_key:
            continue
        if isinstance(field, models.EmailField):
            value = f"{marker().lower()}@example.vn"
        elif isinstance(field, models.CharField | models.TextField):
            value = marker()
        elif isinstance(field, models.JSONField):
            value = [marker()]
        else:
            continue  # dates, numbers, relations: checked by the mask assertion below
        setattr(instance, field.name, value)
        placed.append(value if isinstance(value, str) else value[0])
    return placed


def _case(demo) -> Case:
    return submit(unit=demo["THCS-BENTHUY"], description="Phản ánh để thử nhật ký").report.case


# One maker per model registered as sensitive: a saved instance that the walk then edits.
MAKERS: dict[str, Callable[[dict], models.Model]] = {
    "intake.case": _case,
    "intake.report": lambda demo: submit(unit=demo["THCS-BENTHUY"], anonymous=False, contact="0900000000",
                                         contact_name="Người báo").report,
    "intake.evidence": lambda demo: Evidence.objects.create(
        case=_case(demo), file=_stored_file(), name="anh.png", sha256="0" * 64),
    "intake.victimsupport": lambda demo: VictimSupport.objects.create(case=_case(demo)),
    "intake.supportaction": lambda demo: SupportAction.objects.create(
        support=VictimSupport.objects.create(case=_case(demo)), kind="counselling"),
    "scanning.quickcheck": lambda demo: QuickCheck.objects.create(
        user=User.objects.get(username="thcs.bientap"), unit=demo["THCS-BENTHUY"], text="Bài viết nháp"),
}


def _stored_file():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from mangxanh.files.uploads import accept_upload
    from tests.intake.conftest import png_bytes

    return accept_upload(SimpleUploadedFile("a.png", png_bytes(), "image/png"), allowed={"image/png"},
                         max_bytes=10_000_000).file


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INTAKE_RATE_LIMITS = {"report": (1000, 600), "lookup": (1000, 600)}


def test_the_victim_record_and_reporters_contact_are_marked_sensitive():
    marked = {reg.model._meta.label_lower: reg for reg in registry.sensitive_registrations()}
    assert marked["intake.victimsupport"].whole_sensitive
    assert marked["intake.supportaction"].whole_sensitive
    assert {"victim_name", "guardian_contact", "victim_class", "notes", "outcome"} <= marked[
        "intake.victimsupport"].sensitive
    assert {"contact", "contact_name", "description"} <= marked["intake.report"].sensitive
    assert "text" in marked["scanning.quickcheck"].sensitive


def test_no_value_of_any_sensitive_field_reaches_the_log_or_its_csv(demo):
    markers: list[str] = []
    walked = []
    for reg in registry.sensitive_registrations():
        label = reg.model._meta.label_lower
        assert label in MAKERS, f"{label} is marked sensitive: add a maker to this test"
        instance = MAKERS[label](demo)
        markers += fill(instance, reg.sensitive)
        instance.save()  # an update of every sensitive field
        markers += fill(instance, reg.sensitive)
        instance.save()
        try:
            instance.delete()  # the deletion's snapshot must not carry them either
        except ProtectedError:
            pass
        walked.append(label)
        for entry in AuditEntry.objects.filter(object_type=label):
            for name in reg.sensitive & set(entry.changes):
                assert set(entry.changes[name]) <= {None, MASK}, (label, name, entry.changes)
    assert {"intake.victimsupport", "intake.report", "scanning.quickcheck"} <= set(walked)
    assert markers
    dump = str(list(AuditEntry.objects.values_list("changes", "message", "object_repr")))
    exported = "".join(csv_lines(AuditEntry.objects.order_by("seq")))
    for value in markers:
        assert value not in dump, [e for e in AuditEntry.objects.values_list("action", "object_type", "changes",
                                                                             "message", "object_repr")
                                   if value in str(e)]
        assert value not in exported
    assert verify().ok


def test_updating_a_victim_record_says_what_changed_not_the_values(demo, user_client):
    case = _case(demo)
    VictimSupport.objects.create(case=case, victim_name="Nguyễn Thị Lan Anh", victim_class="7A",
                                 guardian_contact="Mẹ: 0912 000 111", notes="Em rất sợ bị lộ tên")
    client = user_client("thcs.baovetre")
    response = client.post(f"/vu-viec/{case.pk}/nan-nhan/", {
        "victim_name": "Nguyễn Thị Lan Chi", "victim_class": "7B", "age_range": "11-15",
        "guardian_contact": "Bố: 0987 654 321", "notes": "Đã gặp phụ huynh", "outcome": "",
    })
    assert response.status_code == 302
    support = VictimSupport.objects.get(case=case)
    assert support.victim_name == "Nguyễn Thị Lan Chi"
    update = AuditEntry.objects.get(object_type="intake.victimsupport", object_id=str(support.pk), action="update")
    assert update.changes["victim_name"] == [MASK, MASK]
    assert update.changes["guardian_contact"] == [MASK, MASK]
    assert update.object_repr == f"hỗ trợ nạn nhân #{support.pk}"
    secrets = ["Lan Anh", "Lan Chi", "0912 000 111", "0987 654 321", "7A", "7B", "sợ bị lộ", "gặp phụ huynh"]
    for username in ("thcs.quantri", "admin"):
        admin = user_client(username)
        page = admin.get(reverse("audit:list")).content.decode()
        body = b"".join(admin.get(reverse("audit:export")).streaming_content).decode("utf-8-sig")
        rows = list(csv.reader(io.StringIO(body)))
        assert any(row[7] == str(support.pk) and row[6] == "intake.victimsupport" for row in rows)
        for secret in secrets:
            # As a whole word: a random CSRF token on the page may well contain "7B".
            pattern = re.compile(rf"(?<!\w){re.escape(secret)}(?!\w)")
            assert not pattern.search(page)
            assert not pattern.search(body)


def test_reporter_contact_never_in_the_log(demo):
    report = submit(unit=demo["THCS-BENTHUY"], anonymous=False, contact="0933 444 555",
                    contact_name="Phụ huynh Trần Văn B").report
    report.contact = "0944 555 666"
    report.save()
    dump = str(list(AuditEntry.objects.values_list("changes", "message", "object_repr")))
    assert "0933 444 555" not in dump and "0944 555 666" not in dump and "Trần Văn B" not in dump
    assert AuditEntry.objects.get(object_type="intake.report", action="update").changes == {"contact": [MASK, MASK]}


def test_unknown_sensitive_field_is_refused():
    with pytest.raises(ValueError):
        registry.register(VictimSupport, sensitive=["no_such_field"])
