"""Benchmark (not a test): a contest leaderboard with 1,000 schools and 100,000 attempts.

    .venv/bin/python benchmarks/bench_learning_leaderboard.py [--schools 1000] [--attempts 100000]

Builds a throw-away SQLite database in a temporary folder (50 communes, 1,000 schools with
rosters, one Sở quiz, finished attempts spread over the schools), then times the leaderboard
(participation rate and average score per school, rolled up to communes and the Sở): the bare
computation and the page as the Sở's leader sees it. Target: under 1 s.
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
    parser.add_argument("--attempts", type=int, default=100_000)
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
    from django.utils import timezone

    setup_test_environment()
    settings.ALLOWED_HOSTS = ["*"]
    call_command("migrate", verbosity=0)

    from mangxanh.learning import stats
    from mangxanh.learning.models import Attempt, Quiz, Roster
    from mangxanh.org.models import Membership, Role, Unit, UnitType
    from mangxanh.org.seed import seed_unit_types

    print(f"Database: {settings.DATABASES['default']['ENGINE']} in {tmp}")
    started = time.perf_counter()
    seed_unit_types(UnitType)
    types = {t.code: t for t in UnitType.objects.all()}
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
                "code": f"TR-{c:03d}-{s:02d}", "name": f"Trường THCS thử {c + 1}.{s + 1}",
                "unit_type": types["truong-thcs"]}))
    rng = random.Random(2026)
    Roster.objects.bulk_create(Roster(unit=s, pupils=rng.randrange(200, 900)) for s in schools)
    root = Unit.objects.get(depth=1)
    now = timezone.now()
    quiz = Quiz.objects.create(unit=root, title="Cuộc thi thử", audience="thcs", opens_at=now - dt.timedelta(days=30),
                               closes_at=now + dt.timedelta(days=30))
    batch = []
    for i in range(args.attempts):
        school = schools[i % len(schools)]
        right = rng.randrange(11)
        name = f"hoc sinh {rng.randrange(400)}"
        batch.append(Attempt(
            quiz=quiz, unit=school, name=name, name_key=f"{rng.randrange(6, 10)}A|{name}", class_name="8A",
            is_pupil=True, token=f"t{i}", started_at=now, deadline=now, finished_at=now, total=10,
            correct_count=right, score=right * 10.0, passed=right >= 5))
        if len(batch) == 5000:
            Attempt.objects.bulk_create(batch)
            batch = []
    Attempt.objects.bulk_create(batch)
    leader = get_user_model().objects.create(username="bench.leader", full_name="Lãnh đạo Sở thử")
    Membership.objects.create(user=leader, unit=root, role=Role.LEADER)
    print(f"Generated {Unit.objects.count()} units ({len(schools)} schools), {Attempt.objects.count()} attempts "
          f"in {time.perf_counter() - started:.1f} s")

    timings = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        board = stats.leaderboard(root, quiz)
        timings.append(time.perf_counter() - t0)
    total = board[root.pk]
    print(f"Leaderboard computation ({len(board)} units rolled up): median {statistics.median(timings):.3f} s, "
          f"max {max(timings):.3f} s over {args.repeat} runs; Sở: {total['people']} participants / "
          f"{total['pupils']} pupils = {total['participation']} %, average {total['average']} %")

    client = Client()
    client.force_login(leader)
    url = f"/hoc-tap/kiem-tra/{quiz.pk}/xep-hang/"
    timings = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        response = client.get(url)
        timings.append(time.perf_counter() - t0)
        assert response.status_code == 200, response.status_code
    print(f"Leaderboard page (Sở leader, {len(schools)} school rows): median {statistics.median(timings):.3f} s, "
          f"max {max(timings):.3f} s over {args.repeat} runs")
    worst = max(timings)
    print("Target under 1 s:", "met" if worst < 1.0 else "NOT met")

    # The periodic report's learning section (informed figure rolled up, one line per unit below) and the
    # numbers page with its SVG charts, both for the Sở.
    from types import SimpleNamespace

    from mangxanh.learning.panels import report_section

    report = SimpleNamespace(unit=root, period=SimpleNamespace(starts_on=None, ends_on=None))
    timings = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        report_section(report)
        timings.append(time.perf_counter() - t0)
    print(f"Report learning section (Sở, {len(schools)} schools): median {statistics.median(timings):.3f} s, "
          f"max {max(timings):.3f} s")
    timings = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        response = client.get("/hoc-tap/so-lieu/")
        timings.append(time.perf_counter() - t0)
        assert response.status_code == 200 and b"<svg" in response.content, response.status_code
    print(f"Numbers page with charts (Sở leader): median {statistics.median(timings):.3f} s, max {max(timings):.3f} s")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
