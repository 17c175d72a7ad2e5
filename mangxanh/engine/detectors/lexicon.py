"""Lexicon rules: word lists per category (data/lexicons/<category>.yaml) matched in one pass.

A lexicon file::

    category: offensive          # a code of DESIGN.md §4
    severity: low                # default severity of its entries
    score: 0.6                   # default weight (the policy turns weights into a verdict)
    explanation: Ngôn từ thô tục
    safe: [hạt óc chó]           # phrases that shield any entry inside them
    entries:
      - địt mẹ                   # accented form; the unaccented form is derived
      - {term: lồn, strict: true, score: 0.7}   # strict: only the exact accented form

Multi-word entries also match written together ("địt mẹ" -> "địtmẹ"/"ditme"), which is how
people dodge filters ("đ ụ m á" normalises to "đụmá").
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ..matcher import Hit, Matcher
from ..normalize import Normalized
from ..result import _SEVERITY_RANK, CATEGORIES, Finding
from .base import DATA_DIR, finding_in_key, load_yaml

LEXICON_DIR = DATA_DIR / "lexicons"


@dataclass(frozen=True, slots=True)
class Entry:
    term: str
    category: str
    severity: str
    score: float
    explanation: str
    # Terms with a doubled letter ("cc", "cmm", "weed") collapse when repeated letters are
    # squeezed, so "c" or "cm" would match them; such hits need as many letters as the term.
    min_letters: int = 0


def _min_letters(term: str) -> int:
    letters = [ch for ch in term.casefold() if ch.isalnum()]
    doubled = any(a == b for a, b in zip(letters, letters[1:], strict=False))
    return len(letters) if doubled else 0


SAFE = "safe"


def _items(data: dict, source: str):
    category = data["category"]
    if category not in CATEGORIES:
        raise ValueError(f"{source}: unknown category {category!r}")
    severity = data.get("severity", "medium")
    score = float(data.get("score", 0.6))
    explanation = data["explanation"]
    for raw in data.get("entries") or []:
        spec = {"term": raw} if isinstance(raw, str) else dict(raw)
        term = str(spec["term"])
        entry = Entry(
            term=term,
            category=category,
            severity=spec.get("severity", severity),
            score=float(spec.get("score", score)),
            explanation=spec.get("explanation", explanation),
            min_letters=_min_letters(term),
        )
        strict = bool(spec.get("strict", False))
        yield term, entry, strict
        words = term.split()
        joined = "".join(words)
        if len(words) > 1 and len(joined) >= 4 and spec.get("joined", True):
            yield joined, entry, strict
    for term in data.get("safe") or []:
        yield str(term), SAFE, False


@lru_cache(maxsize=1)
def default_matcher() -> Matcher:
    items = []
    for path in sorted(LEXICON_DIR.glob("*.yaml")):
        data = load_yaml(f"lexicons/{path.name}")
        items.extend(_items(data, path.name))
    return Matcher(items)


class LexiconDetector:
    name = "lexicon"

    def __init__(self, matcher: Matcher | None = None):
        self.matcher = matcher or default_matcher()

    @classmethod
    def build(cls, policy, **options) -> LexiconDetector:
        return cls()

    def detect(self, norm: Normalized) -> list[Finding]:
        # Hits come by end offset (Aho-Corasick order): the bisections below rely on it, and keep
        # long texts with thousands of hits linear rather than quadratic.
        kept = self.matcher.find(norm)
        if not kept:
            return []
        safe = [h for h in kept if h.payload is SAFE]
        if safe:
            safe_ends = [h.b for h in safe]
            safe_len = max(h.b - h.a for h in safe)
            kept = [h for h in kept if h.payload is not SAFE and not _inside(h, safe, safe_ends, safe_len)]
        by_category: dict[str, list[Hit]] = {}
        for hit in kept:
            by_category.setdefault(hit.payload.category, []).append(hit)
        windows = {
            cat: ([h.b for h in hits], max(h.b - h.a for h in hits)) for cat, hits in by_category.items() if len(hits) > 1
        }
        findings = []
        for hit in kept:
            entry = hit.payload
            if entry.min_letters:
                start, end = norm.span(hit.a, hit.b)
                if sum(ch.isalnum() for ch in norm.text[start:end]) < entry.min_letters:
                    continue
            best = entry
            window = windows.get(entry.category)
            if window is not None:
                # The innermost match is the evidence ("địt" rather than "địt mẹ mày"); it takes the
                # strongest score and severity of the same-category matches around it.
                same = by_category[entry.category]
                ends, longest = window
                a, b = hit.a, hit.b
                inner = same[bisect_right(ends, a) : bisect_right(ends, b)]
                if any(o is not hit and a <= o.a and (o.a, o.b) != (a, b) for o in inner):
                    continue
                outer = [o.payload for o in same[bisect_left(ends, b) : bisect_right(ends, a + longest)] if o.a <= a]
                best = max(outer, key=lambda e: (_SEVERITY_RANK.get(e.severity, 0), e.score))
            findings.append(
                finding_in_key(
                    norm,
                    hit.a,
                    hit.b,
                    category=entry.category,
                    severity=best.severity,
                    rule=f"lexicon.{entry.category}",
                    explanation=best.explanation,
                    score=best.score,
                )
            )
        return findings


def _inside(hit: Hit, spans: list[Hit], ends: list[int], longest: int) -> bool:
    """Whether ``hit`` lies inside one of ``spans`` (sorted by end, at most ``longest`` long)."""
    return any(s.a <= hit.a for s in spans[bisect_left(ends, hit.b) : bisect_right(ends, hit.a + longest)])
