"""Entries can only be added through audit.record(); changing or removing them is refused."""

from __future__ import annotations

import pytest

from mangxanh import audit
from mangxanh.audit.chain import verify
from mangxanh.audit.models import AuditEntry, AuditLogIsAppendOnly


@pytest.fixture
def entry(db) -> AuditEntry:
    audit.record("approve", object_repr="Bài viết A")
    return audit.record("approve", object_repr="Bài viết B")


def _unchanged(entry: AuditEntry) -> None:
    stored = AuditEntry.objects.get(pk=entry.pk)
    assert (stored.object_repr, stored.entry_hash) == (entry.object_repr, entry.entry_hash)
    assert AuditEntry.objects.count() == 2
    assert verify().ok


def test_saving_an_existing_entry_is_refused(entry):
    entry.object_repr = "Bài viết đã sửa"
    with pytest.raises(AuditLogIsAppendOnly):
        entry.save()
    entry.object_repr = "Bài viết B"
    _unchanged(entry)


def test_deleting_is_refused(entry):
    with pytest.raises(AuditLogIsAppendOnly):
        entry.delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.all().delete()
    _unchanged(entry)


def test_queryset_writes_are_refused(entry):
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.filter(pk=entry.pk).update(object_repr="x")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.bulk_update([entry], ["object_repr"])
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.update_or_create(pk=entry.pk, defaults={"object_repr": "x"})
    _unchanged(entry)


def test_adding_around_record_is_refused(entry):
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.create(seq=3, timestamp=entry.timestamp, action="create", prev_hash="", entry_hash="")
    with pytest.raises(AuditLogIsAppendOnly):
        AuditEntry.objects.bulk_create([AuditEntry(seq=3, timestamp=entry.timestamp, action="x")])
    forged = AuditEntry(seq=3, timestamp=entry.timestamp, action="create", prev_hash="", entry_hash="")
    with pytest.raises(AuditLogIsAppendOnly):
        forged.save()
    _unchanged(entry)


def test_the_refusal_message_is_vietnamese(entry):
    with pytest.raises(AuditLogIsAppendOnly, match="chỉ được ghi thêm"):
        entry.delete()
