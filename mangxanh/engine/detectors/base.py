"""What every detector shares: the protocol and helpers that build findings with exact offsets."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

import yaml

from ..normalize import Normalized
from ..result import Finding

DATA_DIR = Path(__file__).resolve().parent.parent / "data"


class Detector(Protocol):
    """A detector looks at one normalised text and returns findings (offsets into the original)."""

    name: str

    def detect(self, norm: Normalized) -> list[Finding]: ...


def _trim(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def finding_at(
    text: str,
    start: int,
    end: int,
    *,
    category: str,
    severity: str,
    rule: str,
    explanation: str,
    suggestion: str | None = None,
    score: float = 1.0,
) -> Finding:
    """A finding for text[start:end] of the original text (surrounding whitespace trimmed)."""
    start, end = _trim(text, start, end)
    return Finding(
        category=category,
        severity=severity,
        rule=rule,
        start=start,
        end=end,
        evidence=text[start:end],
        explanation=explanation,
        suggestion=suggestion,
        score=round(float(score), 4),
    )


def finding_in_key(norm: Normalized, a: int, b: int, **kwargs: Any) -> Finding:
    """A finding for key offsets [a, b) of a normalised text, mapped back to the original."""
    start, end = norm.span(a, b)
    return finding_at(norm.text, start, end, **kwargs)


@lru_cache(maxsize=64)
def load_yaml(relative: str) -> Any:
    """A data file of the engine (cached: data files do not change while running)."""
    with open(DATA_DIR / relative, encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def noisy_or(scores: list[float]) -> float:
    """Combine independent pieces of evidence: 1 - Π(1 - s)."""
    remaining = 1.0
    for s in scores:
        remaining *= 1.0 - max(0.0, min(1.0, s))
    return 1.0 - remaining
