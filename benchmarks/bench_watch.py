"""Benchmark (not a test): website checks per second and the workers' CPU share.

    .venv/bin/python benchmarks/bench_watch.py [--sites 200] [--workers 2] [--page-kb 60] [--max-seconds 120]
    .venv/bin/python benchmarks/bench_watch.py --sites 5000      # the target size: 5,000 sites / 15 minutes

N registered websites, all served by the fixture school site on 127.0.0.1 (its own process, so
its CPU is not counted as the workers'); a throw-away SQLite database in a temporary folder.
A first cycle builds the baselines (not timed as steady state); the measured cycle checks every
site again (4 pages + sitemap each), split between the worker processes. Never contacts any
other host. Stops at --max-seconds and reports what was done.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import shutil
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def _django(db: str, queue: bool = False) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mangxanh.settings")
    os.environ.setdefault("LOG_LEVEL", "WARNING")
    import django

    django.setup()
    from django.conf import settings

    settings.WATCH_ALLOW_HOSTS = ["127.0.0.1"]  # the fixture server only
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    if not queue:
        settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _load() -> str:
    return " / ".join(f"{x:.1f}" for x in os.getloadavg())


def _serve(port_queue, stop, page_kb: int) -> None:
    from tests.watch.fixture_site import FixtureSites

    sites = FixtureSites()
    sites.pad_kb = page_kb
    port_queue.put(sites.port)
    stop.wait()
    sites.close()


def _worker(db: str, ids: list[int], deadline: float, results) -> None:
    _django(db)
    from mangxanh.review.models import OfficialChannel
    from mangxanh.watch.checks import check_site, site_for
    from mangxanh.watch.models import SecurityIncident

    cpu0, wall0 = time.process_time(), time.monotonic()
    done = incidents = failed = 0
    for channel in OfficialChannel.objects.filter(pk__in=ids).select_related("unit"):
        if time.monotonic() > deadline:
            break
        check = check_site(site_for(channel))
        done += 1
        failed += not check.ok
        incidents += check.incidents_opened
    results.put({"done": done, "failed": failed, "incidents": incidents, "cpu": time.process_time() - cpu0,
                 "wall": time.monotonic() - wall0, "open": SecurityIncident.objects.count()})


def _cycle(db: str, ids: list[int], workers: int, deadline: float) -> tuple[list[dict], float]:
    ctx = mp.get_context("spawn")
    results = ctx.Queue()
    shares = [ids[i::workers] for i in range(workers)]
    started = time.monotonic()
    procs = [ctx.Process(target=_worker, args=(db, share, deadline, results)) for share in shares]
    for p in procs:
        p.start()
    out = [results.get() for _ in procs]
    for p in procs:
        p.join()
    return out, time.monotonic() - started


def _queue_cycle(db: str, ids: list[int], workers: int, max_seconds: float) -> dict:
    """Enqueue one check_website task per site and run `mangxanh worker --batch` processes on them:
    the production path (django-tasks database backend). Wall time includes the workers' start-up."""
    import resource
    import subprocess

    from django.db import connections

    from mangxanh.watch.models import SiteCheck
    from mangxanh.watch.tasks import check_website

    before = SiteCheck.objects.count()
    for pk in ids:
        check_website.enqueue(pk)
    connections.close_all()
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{db}", "WATCH_ALLOW_HOSTS": "127.0.0.1",
           "LOG_LEVEL": "WARNING", "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.monotonic()
    procs = [subprocess.Popen([sys.executable, "-m", "mangxanh", "worker", "--batch", "--interval", "0.2"],
                              env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
             for _ in range(workers)]
    for proc in procs:
        try:
            proc.wait(timeout=max(1.0, started + max_seconds - time.monotonic()))
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
    wall = time.monotonic() - started
    from django_tasks_db.models import DBTaskResult

    DBTaskResult.objects.filter(status="READY").delete()  # a capped cycle leaves these: not the next cycle's work
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - usage.ru_utime) + (after.ru_stime - usage.ru_stime)
    return {"done": SiteCheck.objects.count() - before, "cpu": cpu, "wall": wall}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sites", type=int, default=200)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--page-kb", type=int, default=60, help="HTML size of each fixture page (KB)")
    parser.add_argument("--max-seconds", type=float, default=120.0, help="stop each cycle after this long")
    parser.add_argument("--queue", action="store_true",
                        help="go through the task queue: enqueue, then run `mangxanh worker --batch` processes")
    args = parser.parse_args()
    warnings.filterwarnings("ignore", category=DeprecationWarning)

    tmp = tempfile.mkdtemp(prefix="mangxanh-bench-watch-")
    db = f"{tmp}/bench.sqlite3"
    ctx = mp.get_context("spawn")
    port_queue, stop = ctx.Queue(), ctx.Event()
    server = ctx.Process(target=_serve, args=(port_queue, stop, args.page_kb), daemon=True)
    server.start()
    port = port_queue.get(timeout=30)
    try:
        _django(db, queue=args.queue)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)
        from mangxanh.org.models import Unit, UnitType
        from mangxanh.review.models import OfficialChannel

        kind = UnitType.objects.create(code="truong-bench", name="Trường", kind="school", school_level="thcs")
        root = Unit.add_root(unit_type=kind, name="Sở thử", code="BENCH")
        OfficialChannel.objects.bulk_create(
            OfficialChannel(unit=root, kind="website", name=f"Trường số {n}", address=f"http://127.0.0.1:{port}/s/{n}/",
                            address_key=f"127.0.0.1:{port}/s/{n}", name_key=f"truong so {n}")
            for n in range(args.sites))
        ids = list(OfficialChannel.objects.values_list("pk", flat=True))
        from django.db import connections

        connections.close_all()
        print(f"{args.sites} sites, {args.workers} workers{' (task queue)' if args.queue else ''}, "
              f"pages of {args.page_kb} KB, {os.cpu_count()} CPU cores")
        print(f"load average at start (1/5/15 min): {_load()}")
        for label in ("baseline cycle", "steady cycle"):
            if label == "steady cycle":
                # A capped baseline cycle left sites without a baseline: the steady cycle checks only the
                # sites that have one, so it measures re-checks (the work of every later cycle).
                from mangxanh.watch.models import WatchedSite

                ids = list(WatchedSite.objects.filter(baseline_at__isnull=False).values_list("channel_id", flat=True))
                connections.close_all()
            if args.queue:
                out = [_queue_cycle(db, ids, args.workers, args.max_seconds) | {"failed": 0, "incidents": 0}]
                wall = out[0]["wall"]
            else:
                out, _ = _cycle(db, ids, args.workers, time.monotonic() + args.max_seconds)
                # Checking time, without starting the processes (Django set-up), which a worker does once.
                wall = max(r["wall"] for r in out)
            done = sum(r["done"] for r in out)
            cpu = sum(r["cpu"] for r in out)
            share = cpu / (wall * (os.cpu_count() or 1))
            print(f"{label}: {done} checks in {wall:.1f} s = {done / wall:.1f} checks/s; "
                  f"workers' CPU {cpu:.1f} s = {100 * share:.0f}% of all cores "
                  f"({100 * cpu / wall / args.workers:.0f}% of each worker's time); "
                  f"failed {sum(r['failed'] for r in out)}, incidents {sum(r['incidents'] for r in out)}")
            if done < len(ids):
                print(f"  stopped at --max-seconds {args.max_seconds:.0f}: {len(ids) - done} sites not checked")
            print(f"  CPU per check {1000 * cpu / max(done, 1):.0f} ms; load average now {_load()}")
        need = 5000 / (15 * 60)
        print(f"5,000 sites every 15 minutes need {need:.1f} checks/s; "
              f"at the steady rate one cycle of 5,000 takes {5000 / max(done / wall, 1e-9) / 60:.1f} min; "
              f"at the steady CPU per check the target rate uses "
              f"{100 * need * cpu / max(done, 1) / (os.cpu_count() or 1):.0f}% of all cores")
    finally:
        stop.set()
        server.join(timeout=5)
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
