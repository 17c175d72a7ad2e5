"""CPU-time benchmark of the rule pipeline (everything but the classifier), stage by stage.

    .venv/bin/python -m mangxanh.engine.bench_rules [--n 20000] [--repeat 3] [--model]

The per-detector rows reuse the phrase hits of the row above (as the engine does).
Texts are the comment-length ones of `mangxanh.engine.bench.generate_texts`. Times are CPU seconds
(``time.process_time``), the best of ``--repeat`` runs, so a busy shared machine does not skew them.
"""

from __future__ import annotations

import argparse
import time

from . import Engine, _join_default_matchers
from .bench import generate_texts, peak_memory_mb
from .normalize import normalize


def _best(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.process_time()
        fn()
        best = min(best, time.process_time() - start)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--n", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--model", action="store_true", help="also time the whole pipeline with the classifier")
    args = parser.parse_args(argv)

    texts = generate_texts(args.n)
    engine = Engine(model_path=False)
    engine.scan_many(texts[:200])  # warm caches
    n = len(texts)
    rows = []

    norms = [normalize(t) for t in texts]
    rows.append(("normalize", _best(lambda: [normalize(t) for t in texts], args.repeat)))
    group = _join_default_matchers()

    def phrases() -> None:
        for norm in norms:
            norm.memo = None
            group.search(norm)

    rows.append(("phrase search (one pass)", _best(phrases, args.repeat)))
    for detector in engine._rule_detectors:
        rows.append((f"detector {detector.name}", _best(lambda d=detector: [d.detect(x) for x in norms], args.repeat)))
    rows.append(("rule pipeline (scan_many)", _best(lambda: engine.scan_many(texts), args.repeat)))
    if args.model:
        full = Engine()
        full.scan_many(texts[:200])
        rows.append(("whole pipeline (scan_many)", _best(lambda: full.scan_many(texts), args.repeat)))

    print(f"{n} texts, mean {sum(map(len, texts)) / n:.1f} characters; best of {args.repeat} runs, CPU time")
    for name, seconds in rows:
        print(f"  {name:<32} {seconds * 1e6 / n:8.1f} µs/text  {n / max(seconds, 1e-9):10.0f} texts/CPU-s")
    print(f"  peak memory {peak_memory_mb():.0f} MB")


if __name__ == "__main__":
    main()
