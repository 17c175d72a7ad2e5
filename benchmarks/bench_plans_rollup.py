"""Benchmark (not a test): the roll-up dashboard for a generated department with 1,000 schools.

    .venv/bin/python benchmarks/bench_plans_rollup.py [--schools 1000] [--activities 20000]

Builds a throw-away SQLite database in a temporary folder (50 communes, 1,000 schools,
random activities over the school year), then times the dashboard page of the Sở as its
leader sees it (rendered HTML, Django test client) and the bare roll-up computation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import shutil
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchtree import build_department, department_leader, start_django, summary, time_page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=1000)
    parser.add_argument("--communes", type=int, default=50)
    parser.add_argument("--activities", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    tmp = start_django()
    from django.test import Client

    from mangxanh.org.models import Unit
    from mangxanh.plans import rollup
    from mangxanh.plans.models import Activity, ActivityKind

    started = time.perf_counter()
    root, schools = build_department(args.schools, args.communes,
                                     ("truong-mam-non", "truong-tieu-hoc", "truong-thcs"), "Trường thử")
    rng = random.Random(2026)
    start = dt.date(2025, 9, 1)
    kinds = ActivityKind.values
    Activity.objects.bulk_create(
        [Activity(unit=rng.choice(schools), kind=rng.choice(kinds), title="Hoạt động thử",
                  held_on=start + dt.timedelta(days=rng.randrange(300)), staff_count=rng.randrange(60),
                  student_count=rng.randrange(800), parent_count=rng.randrange(300))
         for _ in range(args.activities)],
        batch_size=2000,
    )
    leader = department_leader(root)
    print(f"Generated {Unit.objects.count()} units ({len(schools)} schools), {Activity.objects.count()} activities "
          f"in {time.perf_counter() - started:.1f} s")

    client = Client()
    client.force_login(leader)
    url = "/chi-tieu/tien-do/?period=all"
    timings = time_page(client, url, args.repeat)
    print(f"Dashboard page (Sở, {args.communes} communes, drill-down rows): {summary(timings)} over {args.repeat} runs")
    commune = Unit.objects.get(code="XA-000")
    t0 = time.perf_counter()
    assert client.get(f"{url}&unit={commune.pk}").status_code == 200
    print(f"Drill-down page (one commune): {time.perf_counter() - t0:.3f} s")
    t0 = time.perf_counter()
    totals = rollup.rollup(root)
    print(f"Bare roll-up of {len(totals)} units: {time.perf_counter() - t0:.3f} s "
          f"(Sở total {totals[root.pk]['activities']} activities)")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
