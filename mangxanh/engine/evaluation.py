"""Accuracy and macro-F1 of the classifier alone and of the whole engine on a labelled split."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from .classifier import TextClassifier
    from .datasets import Split

TOXIC_CATEGORIES = frozenset({"hate", "harassment", "offensive"})


def macro_f1(y_true: np.ndarray, y_pred: np.ndarray, n_classes: int) -> float:
    """Unweighted mean of per-class F1 over ``range(n_classes)`` (a class never seen scores 0)."""
    y_true = np.asarray(y_true)
    y_pred = np.asarray(y_pred)
    total = 0.0
    for c in range(n_classes):
        tp = np.sum((y_pred == c) & (y_true == c))
        fp = np.sum((y_pred == c) & (y_true != c))
        fn = np.sum((y_pred != c) & (y_true == c))
        total += 0.0 if tp == 0 else 2 * tp / (2 * tp + fp + fn)
    return float(total / n_classes)


def metrics(true_labels: Sequence[str], predicted: Sequence[str], label_names: Sequence[str]) -> dict:
    """accuracy, macro_f1, per-class f1 and support, for string labels."""
    index = {name: i for i, name in enumerate(label_names)}
    y_true = np.array([index[x] for x in true_labels])
    y_pred = np.array([index[x] for x in predicted])
    per_class = {}
    for name, c in index.items():
        tp = int(np.sum((y_pred == c) & (y_true == c)))
        denominator = int(np.sum(y_pred == c) + np.sum(y_true == c))
        per_class[name] = {
            "f1": round(2 * tp / denominator, 4) if denominator else 0.0,
            "support": int(np.sum(y_true == c)),
        }
    return {
        "n": len(y_true),
        "accuracy": round(float(np.mean(y_true == y_pred)) if len(y_true) else 0.0, 4),
        "macro_f1": round(macro_f1(y_true, y_pred, len(label_names)), 4),
        "per_class": per_class,
    }


def label_from_categories(categories: set[str] | Sequence[str], label_names: Sequence[str]) -> str:
    """Map engine categories to a dataset label.

    ViHSD: hate or harassment -> HATE, else offensive -> OFFENSIVE, else CLEAN.
    Binary sets: any of hate/harassment/offensive -> TOXIC.
    """
    found = set(categories)
    if list(label_names) == ["CLEAN", "OFFENSIVE", "HATE"]:
        if found & {"hate", "harassment"}:
            return "HATE"
        return "OFFENSIVE" if "offensive" in found else "CLEAN"
    return "TOXIC" if found & TOXIC_CATEGORIES else "CLEAN"


def to_binary(labels: Sequence[str]) -> list[str]:
    return ["CLEAN" if x == "CLEAN" else "TOXIC" for x in labels]


def evaluate_classifier(clf: TextClassifier, split: Split) -> dict:
    """Classifier predictions mapped to the split's labels; adds binary numbers where useful."""
    predicted = clf.predict(split.texts)
    if list(clf.labels) == list(split.label_names):
        mapped = predicted
    else:
        mapped = [
            label_from_categories({clf.label_categories[p]} if p in clf.label_categories else set(), split.label_names)
            for p in predicted
        ]
    result = {"labels": metrics(split.labels, mapped, split.label_names)}
    if len(split.label_names) > 2:
        result["binary"] = metrics(to_binary(split.labels), to_binary(mapped), ["CLEAN", "TOXIC"])
    return result


def evaluate_engine(split: Split, model_path: Path | str | None = None, policy: dict | None = None) -> dict | None:
    """The whole engine's verdict categories mapped to labels, or None if the engine is unavailable.

    ``policy`` is merged over the default policy, e.g. ``{"model_decides_toxicity": True}``.
    """
    try:
        from mangxanh.engine import Engine
    except ImportError:
        return None
    engine = Engine(policy=policy, model_path=model_path) if model_path else Engine(policy=policy)
    results = engine.scan_many(split.texts)
    mapped = [label_from_categories(r.categories, split.label_names) for r in results]
    out = {"labels": metrics(split.labels, mapped, split.label_names)}
    if len(split.label_names) > 2:
        out["binary"] = metrics(to_binary(split.labels), to_binary(mapped), ["CLEAN", "TOXIC"])
    return out
