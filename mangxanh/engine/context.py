"""Context rules: findings that sit in educational, help-seeking, warning or news text are discussed, not committed.

The cues live in data/context.yaml. A cue acts on the findings of its group's categories within
a window of characters around it, so a lesson heading ("PHÒNG CHỐNG MA TÚY") clears the lines
right below it but not a comment far away in a long document.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from functools import lru_cache

from .detectors.base import load_yaml
from .matcher import Matcher
from .normalize import Normalized
from .result import Finding


class ContextRules:
    def __init__(self, data: dict):
        self.window = int(data.get("window", 250))
        self.except_rules = frozenset(data.get("except_rules") or ())
        self.quoted_domains = frozenset(data.get("quoted_domain_rules") or ())
        items = []
        for group in data.get("groups") or []:
            cats = frozenset(group["categories"])
            for cue in group["cues"]:
                items.append((str(cue), cats, False))
        self.matcher = Matcher(items, loose_in_accented=False)

    def apply(self, norm: Normalized, findings: list[Finding]) -> list[Finding]:
        if not findings:
            return findings
        hits = self.matcher.find(norm)
        if not hits:
            return findings
        cues = sorted(((*norm.span(hit.a, hit.b), hit.payload) for hit in hits), key=lambda c: c[0])
        starts = [start for start, _, _ in cues]
        longest = max(end - start for start, end, _ in cues)
        w = self.window
        kept = []
        for f in findings:
            # A scam link stays flagged inside a warning; a bare domain quoted as an example
            # ("ngân hàng không gửi link như abc-xacminh.top") is part of the lesson.
            if f.rule not in self.except_rules or (f.rule in self.quoted_domains and "://" not in f.evidence):
                # Cues near the finding: start - w <= f.end and f.start <= end + w (end <= start + longest).
                near = cues[bisect_left(starts, f.start - w - longest) : bisect_right(starts, f.end + w)]
                if any(f.category in cats and start - w <= f.end and f.start <= end + w for start, end, cats in near):
                    f.context = "discussed"
            kept.append(f)
        return kept


@lru_cache(maxsize=1)
def default_context() -> ContextRules:
    return ContextRules(load_yaml("context.yaml"))
