"""Benchmark (not a test): the roll-up dashboard for a generated department with 1,000 schools.

    .venv/bin/python benchmarks/bench_plans_rollup.py [--schools 1000] [--activities 20000]

Builds a throw-away SQLite database in a temporary folder (50 communes, 1,000 schools,
random activities over the school year), then times the dashboard page of the Sở as its
leader sees it (rendered HTML, Django test client) and the bare roll-up computation.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=1000)
    parser.add_argument("--communes", type=int, default=50)
    parser.add_argument("--activities", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    tmp = tempfile.mkdtemp(prefix="mangxanh-bench-")
    os.environ["DATABASE_URL"] = f"sqlite:///{tmp}/bench.sqlite3"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mangxanh.settings")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)

    from mangxanh.org.models import Membership, Role, Unit, UnitType
    from mangxanh.org.seed import seed_unit_types
    from mangxanh.plans import rollup
    from mangxanh.plans.models import Activity, ActivityKind

    print(f"Database: {settings.DATABASES['default']['ENGINE']} in {tmp}")
    started = time.perf_counter()
    seed_unit_types(UnitType)
    types = {t.code: t for t in UnitType.objects.all()}
    school_types = [types[c] for c in ("truong-mam-non", "truong-tieu-hoc", "truong-thcs")]
    root = Unit.objects.add_root({"code": "SGD-BENCH", "name": "Sở Giáo dục và Đào tạo tỉnh Thử Nghiệm",
                                  "unit_type": types["so-gddt"]})
    per_commune = args.schools // args.communes
    schools = []
    for c in range(args.communes):
        root = Unit.objects.get(pk=root.pk)
        commune = Unit.objects.add_child(root, {"code": f"XA-{c:03d}", "name": f"UBND xã Thử Nghiệm {c + 1}",
                                                "unit_type": types["ubnd-xa"]})
        for s in range(per_commune):
            commune = Unit.objects.get(pk=commune.pk)
            schools.append(Unit.objects.add_child(commune, {
                "code": f"TR-{c:03d}-{s:02d}", "name": f"Trường thử {c + 1}.{s + 1}",
                "unit_type": school_types[s % len(school_types)]}))
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
    root = Unit.objects.get(depth=1)
    leader = get_user_model().objects.create(username="bench.leader", full_name="Lãnh đạo Sở thử")
    Membership.objects.create(user=leader, unit=root, role=Role.LEADER)
    print(f"Generated {Unit.objects.count()} units ({len(schools)} schools), {Activity.objects.count()} activities "
          f"in {time.perf_counter() - started:.1f} s")

    client = Client()
    client.force_login(leader)
    url = "/chi-tieu/tien-do/?period=all"
    timings = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
    print(f"Dashboard page (Sở, {args.communes} communes, drill-down rows): median {statistics.median(timings):.3f} s, "
          f"max {max(timings):.3f} s over {args.repeat} runs")
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
