"""Organisation rules from the policy: extra keywords, RE2 patterns (linear time), allow-lists and
custom categories ``custom:<slug>``."""

from __future__ import annotations

from bisect import bisect_left, bisect_right

from ..matcher import Matcher
from ..normalize import Normalized
from ..policy import compile_pattern
from ..result import Finding
from .base import finding_at, finding_in_key

MAX_PATTERN_FINDINGS = 100


_NO_SURROGATES = {cp: "\ufffd" for cp in range(0xD800, 0xE000)}


def _utf8_safe(text: str) -> str:
    """RE2 works on UTF-8: lone surrogates become U+FFFD (same length, so offsets still hold)."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return text.translate(_NO_SURROGATES)
    return text


class OrgRulesDetector:
    name = "org_rules"

    def __init__(self, keywords: list[dict], patterns: list[dict], categories: dict):
        self.categories = categories
        self.matcher = Matcher((k["term"], k, bool(k.get("strict", False))) for k in keywords)
        self.patterns = [(compile_pattern(p["pattern"], f"rules.patterns[{i}]"), p) for i, p in enumerate(patterns)]

    @classmethod
    def build(cls, policy, **options) -> OrgRulesDetector | None:
        if not policy.keywords and not policy.patterns:
            return None
        return cls(policy.keywords, policy.patterns, policy.categories)

    def _meta(self, rule: dict) -> dict:
        code = rule["category"]
        cp = self.categories.get(code)
        return {
            "category": code,
            "severity": rule.get("severity") or (cp.severity if cp else "medium"),
            "score": float(rule.get("score", 0.7)),
            "explanation": rule.get("explanation") or "Vi phạm quy định riêng của đơn vị",
        }

    def detect(self, norm: Normalized) -> list[Finding]:
        findings = []
        for hit in self.matcher.find(norm):
            findings.append(finding_in_key(norm, hit.a, hit.b, rule="org.keyword", **self._meta(hit.payload)))
        text = _utf8_safe(norm.text) if self.patterns else norm.text
        for regex, rule in self.patterns:
            count = 0
            for m in regex.finditer(text):
                if m.end() <= m.start():
                    continue
                findings.append(finding_at(norm.text, m.start(), m.end(), rule="org.pattern", **self._meta(rule)))
                count += 1
                if count >= MAX_PATTERN_FINDINGS:
                    break
        return [f for f in findings if f.end > f.start]


class AllowList:
    """Terms an organisation never wants flagged (its own name, a place name that looks like a slur...).
    A finding that lies inside an allowed term's occurrence is dropped."""

    def __init__(self, terms: list[str]):
        self.matcher = Matcher((t, None, False) for t in terms)

    def apply(self, norm: Normalized, findings: list[Finding]) -> list[Finding]:
        if not findings or not self.matcher.size:
            return findings
        spans = sorted((norm.span(h.a, h.b) for h in self.matcher.find(norm)), key=lambda s: s[1])
        if not spans:
            return findings
        ends = [b for _, b in spans]
        longest = max(b - a for a, b in spans)
        # A span holding the finding ends in [f.end, f.start + longest]: bisect, not a scan of all.
        return [
            f for f in findings
            if not any(a <= f.start for a, _ in spans[bisect_left(ends, f.end) : bisect_right(ends, f.start + longest)])
        ]
