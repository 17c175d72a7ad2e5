"""Merge overlapping findings of the same category into one, keeping the strongest explanation."""

from __future__ import annotations

from .result import _SEVERITY_RANK, Finding

_STANDALONE = ("model.", "frame.")


def _strength(f: Finding) -> tuple:
    return (_SEVERITY_RANK.get(f.severity, 0), f.score, f.end - f.start)


def merge_findings(text: str, findings: list[Finding]) -> list[Finding]:
    """Same category and overlapping spans become one finding.

    A finding inside another is absorbed (the outer one takes the higher severity and score and,
    if the inner one was stronger, its rule and explanation). Partial overlaps are joined into one
    span unless either carries a suggestion, whose masking only fits its own span.
    Findings are returned sorted by start (then end, category).
    """
    if len(findings) < 2:
        return findings
    # The classifier's finding covers the whole text: keep it beside the rule findings, never let
    # it swallow their precise evidence.
    # Frames span several ideas: they stand beside the phrases they contain, which stay as
    # separate evidence (and keep their own maskable spans).
    model = [f for f in findings if f.rule.startswith(_STANDALONE)]
    if model:
        findings = [f for f in findings if not f.rule.startswith(_STANDALONE)]
    ordered = sorted(findings, key=lambda f: (f.category, f.start, -f.end, -f.score))
    out: list[Finding] = []
    last: Finding | None = None
    for f in ordered:
        if last is not None and last.category == f.category and f.start < last.end:
            if f.end <= last.end:
                if f.suggestion is not None and last.suggestion is None:
                    out.append(f)  # keep its masking for redact()
                    continue
                _absorb(last, f)
                continue
            if last.suggestion is None and f.suggestion is None:
                stronger = f if _strength(f) > _strength(last) else last
                last.end = f.end
                last.evidence = text[last.start : last.end]
                last.rule, last.explanation = stronger.rule, stronger.explanation
                last.severity = max(last.severity, f.severity, key=lambda s: _SEVERITY_RANK.get(s, 0))
                last.score = max(last.score, f.score)
                continue
        if (
            last is not None
            and last.category == f.category
            and (f.start, f.end) == (last.start, last.end)
        ):
            _absorb(last, f)
            continue
        out.append(f)
        last = f
    for f in model:
        cover = next((g for g in out if g.category == f.category and g.start <= f.start and f.end <= g.end), None)
        if cover is None:
            out.append(f)
        else:  # a phrase finding already shows this span: one finding, the stronger of the two
            _absorb(cover, f)
    out.sort(key=lambda f: (f.start, f.end, f.category))
    return out


def _absorb(outer: Finding, inner: Finding) -> None:
    if _strength(inner)[:2] > _strength(outer)[:2]:
        outer.rule, outer.explanation = inner.rule, inner.explanation
        if inner.suggestion is not None and (inner.start, inner.end) == (outer.start, outer.end):
            outer.suggestion = inner.suggestion
    outer.severity = max(outer.severity, inner.severity, key=lambda s: _SEVERITY_RANK.get(s, 0))
    outer.score = max(outer.score, inner.score)
