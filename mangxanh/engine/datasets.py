"""Readers for the public Vietnamese harmful-content datasets in ../shared/data.

Each reader returns plain (text, label) rows with the project's label names. The files are
never copied into the repository; licences are in ../shared/data/README.md (ViHSD and ViCTSD:
evaluation only; ViHOS: MIT, may train the shipped model after removing test overlaps).
"""

from __future__ import annotations

import csv
import json
import os
import re
import sys
import unicodedata
from dataclasses import dataclass
from pathlib import Path

VIHSD_LABELS = ["CLEAN", "OFFENSIVE", "HATE"]
VIHSD_CATEGORIES = {"HATE": "harassment", "OFFENSIVE": "offensive"}
BINARY_LABELS = ["CLEAN", "TOXIC"]
BINARY_CATEGORIES = {"TOXIC": "offensive"}

DATASETS = ("vihsd", "victsd", "vihos")
SPLITS = ("train", "dev", "test")

_FILES = {
    "vihsd": {"train": "vihsd/train.csv", "dev": "vihsd/dev.csv", "test": "vihsd/test.csv"},
    "victsd": {
        "train": "victsd/ViCTSD_train.csv",
        "dev": "victsd/ViCTSD_valid.csv",
        "test": "victsd/ViCTSD_test.csv",
    },
    "vihos": {
        "train": "vihos/Span_Extraction_based_version/train.csv",
        "dev": "vihos/Span_Extraction_based_version/dev.csv",
        "test": "vihos/Test_data/test.csv",
    },
}


class DatasetError(Exception):
    """A dataset that cannot be read; the message is Vietnamese, for the command line."""


@dataclass(frozen=True, slots=True)
class Split:
    name: str
    split: str
    texts: list[str]
    labels: list[str]
    label_names: list[str]
    label_categories: dict[str, str]


def default_data_dir() -> Path:
    env = os.environ.get("MANGXANH_DATA_DIR")
    if env:
        return Path(env)
    repo = Path(__file__).resolve().parents[2]
    return repo.parent / "shared" / "data"


def dataset_path(name: str, split: str, data_dir: Path | str | None = None) -> Path:
    if name not in _FILES:
        raise DatasetError(f"Không có bộ dữ liệu «{name}». Chọn một trong: {', '.join(DATASETS)}.")
    if split not in SPLITS:
        raise DatasetError(f"Không có phần «{split}». Chọn một trong: {', '.join(SPLITS)}.")
    return Path(data_dir or default_data_dir()) / _FILES[name][split]


def _rows(path: Path) -> list[dict[str, str]]:
    if not path.is_file():
        raise DatasetError(
            f"Không tìm thấy tệp dữ liệu {path}. Hãy chỉ thư mục dữ liệu bằng --data-dir hoặc biến môi trường MANGXANH_DATA_DIR."
        )
    csv.field_size_limit(min(sys.maxsize, 2**31 - 1))
    try:
        with open(path, encoding="utf-8", newline="") as fh:
            return list(csv.DictReader(fh))
    except UnicodeDecodeError as exc:
        raise DatasetError(f"Tệp {path} không phải văn bản UTF-8 hợp lệ (byte {exc.start}).") from exc
    except csv.Error as exc:
        raise DatasetError(f"Tệp {path} không phải CSV hợp lệ: {exc}.") from exc


def _column(row: dict[str, str], name: str, path: Path, line: int) -> str:
    value = row.get(name)
    if value is None:
        raise DatasetError(f"Tệp {path}, dòng {line}: thiếu cột «{name}».")
    return value


def _int(value: str, path: Path, line: int, allowed: tuple[int, ...]) -> int:
    try:
        number = int(value.strip())
    except ValueError:
        number = None
    if number not in allowed:
        raise DatasetError(f"Tệp {path}, dòng {line}: nhãn «{value}» không hợp lệ.")
    return number


def _vihos_has_span(value: str, path: Path, line: int) -> bool:
    try:
        spans = json.loads(value) if value.strip() else []
    except json.JSONDecodeError as exc:
        raise DatasetError(f"Tệp {path}, dòng {line}: cột index_spans không hợp lệ.") from exc
    if not isinstance(spans, list):
        raise DatasetError(f"Tệp {path}, dòng {line}: cột index_spans không hợp lệ.")
    return bool(spans)


def load_split(name: str, split: str, data_dir: Path | str | None = None) -> Split:
    """Rows of one split. ViCTSD: Toxicity; ViHOS: toxic if the comment has any span."""
    path = dataset_path(name, split, data_dir)
    rows = _rows(path)
    texts: list[str] = []
    labels: list[str] = []
    for line, row in enumerate(rows, start=2):  # line 1 is the header
        if name == "vihsd":
            text = _column(row, "free_text", path, line)
            label = VIHSD_LABELS[_int(_column(row, "label_id", path, line), path, line, (0, 1, 2))]
        elif name == "victsd":
            text = _column(row, "Comment", path, line)
            label = BINARY_LABELS[_int(_column(row, "Toxicity", path, line), path, line, (0, 1))]
        else:
            text = _column(row, "content", path, line)
            label = BINARY_LABELS[int(_vihos_has_span(_column(row, "index_spans", path, line), path, line))]
        texts.append(text)
        labels.append(label)
    if name == "vihsd":
        return Split(name, split, texts, labels, VIHSD_LABELS, VIHSD_CATEGORIES)
    return Split(name, split, texts, labels, BINARY_LABELS, BINARY_CATEGORIES)


_SPACE_RE = re.compile(r"\s+")


def overlap_key(text: str) -> str:
    """The key the data README uses for overlaps: NFC, collapsed whitespace, lower case."""
    return _SPACE_RE.sub(" ", unicodedata.normalize("NFC", text)).strip().lower()


def without_overlap(split: Split, *others: Split) -> tuple[Split, int]:
    """``split`` minus every row whose text appears in one of ``others``; also the number removed."""
    banned = {overlap_key(t) for other in others for t in other.texts}
    keep = [i for i, t in enumerate(split.texts) if overlap_key(t) not in banned]
    removed = len(split.texts) - len(keep)
    return (
        Split(
            split.name,
            split.split,
            [split.texts[i] for i in keep],
            [split.labels[i] for i in keep],
            split.label_names,
            split.label_categories,
        ),
        removed,
    )


TOXIC_CATEGORIES = frozenset({"hate", "harassment", "offensive"})


def own_examples(path: Path | str | None = None) -> Split | None:
    """The project's own corpus (mangxanh/engine/data/corpus) as binary rows, or None if absent.

    Clean examples are CLEAN; examples that must be found as hate, harassment or offensive are
    TOXIC; examples of other harms (scam, personal data, ...) are left out: the classifier only
    judges offensive language, and calling a scam "clean" would teach it the wrong thing.
    """
    try:
        from mangxanh.engine.corpus import CorpusError, load_corpus
    except ImportError:
        return None
    try:
        examples = load_corpus(path)
    except CorpusError:
        return None
    texts: list[str] = []
    labels: list[str] = []
    for example in examples:
        categories = {str(c).split(".")[0] for c in example.must_find}
        if example.clean:
            texts.append(example.text)
            labels.append("CLEAN")
        elif categories & TOXIC_CATEGORIES:
            texts.append(example.text)
            labels.append("TOXIC")
    if not texts:
        return None
    return Split("own", "train", texts, labels, BINARY_LABELS, BINARY_CATEGORIES)
