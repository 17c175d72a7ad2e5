"""Benchmark: validate and import N people from an .xlsx and a .csv (rolled back afterwards).

MANGXANH_VAR_DIR=/tmp/bench .venv/bin/mangxanh migrate && MANGXANH_VAR_DIR=/tmp/bench .venv/bin/mangxanh demo load
MANGXANH_VAR_DIR=/tmp/bench .venv/bin/python tests/org/bench_import.py [N]
"""

from __future__ import annotations

import io
import os
import sys
import time

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mangxanh.settings")

import django

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.db import transaction  # noqa: E402

from mangxanh.org import importing  # noqa: E402
from tests.org.importfiles import csv_bytes, xlsx_bytes  # noqa: E402


class Rollback(Exception):
    pass


def main(n: int) -> None:
    by = get_user_model().objects.get(username="so.quantri")
    rows = [
        [
            f"Người Thử {i}",
            f"bench.{i}",
            f"bench.{i}@truong.edu.vn",
            "0912000000",
            "THCS-BENTHUY",
            "Giáo viên",
        ]
        for i in range(n)
    ]
    for kind, data in (("xlsx", xlsx_bytes(rows)), ("csv", csv_bytes(rows))):
        start = time.perf_counter()
        result = importing.validate(io.BytesIO(data), by)
        checked = time.perf_counter()
        assert result.ok, result.errors[:3]
        try:
            with transaction.atomic():
                result = importing.import_people(io.BytesIO(data), by)
                done = time.perf_counter()
                raise Rollback
        except Rollback:
            pass
        print(
            f"{kind}: {n} rows, {len(data) / 1024:.0f} KB: validate {checked - start:.2f} s, "
            f"validate+write {done - checked:.2f} s ({len(result.created)} created, rolled back)"
        )


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 5000)
