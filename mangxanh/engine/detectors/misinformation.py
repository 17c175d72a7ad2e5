"""Misinformation markers: rumour phrases, urgent-share chains, claims attributed to authorities
without a source, and claims the organisation has already debunked (policy ``rules.debunk``,
matched exactly or nearly with rapidfuzz). The policy never blocks this category, only reviews."""

from __future__ import annotations

import re

from rapidfuzz import fuzz

from ..normalize import Normalized, normalize
from ..result import Finding
from .base import finding_at
from .signals import SignalDetector

SOURCE_RE = re.compile(
    r"công văn số|cong van so|quyết định số|quyet dinh so|thông tư số|thong tu so|nghị định số|nghi dinh so|"
    r"thông báo số|thong bao so|kế hoạch số|ke hoach so|nguồn\s*:|nguon\s*:|\bsố\s*\d+/|\d+/[a-zđ\-]*(?:qđ|qd|tt|bgdđt|bgddt|cv)|"
    r"\.gov\.vn|\.edu\.vn|theo cổng thông tin|theo website|theo trang thông tin điện tử",
    re.IGNORECASE,
)
FUZZY_MAX_TEXT = 50_000
FUZZY_CUTOFF = 88.0


class MisinformationDetector(SignalDetector):
    name = "misinformation"
    category = "misinformation"
    data_file = "signals/misinformation.yaml"
    severity = "medium"

    def __init__(self, data=None, debunk: list[dict] | None = None):
        super().__init__(data)
        self.debunk = []
        for item in debunk or []:
            claim_fold = " ".join(normalize(item["claim"]).fold.split())
            if len(claim_fold) >= 8:
                self.debunk.append((claim_fold, item))

    @classmethod
    def build(cls, policy, **options):
        return cls(debunk=policy.debunk)

    def extra_signals(self, norm: Normalized, found) -> None:
        if "authority_claim" in found and SOURCE_RE.search(norm.text):
            del found["authority_claim"]  # the claim names its document: not a rumour marker

    def detect(self, norm: Normalized) -> list[Finding]:
        findings = super().detect(norm)
        if self.debunk:
            findings.extend(self._debunked(norm))
        return findings

    def _debunked(self, norm: Normalized) -> list[Finding]:
        out = []
        fold = norm.fold
        for claim, item in self.debunk:
            pos = fold.find(claim)
            if pos >= 0:
                a, b, similarity = pos, pos + len(claim), 100.0
            elif len(claim) <= len(fold) <= FUZZY_MAX_TEXT:
                alignment = fuzz.partial_ratio_alignment(claim, fold, score_cutoff=FUZZY_CUTOFF)
                if alignment is None:
                    continue
                a, b, similarity = alignment.dest_start, alignment.dest_end, alignment.score
            else:
                continue
            if b <= a:
                continue
            start, end = norm.span(a, b)
            note = item.get("note")
            explanation = "Trùng với tin đã được xác minh là sai" + (f": {note}" if note else "")
            if similarity < 100:
                explanation = f"Gần giống ({similarity:.0f}%) tin đã được xác minh là sai" + (f": {note}" if note else "")
            out.append(
                finding_at(norm.text, start, end, category=self.category, severity="medium",
                           rule="misinformation.debunk", explanation=explanation, score=0.9)
            )
        return out
