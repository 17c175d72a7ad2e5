"""Entries form a SHA-256 chain; odd input is stored so that it reads back and verifies unchanged."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from mangxanh import audit
from mangxanh.audit.chain import GENESIS, compute_hash, verify
from mangxanh.audit.models import AuditEntry


@pytest.mark.django_db
def test_entries_link_to_their_predecessor():
    first = audit.record("approve", object_type="review.post", object_id=1, object_repr="Bài đăng khai giảng")
    second = audit.record("reject", object_type="review.post", object_id=2, message="Lộ số CCCD của học sinh")
    assert (first.seq, first.prev_hash) == (1, GENESIS)
    assert (second.seq, second.prev_hash) == (2, first.entry_hash)
    assert AuditEntry.objects.count() == 2
    for entry in AuditEntry.objects.all():
        row = AuditEntry.objects.filter(pk=entry.pk).values().get()
        assert compute_hash(row) == entry.entry_hash
    assert verify().ok


@pytest.mark.django_db
def test_hash_covers_every_field():
    entry = audit.record("approve", object_type="review.post", object_id="7", message="Đồng ý")
    row = AuditEntry.objects.filter(pk=entry.pk).values().get()
    for name, other in [("message", "Không đồng ý"), ("actor_username", "ke.gian"), ("object_id", "8"),
                        ("changes", {"a": [1, 2]}), ("prev_hash", "f" * 64), ("seq", 99)]:
        assert compute_hash({**row, name: other}) != entry.entry_hash, name


@pytest.mark.django_db
def test_odd_input_is_stored_and_verifies():
    broken = "Tr\ud800ường\x00 học " + "ư" * 10_000
    entry = audit.record(
        "approve",
        object_type="x" * 500,
        object_id=broken,
        object_repr=broken,
        message=broken,
        changes={"ghi chú": [broken, 3.5], "số": [10**30, float("nan")], broken: ["ngày", None]},
        ip="không phải IP",
    )
    entry = AuditEntry.objects.get(pk=entry.pk)
    assert "\x00" not in entry.message and "\ud800" not in entry.message
    assert len(entry.object_repr) == 200 and len(entry.object_type) == 100 and len(entry.message) <= 2000
    assert entry.actor_ip == ""
    assert entry.changes["số"] == [10**30, "nan"]
    assert verify().ok


@pytest.mark.django_db
def test_actor_ip_and_unit_come_from_the_context(demo):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="thcs.quantri")
    with audit.acting_as(user, ip_address="203.0.113.9", unit=demo["THCS-BENTHUY"]):
        entry = audit.record("approve", object_repr="Kế hoạch tuần")
    assert (entry.actor_id, entry.actor_username, entry.actor_ip) == (user.pk, "thcs.quantri", "203.0.113.9")
    assert (entry.unit_id, entry.unit_path) == (demo["THCS-BENTHUY"].pk, demo["THCS-BENTHUY"].path)
    outside = audit.record("approve", object_repr="Tác vụ nền")
    assert (outside.actor_id, outside.actor_display, outside.unit_id) == (None, "Hệ thống", None)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite allows one writer at a time by design")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writers_never_fork_the_chain():
    threads, per_thread = 8, 25
    barrier = threading.Barrier(threads)
    errors: list[BaseException] = []

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                audit.record("approve", object_type="test.item", object_id=f"{n}-{i}")
        except BaseException as exc:  # reported in the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    for t in workers:
        t.start()
    for t in workers:
        t.join()
    assert not errors
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, threads * per_thread + 1))
    result = verify()
    assert result.ok, result.problems
    assert result.count == threads * per_thread
