"""The statistical classifier (mangxanh/engine/classifier.py) as a detector.

Agreed interface: ``TextClassifier.load(path)``, ``.labels``, ``.label_categories`` (label ->
category; other labels are clean) and ``.predict_proba(texts) -> array (n, len(labels))``.
If the module or the model file is missing the detector is simply inactive (one warning).

Two ways to combine with the lexicon findings of the toxic categories (offensive, harassment,
hate), chosen by the policy key ``model_decides_toxicity``:

* false (default): the model adds a finding when a label's probability reaches the category's
  ``model_threshold``; lexicon findings stand on their own (union).
* true: the model's tuned decision (argmax with per-class biases) sets which toxic category the
  text gets, if any. Lexicon findings of those categories stay as evidence of where, relabelled
  to the model's category, or are dropped when the model says clean. Other categories (scam,
  personal data, ...) are untouched. Meant for a model trained on data labelled like the texts
  it scans (e.g. a ViHSD-trained model on ViHSD-like comments).
"""

from __future__ import annotations

import logging
from bisect import bisect_left, bisect_right
from pathlib import Path

from ..hints import finding_hints, is_stale
from ..normalize import Normalized
from ..result import Finding
from .base import finding_at

log = logging.getLogger(__name__)
# Texts up to this length are scored whole; longer ones sentence window by window.
WINDOW = 160
_SENTENCE_MARKS = (". ", "! ", "? ", "… ", "; ", "\n")


# The most windows of one text the model reads: those holding rule findings first, then the
# text's start. A 1 MB paste has 6,500 windows; the rules still read all of it.
MAX_WINDOWS = 48


def pick_windows(text: str, findings=()) -> list[tuple[int, int]]:
    spans = windows(text)
    if len(spans) <= MAX_WINDOWS:
        return spans
    starts = [a for a, _ in spans]
    chosen: set[int] = set()
    for f in findings:
        chosen.add(max(0, bisect_right(starts, f.start) - 1))
        if len(chosen) >= MAX_WINDOWS // 2:
            break
    j = 0
    while len(chosen) < MAX_WINDOWS:
        chosen.add(j)
        j += 1
    return [spans[k] for k in sorted(chosen)]


