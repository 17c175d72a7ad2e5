"""Benchmark: public channel check against many registered channels, and draft save cost.
Run explicitly, it prints numbers:

    .venv/bin/python -m pytest tests/review/bench_review.py -q -s
"""

from __future__ import annotations

import statistics
import time

from mangxanh.review import drafts as flow
from mangxanh.review.channels import check_channel
from mangxanh.review.models import Draft, OfficialChannel
from tests.review.conftest import POST_TEXT, user

CHANNELS = 3000


def test_bench_public_check(demo):
    units = list(demo.values())
    OfficialChannel.objects.bulk_create(
        OfficialChannel(unit=units[i % len(units)], kind="facebook", name=f"Trường số {i} tỉnh Sông Lam",
                        address=f"https://facebook.com/truong{i}songlam", address_key=f"facebook.com/truong{i}songlam",
                        name_key=f"truong so {i} tinh song lam")
        for i in range(CHANNELS)
    )
    queries = ["https://m.facebook.com/truong1234songlam/", "facebook.com/truong1234song1am",
               "Trường số 77 tỉnh Sông Lam", "https://example.org/khong-lien-quan"]
    times = []
    for _ in range(5):
        for q in queries:
            start = time.perf_counter()
            check_channel(q)
            times.append((time.perf_counter() - start) * 1000)
    print(f"\npublic check, {CHANNELS} channels: median {statistics.median(times):.1f} ms, "
          f"max {max(times):.1f} ms over {len(times)} look-ups")


def test_bench_draft_save(demo):
    editor = user("thcs.bientap")
    times = []
    for i in range(50):
        start = time.perf_counter()
        flow.save_version(Draft(unit=demo["THCS-BENTHUY"], author=editor), editor, f"Bài {i}", POST_TEXT)
        times.append((time.perf_counter() - start) * 1000)
    print(f"\ndraft save (new version + scan request, no scan): median {statistics.median(times):.1f} ms, "
          f"max {max(times):.1f} ms over {len(times)} saves")
