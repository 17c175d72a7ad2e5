"""Benchmark: cost of the audit log per write. Run explicitly, it prints numbers:

    .venv/bin/python -m pytest tests/audit/bench_audit.py -q -s
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python -m pytest tests/audit/bench_audit.py -q -s
"""

from __future__ import annotations

import time

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from mangxanh import audit
from mangxanh.audit.chain import verify
from mangxanh.audit.models import AuditEntry
from mangxanh.audit.registry import register_core_models, unregister
from mangxanh.org.models import UnitType

N = 1000


def _timed(func) -> float:
    start = time.perf_counter()
    func()
    return time.perf_counter() - start


@pytest.mark.django_db
def test_bench_audit():
    vendor = connection.vendor
    with CaptureQueriesContext(connection) as queries:
        audit.record("approve", object_type="bench.item", object_id=0)
    per_record = len(queries)

    record_s = _timed(lambda: [audit.record("approve", object_type="bench.item", object_id=i) for i in range(N)])

    def updates(tag: str) -> None:
        unit_type = UnitType.objects.create(code=f"bench-{tag}", name="Loại đo", kind="other")
        for i in range(N):
            unit_type.name = f"Loại đo {i}"
            unit_type.save()

    try:
        unregister(UnitType)
        plain_s = _timed(lambda: updates("plain"))
    finally:
        register_core_models()
    audited_s = _timed(lambda: updates("audited"))
    with CaptureQueriesContext(connection) as queries:
        unit_type = UnitType.objects.get(code="bench-audited")
        unit_type.name = "Lần cuối"
        unit_type.save()
    per_update = len(queries) - 1  # minus the get()

    total = AuditEntry.objects.count()
    verify_s = _timed(verify)
    print(
        f"\n[{vendor}] audit.record: {record_s / N * 1000:.3f} ms/entry, {per_record} queries/entry"
        f"\n[{vendor}] model update: plain {plain_s / N * 1000:.3f} ms, audited {audited_s / N * 1000:.3f} ms"
        f" (+{(audited_s - plain_s) / N * 1000:.3f} ms), {per_update} queries per audited save"
        f"\n[{vendor}] verify: {total} entries in {verify_s:.3f} s ({total / verify_s:,.0f} entries/s)"
    )
    with CaptureQueriesContext(connection) as queries:
        audit.record("approve")
    for q in queries.captured_queries:
        print(f"[{vendor}]   {q['sql'][:110]}")