def windows(text: str, size: int = WINDOW) -> list[tuple[int, int]]:
    """Spans of ``text`` that cover it in order, each at most ``size`` characters where a
    sentence end (preferred) or a space allows; a single longer word stays whole."""
    n = len(text)
    if n <= size:
        return [(0, n)]
    out: list[tuple[int, int]] = []
    start = 0
    while n - start > size:
        limit = start + size
        cut = max(text.rfind(mark, start + size // 3, limit) for mark in _SENTENCE_MARKS) + 1
        if cut <= start:
            cut = text.rfind(" ", start + 1, limit) + 1
        if cut <= start:  # one word longer than a window
            nxt = text.find(" ", limit)
            cut = n if nxt < 0 else nxt + 1
        out.append((start, cut))
        start = cut
    if start < n:
        out.append((start, n))
    return out


_warned = False
_stale_warned: set[str] = set()
TOXIC_CATEGORIES = frozenset({"offensive", "harassment", "hate"})
# What a reader sees for the dataset labels the models speak; other labels are shown as they are.
LABEL_NAMES = {"TOXIC": "độc hại", "OFFENSIVE": "thô tục, xúc phạm", "HATE": "thù ghét, công kích"}
# How far before a window a finding that reaches into it may start (rule spans are capped below this).
_REACH = 700


def _explanation(label: str, p: float) -> str:
    return f"Mô hình thống kê đánh giá là nội dung {LABEL_NAMES.get(label, label)} (xác suất {p:.0%})"


def _warn_once(message: str, *args) -> None:
    global _warned
    if not _warned:
        log.warning(message, *args)
        _warned = True


class ModelDetector:
    name = "model"
    batched = True
    batch_size = 512

    def __init__(
        self,
        classifier,
        thresholds: dict[str, float],
        default_threshold: float = 0.8,
        decides_toxicity: bool = False,
    ):
        self.classifier = classifier
        self.decides_toxicity = decides_toxicity
        self.labels = list(classifier.labels)
        self.label_categories = dict(classifier.label_categories)
        self.thresholds = thresholds
        self.default_threshold = default_threshold
        # The columns of harmful labels: a long text's most harmful window is the one it is judged by.
        self._harm_columns = [j for j, label in enumerate(self.labels) if label in self.label_categories]

    @classmethod
    def build(cls, policy, model_path=None, **options) -> ModelDetector | None:
        if model_path is False:
            return None
        try:
            from ..classifier import DEFAULT_MODEL_PATH, TextClassifier
        except ImportError as exc:
            _warn_once("Statistical classifier not available (%s); model detector inactive.", exc)
            return None
        path = Path(model_path) if model_path else Path(DEFAULT_MODEL_PATH)
        if not path.is_file():
            if model_path:
                raise FileNotFoundError(f"Không tìm thấy tệp mô hình: {path}")
            _warn_once("Model file %s not found; model detector inactive.", path)
            return None
        classifier = TextClassifier.load(path)
        if is_stale(classifier) and str(path) not in _stale_warned:
            _stale_warned.add(str(path))
            log.warning(
                "Model %s was trained with other lexicons or signals than these; its hint features have moved. "
                "Retrain it (mangxanh/engine/README.md).", path,
            )
        thresholds = {
            code: cp.model_threshold for code, cp in policy.categories.items() if cp.model_threshold is not None
        }
        decides = bool(policy.raw.get("model_decides_toxicity", False)) if isinstance(policy.raw, dict) else False
        return cls(classifier, thresholds, decides_toxicity=decides)

    def detect(self, norm: Normalized) -> list[Finding]:
        return self.detect_many([norm])[0]

    def detect_many(
        self, norms: list[Normalized], rule_findings: list[list[Finding]] | None = None
    ) -> list[list[Finding]]:
        """Model findings per text; ``rule_findings`` (the rules' findings of each text) feed a
        model that takes hints, which otherwise works them out itself.

        A long text is scored window by window (sentences packed up to WINDOW characters) and
        takes its most toxic window, which the finding cites: the score of a whole text must not
        grow with its length, and a reviewer needs to see what drove it."""
        out: list[list[Finding]] = [[] for _ in norms]
        use_hints = rule_findings is not None and self.classifier.spec.hints
        pieces: list[tuple[int, int, int]] = []  # (text index, start, end)
        for i, n in enumerate(norms):
            if n.text.strip():
                pieces.extend((i, a, b) for a, b in pick_windows(n.text, rule_findings[i] if rule_findings else ()))
        ordered = [sorted(f, key=lambda x: x.start) for f in rule_findings] if use_hints else None
        starts = [[x.start for x in f] for f in ordered] if ordered is not None else None
        best: dict[int, tuple[float, object, int, int]] = {}
        for chunk_start in range(0, len(pieces), self.batch_size):
            chunk = pieces[chunk_start : chunk_start + self.batch_size]
            texts = [norms[i].text[a:b] for i, a, b in chunk]
            hints = None
            if ordered is not None:
                hints = [
                    finding_hints(f for f in ordered[i][bisect_left(starts[i], a - _REACH) : bisect_left(starts[i], b)]
                                  if f.end > a)
                    for i, a, b in chunk
                ]
            probs = self.classifier.predict_proba(texts, hints)
            tops = probs[:, self._harm_columns].max(axis=1) if self._harm_columns else [0.0] * len(chunk)
            for row, top, (i, a, b) in zip(probs, tops, chunk, strict=True):
                if i not in best or top > best[i][0]:
                    best[i] = (float(top), row, a, b)
        for i, (_, row, a, b) in best.items():
            finding = self._finding(norms[i].text, row, a, b)
            if finding is not None:
                out[i].append(finding)
        return out

    def combine(self, findings: list[Finding], model_findings: list[Finding]) -> list[Finding]:
        """The rule findings of one text joined with this detector's findings for it."""
        if not self.decides_toxicity:
            return findings + model_findings
        decided = [f.category for f in model_findings if f.category in TOXIC_CATEGORIES]
        out: list[Finding] = []
        for f in findings:
            if f.category in TOXIC_CATEGORIES:
                if not decided:
                    continue  # the model judged the text clean
                f.category = decided[0]
            out.append(f)
        return out + model_findings

    def _finding(self, text: str, row, start: int = 0, end: int | None = None) -> Finding | None:
        end = len(text) if end is None else end
        if self.decides_toxicity:
            return self._decision(text, row, start, end)
        best = None
        for j, label in enumerate(self.labels):
            category = self.label_categories.get(label)
            if category is None:
                continue
            p = float(row[j])
            if p >= self.thresholds.get(category, self.default_threshold) and (best is None or p > best[0]):
                best = (p, label, category)
        if best is None:
            return None
        p, label, category = best
        return finding_at(
            text, start, end, category=category, severity="medium" if category != "offensive" else "low",
            rule=f"model.{label.lower()}",
            explanation=_explanation(label, p), score=p,
        )

    def _decision(self, text: str, row, start: int, end: int) -> Finding | None:
        """A finding for the tuned argmax label, whatever its probability; None if it is clean."""
        j = int(row.argmax())
        label = self.labels[j]
        category = self.label_categories.get(label)
        if category is None:
            return None
        p = float(row[j])
        return finding_at(
            text, start, end, category=category, severity="medium" if category != "offensive" else "low",
            rule=f"model.{label.lower()}",
            explanation=_explanation(label, p), score=p,
        )
