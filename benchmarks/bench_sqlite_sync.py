"""Benchmark (not a test): what PRAGMA synchronous=FULL costs the embedded SQLite database.

    .venv/bin/python benchmarks/bench_sqlite_sync.py [--commits 300] [--dir /path/on/the/real/disk]

With journal_mode=WAL, NORMAL syncs the write-ahead log only at checkpoints, so the last
commits before a power loss can vanish although they were acknowledged; FULL syncs the log at
every commit. This times small write transactions (one report-sized row each, as the intake
and the audit log commit) in a temporary file database under both settings and prints the cost
per commit. Run it on the disk the database will live on: the difference is one fsync.
"""

from __future__ import annotations

import argparse
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path


def time_commits(path: Path, synchronous: str, commits: int) -> list[float]:
    db = sqlite3.connect(path, isolation_level=None)
    db.execute("PRAGMA journal_mode=WAL")
    db.execute(f"PRAGMA synchronous={synchronous}")
    db.execute("CREATE TABLE IF NOT EXISTS report (id INTEGER PRIMARY KEY, body TEXT)")
    body = "Học sinh lớp 8A bị bêu xấu trên nhóm chat của lớp. " * 20  # about 1 KB
    times = []
    for _ in range(commits):
        start = time.perf_counter()
        db.execute("BEGIN IMMEDIATE")
        db.execute("INSERT INTO report (body) VALUES (?)", (body,))
        db.execute("COMMIT")
        times.append(time.perf_counter() - start)
    db.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--commits", type=int, default=300)
    parser.add_argument("--dir", default=None, help="Folder for the temporary database (default: system temp).")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(dir=args.dir) as folder:
        for mode in ("NORMAL", "FULL"):
            times = time_commits(Path(folder) / f"{mode}.sqlite3", mode, args.commits)
            ms = sorted(t * 1000 for t in times)
            print(f"synchronous={mode:<6} {args.commits} commits: mean {statistics.mean(ms):.3f} ms, "
                  f"median {statistics.median(ms):.3f} ms, p95 {ms[int(len(ms) * 0.95) - 1]:.3f} ms, "
                  f"{len(ms) / (sum(ms) / 1000):.0f} commits/s")


if __name__ == "__main__":
    main()
