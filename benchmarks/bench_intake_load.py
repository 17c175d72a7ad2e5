"""Benchmark (not a test): "acknowledged means stored" under load, with web processes killed part-way.

    .venv/bin/python benchmarks/bench_intake_load.py [--reports 2000] [--clients 50] [--workers 5] [--kills 2]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres .venv/bin/python benchmarks/bench_intake_load.py

Builds a throw-away database (a temporary SQLite file, or a fresh PostgreSQL database named
mangxanh_bench_load on the server of DATABASE_URL), starts gunicorn on 127.0.0.1 with the
production settings of deploy/gunicorn.conf.py (several worker processes, threads, persistent
database connections on PostgreSQL), and sends the reports through the partner API from concurrent
clients, each with its own Idempotency-Key. A killer sends SIGKILL (kill -9) --kills times while
reports flow: to one web worker process (--kill-target worker, the default; gunicorn's master
starts a new one) or to the whole server, which is then started again (--kill-target server).
Clients retry with the same key until they get an answer, as a partner would. At the end every
reference code that was acknowledged must be in the database, and no request may have been stored
twice. Prints throughput and latency percentiles of the acknowledged requests and whether the
target (>= 200 reports/s, p95 < 300 ms) was met.

The request only stores the report and queues the task that opens its case (mangxanh.intake.opening).
With --drain-workers N (default 2) the benchmark then starts N task workers (`mangxanh worker`) and
waits until every report has its case and a finished scan: how long the queue of a burst takes to
empty, and proof that no acknowledged report is left without its case.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

ROOT = Path(__file__).resolve().parents[1]
PY = str(ROOT / ".venv" / "bin" / "python")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def database_url(tmp: Path) -> tuple[str, str]:
    base = os.environ.get("DATABASE_URL", "")
    if not base.startswith("postgres"):
        return f"sqlite:///{tmp / 'bench.sqlite3'}", "SQLite"
    import psycopg

    name = "mangxanh_bench_load"
    with psycopg.connect(base, autocommit=True) as conn:
        conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
        conn.execute(f"CREATE DATABASE {name}")
    parts = urlsplit(base)
    return urlunsplit(parts._replace(path=f"/{name}")), "PostgreSQL"


SETUP = """
from mangxanh.org.models import Unit, UnitType
from mangxanh.org.seed import seed_unit_types
from mangxanh.intake.models import ApiKey
seed_unit_types(UnitType)
root = Unit.add_root(code="SGD-BENCH", name="Sở thử tải", unit_type=UnitType.objects.get(code="so-gddt"))
key, raw = ApiKey.issue(unit=root, name="Đối tác thử tải", scopes=["reports:write"])
print(raw)
"""


def warm_up(port: int, n: int) -> None:
    """Concurrent GETs until every worker thread answered once (first requests pay lazy imports)."""
    def hit() -> None:
        for _ in range(3):
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
                conn.request("GET", "/suc-khoe/")
                conn.getresponse().read()
                conn.close()
            except (OSError, http.client.HTTPException):
                time.sleep(0.2)
    threads = [threading.Thread(target=hit) for _ in range(n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=2000)
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--workers", type=int, default=5, help="gunicorn worker processes (deploy default 2*cores+1)")
    parser.add_argument("--threads", type=int, default=1, help="threads per worker (deploy default 1)")
    parser.add_argument("--kills", type=int, default=2)
    parser.add_argument("--kill-target", choices=["worker", "server"], default="worker")
    parser.add_argument("--drain-workers", type=int, default=2, help="task workers started after the load (0: none)")
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="mx-load-"))
    url, label = database_url(tmp)
    env = {**os.environ, "DATABASE_URL": url, "DJANGO_SETTINGS_MODULE": "mangxanh.settings", "DEBUG": "0",
           "SECRET_KEY": "bench-only-secret-key-0123456789abcdef", "ALLOWED_HOSTS": "127.0.0.1",
           "MANGXANH_VAR_DIR": str(tmp),
           # Persistent connections on PostgreSQL as in production (a new backend per request costs
           # milliseconds); SQLite always opens per request (settings).
           "CONN_MAX_AGE": "60" if label == "PostgreSQL" else "0"}
    subprocess.run([PY, "-m", "mangxanh", "migrate", "-v0"], env=env, check=True, cwd=ROOT)
    raw_key = subprocess.run([PY, "-m", "mangxanh", "shell", "-c", SETUP], env=env, check=True, cwd=ROOT,
                             capture_output=True, text=True).stdout.strip().splitlines()[-1]
    port = free_port()
    server_cmd = [str(ROOT / ".venv" / "bin" / "gunicorn"), "-c", str(ROOT / "deploy" / "gunicorn.conf.py"),
                  "mangxanh.wsgi", "-b", f"127.0.0.1:{port}", "-w", str(args.workers), "--threads", str(args.threads),
                  "--log-level", "warning", "--access-logfile", "/dev/null", "--max-requests", "0"]

    def start():
        return subprocess.Popen(server_cmd, env=env, cwd=ROOT, start_new_session=True,
                                stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

    def wait_up():
        for _ in range(200):
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
                return
            except OSError:
                time.sleep(0.05)
        raise SystemExit("server did not start")

    cpu_before = os.times()
    server = {"proc": start()}
    wait_up()
    warm_up(port, args.workers * args.threads)

    acked: dict[str, str] = {}  # idempotency key -> reference code
    latencies: list[float] = []
    errors = {"connection": 0, "http_5xx": 0, "other": 0}
    lock = threading.Lock()
    sent = {"n": 0}
    per_client = args.reports // args.clients

    def client(cid: int) -> None:
        for i in range(per_client):
            key = f"k-{cid}-{i}"
            body = json.dumps({"incident_type": ["scam"], "description": f"Phản ánh thử tải số {cid}-{i}: trang giả "
                               "danh nhà trường thu tiền.", "urls": [f"https://vi.du/{cid}/{i}"],
                               "reported_account": f"tk-{cid}-{i}"})
            while True:
                started = time.perf_counter()
                try:
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    conn.request("POST", "/api/v1/reports", body, {
                        "Content-Type": "application/json", "X-Api-Key": raw_key, "Idempotency-Key": key})
                    response = conn.getresponse()
                    payload = response.read()
                    conn.close()
                except (OSError, http.client.HTTPException):
                    with lock:
                        errors["connection"] += 1
                    time.sleep(0.2)
                    continue
                if response.status in (200, 201):
                    with lock:
                        acked[key] = json.loads(payload)["code"]
                        latencies.append(time.perf_counter() - started)
                        sent["n"] += 1
                    break
                with lock:
                    errors["http_5xx" if response.status >= 500 else "other"] += 1
                time.sleep(0.2)

    def web_workers() -> list[int]:
        # gunicorn's worker processes are the master's children.
        out = subprocess.run(["ps", "-o", "pid=", "--ppid", str(server["proc"].pid)], capture_output=True, text=True)
        return [int(p) for p in out.stdout.split()]

    kills: list[str] = []

    def killer() -> None:
        for k in range(args.kills):
            target = args.reports * (k + 1) // (args.kills + 1)
            while sent["n"] < target:
                time.sleep(0.01)
            if args.kill_target == "worker":
                victim = web_workers()[k % max(1, args.workers)]
                os.kill(victim, signal.SIGKILL)  # kill -9 of one web process, mid-request
                kills.append(f"web worker pid {victim} after {sent['n']} acknowledged reports")
            else:
                os.killpg(server["proc"].pid, signal.SIGKILL)
                server["proc"].wait()
                time.sleep(0.5)
                server["proc"] = start()
                wait_up()
                kills.append(f"whole server after {target} acknowledged reports (restarted)")
            print(f"  kill -9: {kills[-1]}", flush=True)

    began = time.perf_counter()
    threads = [threading.Thread(target=client, args=(c,)) for c in range(args.clients)]
    kt = threading.Thread(target=killer)
    kt.start()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    elapsed = time.perf_counter() - began
    kt.join()
    os.killpg(server["proc"].pid, signal.SIGTERM)
    server["proc"].wait()
    # CPU of every gunicorn process (the master reaps its workers, killed ones included): a number
    # that, unlike reports/s, hardly depends on how many others share the machine's cores.
    cpu_after = os.times()
    web_cpu = (cpu_after.children_user + cpu_after.children_system
               - cpu_before.children_user - cpu_before.children_system)

    check = f"""
