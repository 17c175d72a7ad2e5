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
import random
import shutil
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from benchtree import build_department, department_leader, start_django, summary, time_page


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--schools", type=int, default=1000)
    parser.add_argument("--communes", type=int, default=50)
    parser.add_argument("--attempts", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    tmp = start_django()
    from django.test import Client
    from django.utils import timezone

    from mangxanh.learning import stats
    from mangxanh.learning.models import Attempt, Quiz, Roster
    from mangxanh.org.models import Unit

    started = time.perf_counter()
    root, schools = build_department(args.schools, args.communes, ("truong-thcs",), "Trường THCS thử")
    rng = random.Random(2026)
    Roster.objects.bulk_create(Roster(unit=s, pupils=rng.randrange(200, 900)) for s in schools)
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
    leader = department_leader(root)
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
    timings = time_page(client, url, args.repeat)
    print(f"Leaderboard page (Sở leader, {len(schools)} school rows): {summary(timings)} over {args.repeat} runs")
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
    timings = time_page(client, "/hoc-tap/so-lieu/", args.repeat, lambda response: b"<svg" in response.content)
    print(f"Numbers page with charts (Sở leader): {summary(timings)}")
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
