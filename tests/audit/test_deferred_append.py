"""chain.deferred(): a block's audit entries are written together at its end, in the same transaction."""

from __future__ import annotations

import pytest
from django.db import transaction

from mangxanh import audit
from mangxanh.audit.chain import deferred, verify
from mangxanh.audit.models import AuditEntry

pytestmark = pytest.mark.django_db


def test_entries_are_written_at_the_end_in_order_and_chained():
    audit.record("one", message="trước")
    with transaction.atomic(), deferred():
        audit.record("two", message="giữa 1")
        audit.record("three", message="giữa 2")
        assert not AuditEntry.objects.filter(action__in=["two", "three"]).exists()  # not yet: no lock held
    rows = list(AuditEntry.objects.order_by("seq").values_list("action", "seq"))
    assert [a for a, _ in rows][-3:] == ["one", "two", "three"]
    assert [s for _, s in rows][-3:] == [rows[-3][1], rows[-3][1] + 1, rows[-3][1] + 2]
    assert verify().ok


def test_an_error_in_the_block_writes_nothing():
    before = AuditEntry.objects.count()
    with pytest.raises(RuntimeError), transaction.atomic(), deferred():
        audit.record("lost")
        raise RuntimeError("the change failed")
    assert AuditEntry.objects.count() == before
    assert verify().ok
