"""The statistical classifier: hashed n-gram features and linear models, scored with numpy alone.

A model file is a numpy ``.npz`` archive read with ``allow_pickle=False``: a JSON header plus plain
float32 arrays. Loading never runs code from the file and never needs scikit-learn, which is only
used by ``mangxanh.engine.training`` to fit the weights.

Scoring a batch: every text becomes hashed n-gram buckets in several blocks (features.py); each
bucket counts once per text (binary features), each block is L2-normalised with the idf weights;
each linear model in the ensemble turns the features into class scores, which a per-model
temperature turns into probabilities; the ensemble averages them, and per-class biases tuned on a
development split move the decision towards the macro-F1 optimum.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path

import numpy as np

from .features import FeatureSpec, block_occurrences
from .hints import text_hints

DEFAULT_MODEL_PATH = Path(__file__).resolve().parent / "data" / "model" / "classifier.npz"

FORMAT = "mangxanh-text-classifier"
VERSION = 1
# Longer texts are scored in windows; the window with the least "clean" probability wins, so a
# toxic sentence inside a long text still shows.
WINDOW_CHARS = 2000
BATCH_SIZE = 512
MAX_FILE_BYTES = 200 * 1024 * 1024


class ModelError(ValueError):
    """A model file that is missing, unsafe or malformed."""


class TextClassifier:
    def __init__(
        self,
        *,
        labels: list[str],
        label_categories: dict[str, str],
        spec: FeatureSpec,
        weights: np.ndarray,
        intercepts: np.ndarray,
        idf2: np.ndarray,
        scales: list[float],
        bias: list[float] | np.ndarray,
        clean_label: str | None = None,
        provenance: dict | None = None,
    ) -> None:
        n_classes = len(labels)
        n_buckets = 1 << spec.bits
        weights = np.ascontiguousarray(weights, dtype=np.float32)
        if n_classes < 2 or len(set(labels)) != n_classes:
            raise ModelError("labels must be at least two distinct names")
        if weights.ndim != 2 or weights.shape[1] != n_buckets or weights.shape[0] != n_classes * len(scales):
            raise ModelError("weights have the wrong shape")
        if np.shape(intercepts) != (weights.shape[0],) or np.shape(idf2) != (n_buckets,):
            raise ModelError("intercepts or idf have the wrong shape")
        if len(bias) != n_classes or not scales:
            raise ModelError("bias or scales have the wrong length")
        unknown = set(label_categories) - set(labels)
        if unknown:
            raise ModelError(f"label_categories name unknown labels: {sorted(unknown)}")
        arrays = (weights, np.asarray(intercepts), np.asarray(idf2), np.asarray(bias), np.asarray(scales))
        if not all(np.all(np.isfinite(a)) for a in arrays):
            raise ModelError("model contains non-finite numbers")
        self.labels = list(labels)
        self.label_categories = dict(label_categories)
        self.clean_label = clean_label or next(lab for lab in labels if lab not in label_categories)
        self.spec = spec
        self.weights = weights
        self.intercepts = np.asarray(intercepts, dtype=np.float64)
        self.idf2 = np.ascontiguousarray(idf2, dtype=np.float32)
        self.scales = [float(s) for s in scales]
        self.bias = np.asarray(bias, dtype=np.float64)
        self.provenance = dict(provenance or {})

    @property
    def weights(self) -> np.ndarray:
        return self._weights

    @weights.setter
    def weights(self, value: np.ndarray) -> None:
        self._weights = value
        # A two-class linear model keeps the clean class's row at zero: skip it when scoring.
        self._live_rows = [j for j, row in enumerate(value) if np.any(row)]

    # --- scoring ---------------------------------------------------------------------------------

    def decision_scores(self, texts: list[str], hints: list[list[str]] | None = None) -> np.ndarray:
        """Raw linear scores, shape (n, n_models * n_classes).

        A model with a hint block uses ``hints`` (hints.py), or works them out when None.
        """
        n = len(texts)
        spec = self.spec
        n_blocks = len(spec.blocks())
        bits = spec.bits
        if spec.hints and hints is None:
            hints = text_hints(texts)
        occurrences = block_occurrences(texts, spec, hints)
        # One sortable key per occurrence (doc, block, bucket), deduplicated since features are
        # binary. 32-bit keys sort about twice as fast as 64-bit ones, and a batch fits in them.
        block_bits = max(1, (n_blocks - 1).bit_length())
        doc_bits = max(1, (n - 1).bit_length())
        dtype = np.uint32 if doc_bits + block_bits + bits <= 32 else np.int64
        shift = bits + block_bits
        keys = [
            (docs.astype(dtype) << dtype(shift)) | dtype(block << bits) | buckets.astype(dtype)
            for block, (docs, buckets) in enumerate(occurrences)
        ]
        combined = np.sort(np.concatenate(keys)) if keys else np.zeros(0, dtype=dtype)
        if len(combined):
            first = np.empty(len(combined), dtype=bool)
            first[0] = True
            np.not_equal(combined[1:], combined[:-1], out=first[1:])
            combined = combined[first]
        docs = combined >> dtype(shift)
        blocks = (combined >> dtype(bits)) & dtype((1 << block_bits) - 1)
        buckets = combined & dtype((1 << bits) - 1)
        doc_block = docs * n_blocks + blocks
        squares = np.bincount(doc_block, weights=self.idf2[buckets], minlength=n * n_blocks)
        with np.errstate(divide="ignore"):
            inverse = np.where(squares > 0, 1.0 / np.sqrt(squares), 0.0)
        factor = inverse[doc_block]
        out = np.zeros((n, self.weights.shape[0]), dtype=np.float64)
        for column in self._live_rows:
            out[:, column] = np.bincount(docs, weights=self.weights[column][buckets] * factor, minlength=n)
        out += self.intercepts
        return out

    def _proba_batch(self, texts: list[str], hints: list[list[str]] | None) -> np.ndarray:
        return self._proba_batch_from_scores(self.decision_scores(texts, hints))

    def _proba_batch_from_scores(self, scores: np.ndarray) -> np.ndarray:
        k = len(self.labels)
        proba = np.zeros((len(scores), k))
        for m, scale in enumerate(self.scales):
            proba += _softmax(scores[:, m * k : (m + 1) * k] * scale)
        proba /= len(self.scales)
        return _softmax(np.log(np.maximum(proba, 1e-12)) + self.bias)

    def predict_proba(self, texts: list[str], hints: list[list[str]] | None = None) -> np.ndarray:
        """Probabilities, shape (len(texts), len(labels)); argmax is the tuned decision.

        ``hints``: the hint tokens of each text when the caller already has its rule findings
        (the engine does); a model that uses hints works them out otherwise.
        """
        if isinstance(texts, str):
            raise TypeError("predict_proba expects a list of texts, not one string")
        if hints is not None and len(hints) != len(texts):
            raise ValueError("predict_proba needs one hint list per text")
        windows: list[str] = []
        owner: list[int] = []
        cleaned: list[str] = []
        for i, text in enumerate(texts):
            if not isinstance(text, str):
                raise TypeError(f"text {i} is {type(text).__name__}, not str")
        try:
            "".join(texts).encode("utf-8")  # one call for the batch: lone surrogates are rare
            clean_batch = True
        except UnicodeEncodeError:
            clean_batch = False
        for i, text in enumerate(texts):
            if not clean_batch:
                text = text.encode("utf-8", "replace").decode("utf-8")  # lone surrogates
            cleaned.append(text)
            if len(text) <= WINDOW_CHARS:
                windows.append(text)
                owner.append(i)
            else:
                step = WINDOW_CHARS - 200  # windows overlap so a phrase on a border is seen whole
                for start in range(0, len(text) - 200, step):
                    windows.append(text[start : start + WINDOW_CHARS])
                    owner.append(i)
        k = len(self.labels)
        if not windows:
            return np.zeros((0, k))
        window_hints = None
        if self.spec.hints:
            # the hints of a whole text go with each of its windows
            text_hint_lists = hints if hints is not None else text_hints(cleaned)
            window_hints = [text_hint_lists[i] for i in owner]
        parts = [
            self._proba_batch(windows[i : i + BATCH_SIZE], window_hints[i : i + BATCH_SIZE] if window_hints is not None else None)
            for i in range(0, len(windows), BATCH_SIZE)
        ]
        window_proba = np.concatenate(parts)
        if len(windows) == len(texts):
            return window_proba
        owners = np.asarray(owner)
        clean = self.labels.index(self.clean_label)
        result = np.zeros((len(texts), k))
        best = np.full(len(texts), np.inf)
        # the least clean window of each text stands for it
        for row, doc in enumerate(owners):
            if window_proba[row, clean] < best[doc]:
                best[doc] = window_proba[row, clean]
                result[doc] = window_proba[row]
        return result

    def predict(self, texts: list[str]) -> list[str]:
        proba = self.predict_proba(texts)
        return [self.labels[i] for i in proba.argmax(axis=1)]

    # --- files -----------------------------------------------------------------------------------

    def header(self) -> dict:
        return {
            "format": FORMAT,
            "version": VERSION,
            "labels": self.labels,
            "label_categories": self.label_categories,
            "clean_label": self.clean_label,
            "spec": self.spec.to_dict(),
            "scales": self.scales,
            "bias": [float(b) for b in self.bias],
            "provenance": self.provenance,
        }

    def save(self, path: str | Path) -> None:
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        header = np.frombuffer(json.dumps(self.header(), ensure_ascii=False).encode("utf-8"), dtype=np.uint8)
        tmp = path.with_name(path.name + ".tmp")
        with open(tmp, "wb") as fh:
            np.savez_compressed(
                fh,
                header=header,
                weights=self.weights.astype(np.float32),
                intercepts=self.intercepts.astype(np.float32),
                idf2=self.idf2.astype(np.float32),
            )
        tmp.replace(path)

    @classmethod
    def load(cls, path: str | Path = DEFAULT_MODEL_PATH) -> TextClassifier:
        path = Path(path)
        try:
            if path.stat().st_size > MAX_FILE_BYTES:
                raise ModelError(f"{path}: model file too large")
            with np.load(path, allow_pickle=False) as archive:
                if not isinstance(archive, np.lib.npyio.NpzFile):
                    raise ModelError(f"{path}: not an .npz model archive")
                expected = {"header", "weights", "intercepts", "idf2"}
                if set(archive.files) != expected:
                    raise ModelError(f"{path}: unexpected arrays {sorted(archive.files)}")
                arrays = {name: archive[name] for name in expected}
        except (ModelError, FileNotFoundError):
            raise
        except (OSError, ValueError, zipfile.BadZipFile, EOFError) as exc:
            # np.load refuses pickled content with ValueError when allow_pickle=False
            raise ModelError(f"{path}: cannot load model safely: {exc}") from exc
        for name in ("weights", "intercepts", "idf2"):
            if arrays[name].dtype != np.float32:
                raise ModelError(f"{path}: array {name} must be float32")
        if arrays["header"].dtype != np.uint8 or arrays["header"].ndim != 1:
            raise ModelError(f"{path}: malformed header")
        try:
            header = json.loads(arrays["header"].tobytes().decode("utf-8"))
            if header.get("format") != FORMAT or header.get("version") != VERSION:
                raise ModelError(f"{path}: not a {FORMAT} v{VERSION} file")
            return cls(
                labels=[str(x) for x in header["labels"]],
                label_categories={str(k): str(v) for k, v in header["label_categories"].items()},
                clean_label=header.get("clean_label"),
                spec=FeatureSpec.from_dict(header["spec"]),
                weights=arrays["weights"],
                intercepts=arrays["intercepts"],
                idf2=arrays["idf2"],
                scales=[float(s) for s in header["scales"]],
                bias=[float(b) for b in header["bias"]],
                provenance=header.get("provenance") or {},
            )
        except ModelError:
            raise
        except (KeyError, TypeError, ValueError, AttributeError, UnicodeDecodeError, StopIteration) as exc:
            raise ModelError(f"{path}: malformed model header: {exc}") from exc


def _softmax(scores: np.ndarray) -> np.ndarray:
    shifted = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(shifted)
    return exp / exp.sum(axis=1, keepdims=True)
