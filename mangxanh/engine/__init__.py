"""Mạng Xanh content-safety engine: normalise -> detectors -> policy (no Django here).

    from mangxanh.engine import Engine, scan, redact, load_policy
    result = scan("Số CCCD của em là 036211004567")
    result.verdict, result.findings[0].suggestion    # "review", "0362******67"
    redact("Số CCCD của em là 036211004567")          # "Số CCCD của em là 0362******67"
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import lru_cache
from typing import Any

from .context import default_context
from .escalate import escalate
from .matcher import MatcherGroup
from .merge import merge_findings
from .normalize import Normalized
from .normalize import normalize as _normalize
from .policy import Policy, PolicyError, load_policy
from .refine import refine
from .result import CATEGORIES, Finding, ScanResult, Severity, Verdict

__all__ = [
    "CATEGORIES",
    "Engine",
    "Finding",
    "Policy",
    "PolicyError",
    "ScanResult",
    "Severity",
    "Verdict",
    "load_policy",
    "redact",
    "scan",
]


_ALLOW = Verdict.ALLOW.value


def _check_text(text: Any) -> str:
    if not isinstance(text, str):
        raise TypeError(f"Văn bản cần quét phải là chuỗi ký tự (str), nhận được {type(text).__name__}.")
    return text


@lru_cache(maxsize=1)
def _join_default_matchers() -> MatcherGroup:
    """The built-in phrase lists, searched in one pass per text (see matcher.MatcherGroup)."""
    from .detectors import REGISTRY
    from .detectors.frames import compiled_frames
    from .detectors.lexicon import default_matcher
    from .detectors.personal_data import facts_matcher
    from .detectors.signals import SignalDetector, compiled_signals
    from .escalate import grooming_matcher

    signals = [compiled_signals(cls.data_file)[2] for cls in REGISTRY if issubclass(cls, SignalDetector)]
    return MatcherGroup([default_matcher(), *signals, default_context().matcher, grooming_matcher(), facts_matcher(),
                         compiled_frames().matcher])


class Engine:
    """A policy plus its detectors. Build once, scan many texts (it is safe to reuse)."""

    def __init__(self, policy: Any = None, model_path: Any = None):
        from .detectors import build_detectors
        from .detectors.org_rules import AllowList

        self.policy: Policy = load_policy(policy)
        _join_default_matchers()
        self.detectors = build_detectors(self.policy, model_path=model_path)
        self._rule_detectors = [d for d in self.detectors if not getattr(d, "batched", False)]
        self._batched = [d for d in self.detectors if getattr(d, "batched", False)]
        self._context = default_context()
        self._allow = AllowList(self.policy.allow)
        raw = self.policy.raw if isinstance(self.policy.raw, dict) else {}
        self._model_decides = bool(raw.get("model_decides_toxicity", False))

    def _rule_findings(self, norm: Normalized) -> list[Finding]:
        findings: list[Finding] = []
        for detector in self._rule_detectors:
            findings.extend(detector.detect(norm))
        return findings

    def _finish(self, norm: Normalized, findings: list[Finding], id: Any) -> ScanResult:
        findings = self._context.apply(norm, findings)
        discussed = [f for f in findings if f.context == "discussed"]
        if discussed:
            findings = [f for f in findings if f.context != "discussed"]
        findings = escalate(norm, findings)
        findings = refine(norm, findings, self._model_decides)
        norm.memo = norm.frames = None  # the phrase hits are no longer needed: let them go now
        if discussed:
            discussed = merge_findings(norm.text, self._allow.apply(norm, discussed))
        if not findings:  # most texts: nothing to merge or weigh
            return ScanResult(id=id, verdict=_ALLOW, categories=[], findings=findings, discussed=discussed)
        findings = self._allow.apply(norm, findings)
        findings = merge_findings(norm.text, findings)
        findings.sort(key=lambda f: (f.start, f.end, f.category))
        by_category = self.policy.category_verdicts(findings)
        verdict = max(by_category.values(), key=lambda v: v.rank, default=Verdict.ALLOW)
        if verdict is not Verdict.ALLOW and not self._model_decides:
            # A weak signal of another category ("học phí" beside a rumour) is not a finding of the
            # text: categories route work, so only those that call for a look are reported.
            findings = [f for f in findings if by_category[f.category] is not Verdict.ALLOW]
        categories = sorted({f.category for f in findings})
        return ScanResult(id=id, verdict=verdict.value, categories=categories, findings=findings, discussed=discussed)

    def scan(self, text: str, id: Any = None) -> ScanResult:
        norm = _normalize(_check_text(text))
        findings = self._rule_findings(norm)
        for detector in self._batched:
            findings = _join(detector, findings, detector.detect_many([norm], [findings])[0])
        return self._finish(norm, findings, id)

    def scan_many(self, items: Iterable[Any]) -> list[ScanResult]:
        """Scan many texts; items are strings, (id, text) pairs or {"id": ..., "text": ...} dicts."""
        ids: list[Any] = []
        norms: list[Normalized] = []
        for i, item in enumerate(items):
            if isinstance(item, str):
                ids.append(i)
                norms.append(_normalize(item))
            elif isinstance(item, dict):
                ids.append(item.get("id", i))
                norms.append(_normalize(_check_text(item.get("text"))))
            elif isinstance(item, tuple | list) and len(item) == 2:
                ids.append(item[0])
                norms.append(_normalize(_check_text(item[1])))
            else:
                raise TypeError(
                    "Mỗi mục cần quét phải là chuỗi ký tự, cặp (id, text) hoặc dict có khóa 'text' "
                    f"(mục {i} có kiểu {type(item).__name__})."
                )
        all_findings = [self._rule_findings(norm) for norm in norms]
        for detector in self._batched:
            extras = detector.detect_many(norms, all_findings)
            all_findings = [_join(detector, f, e) for f, e in zip(all_findings, extras, strict=True)]
        return [self._finish(n, f, i) for n, f, i in zip(norms, all_findings, ids, strict=True)]


def _join(detector: Any, findings: list[Finding], extra: list[Finding]) -> list[Finding]:
    """A batched detector's findings added to the rule findings (it may combine them itself)."""
    combine = getattr(detector, "combine", None)
    if combine is None:
        findings.extend(extra)
        return findings
    return combine(findings, extra)


_default_engine: Engine | None = None


def default_engine() -> Engine:
    global _default_engine
    if _default_engine is None:
        _default_engine = Engine()
    return _default_engine


def scan(text: str, id: Any = None, policy: Any = None) -> ScanResult:
    """Scan one text with the default engine (or a one-off engine for ``policy``)."""
    engine = default_engine() if policy is None else Engine(policy)
    return engine.scan(text, id=id)


def redact(text: str, result: ScanResult | None = None, policy: Any = None) -> str:
    """``text`` with every finding that has a suggestion replaced by it (scans first if needed)."""
    _check_text(text)
    if result is None:
        result = scan(text, policy=policy)
    parts = []
    pos = 0
    for f in sorted(result.findings, key=lambda f: (f.start, -f.end)):
        if f.suggestion is None or f.start < pos or text[f.start : f.end] != f.evidence:
            continue
        parts.append(text[pos : f.start])
        parts.append(f.suggestion)
        pos = f.end
    parts.append(text[pos:])
    return "".join(parts)
