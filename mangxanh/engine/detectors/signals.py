"""Weighted phrase signals combined into scripts (used by the scam, misinformation and
impersonation detectors).

A signals file (data/signals/<name>.yaml) has ``signals`` (name -> weight, explanation, phrases,
negatable) and ``scripts`` (name, all: [signals], any: [signals], score, explanation). Each signal
found once gives a finding with its weight; a script whose signals are all there (and at least
one of ``any``) adds a finding spanning them with the script's score. The policy combines the
scores of a category (noisy-or), so one weak word never decides, a whole script does.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..matcher import Matcher
from ..normalize import Normalized
from ..result import Finding
from .base import finding_at, load_yaml

NEGATION_RE = re.compile(r"(?:không|khong|đừng|chớ|chẳng|chang|ko)(?:\s+\S+){0,2}\s*$")
MAX_SCRIPT_SPAN = 600


@dataclass(frozen=True, slots=True)
class Signal:
    name: str
    weight: float
    explanation: str
    negatable: bool


@dataclass(frozen=True, slots=True)
class Script:
    name: str
    all: tuple[str, ...]
    any: tuple[str, ...]
    score: float
    explanation: str


def compile_signals(data: dict) -> tuple[dict[str, Signal], list[Script], Matcher]:
    signals: dict[str, Signal] = {}
    items = []
    for name, spec in (data.get("signals") or {}).items():
        signal = Signal(name, float(spec["weight"]), spec["explanation"], bool(spec.get("negatable", False)))
        signals[name] = signal
        for phrase in spec.get("phrases") or []:
            items.append((str(phrase), signal, bool(spec.get("strict", False))))
    scripts = [
        Script(s["name"], tuple(s.get("all") or ()), tuple(s.get("any") or ()), float(s["score"]), s["explanation"])
        for s in data.get("scripts") or []
    ]
    return signals, scripts, Matcher(items, loose_in_accented=False)


@lru_cache(maxsize=16)
def compiled_signals(data_file: str) -> tuple[dict[str, Signal], list[Script], Matcher]:
    """A data file's signals, scripts and matcher, built once (the engine joins the matcher)."""
    return compile_signals(load_yaml(data_file))


class SignalDetector:
    """Phrase signals and scripts of one category, from one data file."""

    name = "signals"
    category = ""
    data_file = ""
    severity = "high"

    def __init__(self, data: dict | None = None):
        signals, self.scripts, self.matcher = compile_signals(data) if data is not None else compiled_signals(self.data_file)
        self.signals: dict[str, Signal] = dict(signals)  # subclasses add their own

    @classmethod
    def build(cls, policy, **options):
        return cls()

    def found_signals(self, norm: Normalized) -> dict[str, tuple[int, int]]:
        """First occurrence (original offsets) of each signal in the text."""
        found: dict[str, tuple[int, int]] = {}
        for hit in self.matcher.find(norm):
            signal: Signal = hit.payload
            if signal.name in found:
                continue
            if signal.negatable and NEGATION_RE.search(norm.key, max(0, hit.a - 24), hit.a):
                continue
            found[signal.name] = norm.span(hit.a, hit.b)
        return found

    def extra_signals(self, norm: Normalized, found: dict[str, tuple[int, int]]) -> None:
        """Hook for signals that are not phrases (regular expressions, missing sources...)."""

    def detect(self, norm: Normalized) -> list[Finding]:
        found = self.found_signals(norm)
        self.extra_signals(norm, found)
        if not found:
            return []
        text = norm.text
        findings = []
        for name, (start, end) in found.items():
            signal = self.signals[name]
            if signal.weight <= 0:
                continue
            findings.append(
                finding_at(text, start, end, category=self.category, severity="medium", rule=f"{self.name}.{name}",
                           explanation=signal.explanation, score=signal.weight)
            )
        for script in self.scripts:
            if not all(s in found for s in script.all):
                continue
            if script.any and not any(s in found for s in script.any):
                continue
            spans = [found[s] for s in script.all] + [found[s] for s in script.any if s in found]
            start = min(a for a, _ in spans)
            end = max(b for _, b in spans)
            if end - start > MAX_SCRIPT_SPAN:
                start, end = found[script.all[0]]
            findings.append(
                finding_at(text, start, end, category=self.category, severity=self.severity,
                           rule=f"{self.name}.script.{script.name}", explanation=script.explanation,
                           score=script.score)
            )
        return findings