import json
from django.db.models import Count
from mangxanh.intake.models import Report
acked = json.loads(open({str(tmp / 'acked.json')!r}).read())
codes = set(Report.objects.values_list("code", flat=True))
missing = [c for c in acked.values() if c not in codes]
dupes = Report.objects.values("idempotency_key").annotate(n=Count("id")).filter(n__gt=1).count()
print(json.dumps({{"stored": len(codes), "missing": len(missing), "duplicated_keys": dupes}}))
"""
    (tmp / "acked.json").write_text(json.dumps(acked))
    result = json.loads(subprocess.run([PY, "-m", "mangxanh", "shell", "-c", check], env=env, check=True, cwd=ROOT,
                                       capture_output=True, text=True).stdout.strip().splitlines()[-1])
    lat = sorted(latencies)
    p = lambda q: lat[min(len(lat) - 1, int(q * len(lat)))] * 1000  # noqa: E731
    rate = len(acked) / elapsed
    print(f"{label}: {len(acked)} reports acknowledged from {args.clients} clients in {elapsed:.1f} s "
          f"({rate:.0f} reports/s), gunicorn {args.workers} workers x {args.threads} threads, "
          f"{len(kills)} x kill -9 ({args.kill_target}), {os.cpu_count()} CPUs, load average "
          f"{os.getloadavg()[0]:.1f} at the end")
    print(f"  latency p50 {p(0.50):.0f} ms, p95 {p(0.95):.0f} ms, max {lat[-1] * 1000:.0f} ms "
          f"(median {statistics.median(lat) * 1000:.0f} ms)")
    print(f"  web processes' CPU: {web_cpu * 1000 / max(1, len(acked)):.1f} ms per report (start-up and warm-up "
          f"included; PostgreSQL's own CPU not included)")
    met = rate >= 200 and p(0.95) < 300
    print(f"  target >= 200 reports/s with p95 < 300 ms: {'met' if met else 'NOT met'}")
    print(f"  retries: {errors['connection']} connection errors, {errors['http_5xx']} server errors, "
          f"{errors['other']} other refusals")
    print(f"  database: {result['stored']} reports stored, {result['missing']} acknowledged codes missing, "
          f"{result['duplicated_keys']} idempotency keys stored twice")
    ok = result["missing"] == 0 and result["duplicated_keys"] == 0 and result["stored"] == len(acked)
    if args.drain_workers:
        ok = drain(env, args.drain_workers, len(acked)) and ok
    print("  OK: every acknowledged report is stored exactly once" if ok else "  FAILED")
    sys.exit(0 if ok else 1)


PROGRESS = """
from mangxanh.intake.models import Report
from mangxanh.scanning.models import Scan
print(Report.objects.filter(case__isnull=True).count(), Scan.objects.filter(status="pending").count())
"""


def drain(env: dict, workers: int, acked: int, limit_s: float = 600) -> bool:
    """Start task workers and wait until every report has its case and its scan is done."""
    began = time.perf_counter()
    procs = [subprocess.Popen([PY, "-m", "mangxanh", "worker", "--interval", "0.2"] + ([] if i == 0 else ["--no-scheduler"]),
                              env=env, cwd=ROOT, start_new_session=True, stdout=subprocess.DEVNULL,
                              stderr=subprocess.DEVNULL) for i in range(workers)]
    try:
        while True:
            out = subprocess.run([PY, "-m", "mangxanh", "shell", "-c", PROGRESS], env=env, cwd=ROOT, check=True,
                                 capture_output=True, text=True).stdout.split()
            waiting, pending = int(out[-2]), int(out[-1])
            if (waiting == 0 and pending == 0) or time.perf_counter() - began > limit_s:
                break
            time.sleep(1)
    finally:
        for proc in procs:
            os.killpg(proc.pid, signal.SIGTERM)
        for proc in procs:
            proc.wait()
    took = time.perf_counter() - began
    print(f"  worker queue: {workers} task workers opened the cases of and scanned {acked} reports in {took:.1f} s "
          f"({acked / took:.0f} reports/s); {waiting} reports left without a case, {pending} scans pending")
    return waiting == 0 and pending == 0


if __name__ == "__main__":
    main()
