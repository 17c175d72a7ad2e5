"""Benchmark (not a test): the engine on text nobody on the team wrote, and its speed (issue 10).

    .venv/bin/python benchmarks/bench_engine_realtext.py [--data-dir ../shared/data] [--n 20000]

Prints, with the shipped model and the default policy:
* the 240 school-context cases: share right, clean texts flagged and blocked, harmful texts missed;
* ViCTSD test: ordinary comments flagged and blocked, toxic comments flagged, macro-F1;
* the seed documents cut into paragraphs: how many are flagged;
* the own corpus and the holdout sets by category: must-finds missed, clean texts flagged;
* ViHOS test: the classifier's macro-F1;
* throughput of the whole engine on real comment-length texts in one process (CPU seconds) and
  the peak memory, and the time to scan one 1 MB line.
The datasets are read from ../shared/data and used for measuring only.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mangxanh.engine import Engine  # noqa: E402
from mangxanh.engine.classifier import DEFAULT_MODEL_PATH, TextClassifier  # noqa: E402
from mangxanh.engine.corpus import VERDICT_RANK, load_corpus  # noqa: E402
from mangxanh.engine.datasets import load_split  # noqa: E402
from mangxanh.engine.evaluation import evaluate_classifier  # noqa: E402
from mangxanh.engine.realtext import (  # noqa: E402
    load_school_cases,
    score_school_cases,
    score_seeds,
    seed_paragraphs,
    victsd_flag_rates,
)


def corpus_report(engine: Engine, folder: Path | None, title: str) -> None:
    examples = load_corpus(folder) if folder else load_corpus()
    results = engine.scan_many([e.text for e in examples])
    missed: Counter[str] = Counter()
    total: Counter[str] = Counter()
    clean_flagged = clean = 0
    for e, r in zip(examples, results, strict=True):
        if e.clean:
            clean += 1
            clean_flagged += r.verdict != "allow"
            continue
        for cat in e.must_find:
            total[cat] += 1
            at_least = VERDICT_RANK[e.verdict_at_least or "review"]
            if cat not in r.categories or VERDICT_RANK[r.verdict] < at_least:
                missed[cat] += 1
    per_cat = ", ".join(f"{c} {total[c] - missed[c]}/{total[c]}" for c in sorted(total))
    print(f"{title}: {len(examples)} examples; clean flagged {clean_flagged}/{clean}; must-finds found: {per_cat}")


def throughput(engine: Engine, texts: list[str], runs: int = 3) -> float:
    """Texts per CPU-second, the best of a few runs (other work on the machine only slows a run)."""
    engine.scan_many(texts[:200])
    best = float("inf")
    for _ in range(runs):
        start = time.process_time()
        engine.scan_many(texts)
        best = min(best, time.process_time() - start)
    return len(texts) / best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data-dir", default=None)
    parser.add_argument("--n", type=int, default=20000, help="comments for the throughput run")
    args = parser.parse_args()

    engine = Engine()
    cases = score_school_cases(engine, load_school_cases(args.data_dir))
    print(f"School cases: {cases['right']}/{cases['cases']} right ({cases['right_share']:.1%}); clean flagged "
          f"{cases['clean_flagged']}, clean blocked {cases['clean_blocked']}, harmful missed {cases['harmful_missed']}")
    print(f"  wrong by kind: {cases['wrong_by_kind']}")
    v = victsd_flag_rates(engine, data_dir=args.data_dir)
    print(f"ViCTSD test: clean flagged {v['clean_flagged']}/{v['clean']} ({v['clean_flagged_share']:.1%}), "
          f"clean blocked {v['clean_blocked']}; toxic flagged {v['toxic_flagged']}/{v['toxic']} "
          f"({v['toxic_flagged_share']:.1%}); macro-F1 {v['macro_f1']:.4f}")
    seeds_dir = Path(args.data_dir).parent / "seeds" if args.data_dir else None
    s = score_seeds(engine, seed_paragraphs(seeds_dir))
    print(f"Seed documents: {s['flagged']}/{s['paragraphs']} paragraphs flagged")
    corpus_report(engine, None, "Own corpus")
    corpus_report(engine, ROOT / "tests" / "engine" / "holdout", "Holdout sets")
    clf = TextClassifier.load(DEFAULT_MODEL_PATH)
    vihos = evaluate_classifier(clf, load_split("vihos", "test", args.data_dir))
    print(f"ViHOS test, shipped classifier: macro-F1 {vihos['labels']['macro_f1']:.4f}")

    comments = load_split("vihsd", "test", args.data_dir).texts
    texts = (comments * (args.n // len(comments) + 1))[: args.n]
    mean_len = sum(map(len, texts)) / len(texts)
    rate = throughput(engine, texts)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Throughput: {rate:,.0f} texts per CPU-second on {len(texts)} real comments "
          f"({mean_len:.0f} characters on average), one process; peak memory {peak:.0f} MB")
    big = "Mày ngu quá, hôm nay trời đẹp. " * 33_000
    start = time.perf_counter()
    result = engine.scan(big)
    print(f"One {len(big) / 1e6:.1f} MB line: {time.perf_counter() - start:.2f} s, verdict {result.verdict}, "
          f"{len(result.findings)} findings")


if __name__ == "__main__":
    main()
