"""The whole engine against a holdout set it was not tuned on (tests/engine/holdout/*.yaml).

The engine's own corpus (mangxanh/engine/data/corpus) is what its lexicons were written from, so
passing it says little about new text. The holdout examples were written separately, in the
voices people use online (comments, parents' group chats, school fanpages), with and without
diacritics, in teen code and obfuscated, and about 40% of them are clean texts in a school's
voice that name a harm to prevent it. The targets are aggregates, not per-example rules:

* no clean example is blocked, and fewer than 5% of them are sent to review;
* at least 85% of harmful examples are caught: every category in ``must_find`` is found and the
  verdict is at least ``verdict_at_least``.

Every miss is printed on one line, so a failure shows at once which phrasing the rules lack.
When a miss is fixed, fix the rule (a synonym, a paraphrase, a weighted cue), never the example.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

import pytest

from mangxanh.engine import scan
from mangxanh.engine.corpus import CATEGORIES, VERDICT_RANK, Example, load_corpus

HOLDOUT_DIR = Path(__file__).resolve().parent / "holdout"
EXAMPLES = load_corpus(HOLDOUT_DIR)
CLEAN = [e for e in EXAMPLES if e.clean]
HARMFUL = [e for e in EXAMPLES if not e.clean]
CLEAN_REVIEW_LIMIT = 0.05
RECALL_TARGET = 0.85


@pytest.fixture(scope="module")
def results():
    return {e.id: scan(e.text, id=e.id) for e in EXAMPLES}


def _line(example: Example, result) -> str:
    text = example.text if len(example.text) <= 90 else example.text[:87] + "…"
    found = ", ".join(f"{f.category}:{f.evidence[:30]!r}" for f in result.findings[:4])
    want = "/".join(example.must_find) or "allow"
    return f"{example.id} [{want}] {text!r} -> {result.verdict} {{{found}}}"


def _caught(example: Example, result) -> bool:
    if any(c not in result.categories for c in example.must_find):
        return False
    need = example.verdict_at_least or example.verdict
    return need is None or VERDICT_RANK[str(result.verdict)] >= VERDICT_RANK[need]


def test_holdout_is_balanced():
    assert len(EXAMPLES) >= 150
    assert len(CLEAN) >= 0.4 * len(EXAMPLES), "at least 40% of the holdout must be clean"
    per_category = defaultdict(int)
    for e in HARMFUL:
        for c in e.must_find:
            per_category[c] += 1
    thin = [c for c in CATEGORIES if per_category[c] < 6]
    assert not thin, f"categories with fewer than 6 harmful examples: {thin}"
    tags = {t for e in EXAMPLES for t in e.tags}
    assert {"no_diacritics", "teen_code", "obfuscated"} <= tags


def test_holdout_stays_apart_from_the_corpus():
    corpus_texts = {" ".join(e.text.lower().split()) for e in load_corpus()}
    copied = [e.id for e in EXAMPLES if " ".join(e.text.lower().split()) in corpus_texts]
    assert not copied, f"holdout examples copied from the corpus: {copied}"


def test_no_clean_holdout_example_is_blocked(results):
    blocked = [_line(e, results[e.id]) for e in CLEAN if str(results[e.id].verdict) == "block"]
    if blocked:
        pytest.fail(f"{len(blocked)} clean examples are blocked:\n" + "\n".join(blocked), pytrace=False)


def test_few_clean_holdout_examples_need_review(results):
    flagged = [e for e in CLEAN if str(results[e.id].verdict) != "allow"]
    if len(flagged) >= CLEAN_REVIEW_LIMIT * len(CLEAN):
        pytest.fail(
            f"{len(flagged)} of {len(CLEAN)} clean examples ({len(flagged) / len(CLEAN):.1%}) are not allowed; "
            f"the target is fewer than {CLEAN_REVIEW_LIMIT:.0%}:\n" + "\n".join(_line(e, results[e.id]) for e in flagged),
            pytrace=False,
        )


def test_most_harmful_holdout_examples_are_caught(results):
    missed = [e for e in HARMFUL if not _caught(e, results[e.id])]
    recall = 1 - len(missed) / len(HARMFUL)
    if recall < RECALL_TARGET:
        per_category = defaultdict(lambda: [0, 0])
        for e in HARMFUL:
            for c in e.must_find:
                per_category[c][1] += 1
                per_category[c][0] += _caught(e, results[e.id])
        summary = ", ".join(f"{c} {hit}/{n}" for c, (hit, n) in sorted(per_category.items()))
        pytest.fail(
            f"{len(HARMFUL) - len(missed)} of {len(HARMFUL)} harmful examples caught ({recall:.1%}); the target is "
            f"{RECALL_TARGET:.0%}.\nPer category: {summary}\nMissed:\n" + "\n".join(_line(e, results[e.id]) for e in missed),
            pytrace=False,
        )
