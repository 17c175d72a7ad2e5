"""Measure the engine on text nobody on the team wrote (issue 10, item 6).

* ``school-cases``: 240 school-context cases written outside the team (../shared/data/school-cases).
  A case is right when an ``allow`` case gets ``allow``, and a ``flag`` case gets another verdict,
  every ``must`` category and nothing outside ``must`` + ``may``.
* ViCTSD test: how often ordinary news comments are flagged (review or block) and blocked, and how
  many toxic comments are flagged; macro-F1 of flagged vs allowed.
* The seed documents (../shared/seeds): public administrative plans cut into paragraphs; none
  should be flagged.

Evaluation only: nothing here is ever used to train or tune a rule on single texts.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

from .datasets import DatasetError, default_data_dir, load_split

SCHOOL_CASES = Path("school-cases") / "school-cases.jsonl"
MIN_PARAGRAPH = 40


def load_school_cases(data_dir: Path | str | None = None) -> list[dict[str, Any]]:
    path = Path(data_dir or default_data_dir()) / SCHOOL_CASES
    if not path.is_file():
        raise DatasetError(f"Không tìm thấy tệp {path}. Hãy chỉ thư mục dữ liệu bằng --data-dir.")
    rows = []
    with open(path, encoding="utf-8") as fh:
        for line_no, line in enumerate(fh, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DatasetError(f"Tệp {path}, dòng {line_no}: JSON không hợp lệ.") from exc
            if not isinstance(row, dict) or not isinstance(row.get("text"), str) or row.get("verdict") not in ("allow", "flag"):
                raise DatasetError(f"Tệp {path}, dòng {line_no}: thiếu «text» hoặc «verdict» hợp lệ.")
            rows.append(row)
    return rows


def case_is_right(row: dict[str, Any], verdict: str, categories: list[str]) -> bool:
    if row["verdict"] == "allow":
        return verdict == "allow"
    found = set(categories)
    must, may = set(row.get("must") or ()), set(row.get("may") or ())
    return verdict != "allow" and must <= found and found <= must | may


def score_school_cases(engine: Any, rows: list[dict[str, Any]]) -> dict[str, Any]:
    results = engine.scan_many([r["text"] for r in rows])
    clean = [(r, s) for r, s in zip(rows, results, strict=True) if r["verdict"] == "allow"]
    harmful = [(r, s) for r, s in zip(rows, results, strict=True) if r["verdict"] == "flag"]
    wrong = [
        {"id": r.get("id"), "kind": r.get("kind"), "expected": r["verdict"], "must": r.get("must"),
         "verdict": s.verdict, "categories": s.categories}
        for r, s in zip(rows, results, strict=True) if not case_is_right(r, s.verdict, s.categories)
    ]
    return {
        "cases": len(rows),
        "right": len(rows) - len(wrong),
        "right_share": round((len(rows) - len(wrong)) / len(rows), 4) if rows else 0.0,
        "clean_flagged": sum(s.verdict != "allow" for _, s in clean),
        "clean_blocked": sum(s.verdict == "block" for _, s in clean),
        "harmful_missed": sum(s.verdict == "allow" for _, s in harmful),
        "wrong_by_kind": dict(Counter(w["kind"] for w in wrong).most_common()),
        "wrong": wrong,
    }


def flag_rates(engine: Any, texts: list[str], labels: list[str]) -> dict[str, Any]:
    """Clean vs toxic comments by verdict: what a school sees, whatever the category."""
    results = engine.scan_many(texts)
    clean = [r for r, label in zip(results, labels, strict=True) if label == "CLEAN"]
    toxic = [r for r, label in zip(results, labels, strict=True) if label != "CLEAN"]
    fp = sum(r.verdict != "allow" for r in clean)
    tp = sum(r.verdict != "allow" for r in toxic)
    fn, tn = len(toxic) - tp, len(clean) - fp
    f1_toxic = 2 * tp / (2 * tp + fp + fn) if tp else 0.0
    f1_clean = 2 * tn / (2 * tn + fn + fp) if tn else 0.0
    return {
        "clean": len(clean),
        "toxic": len(toxic),
        "clean_flagged": fp,
        "clean_flagged_share": round(fp / len(clean), 4) if clean else 0.0,
        "clean_blocked": sum(r.verdict == "block" for r in clean),
        "toxic_flagged": tp,
        "toxic_flagged_share": round(tp / len(toxic), 4) if toxic else 0.0,
        "macro_f1": round((f1_toxic + f1_clean) / 2, 4),
    }


def victsd_flag_rates(engine: Any, split: str = "test", data_dir: Path | str | None = None) -> dict[str, Any]:
    data = load_split("victsd", split, data_dir)
    return flag_rates(engine, data.texts, data.labels)


def seed_paragraphs(seeds_dir: Path | str | None = None) -> list[str]:
    folder = Path(seeds_dir) if seeds_dir else Path(default_data_dir()).parent / "seeds"
    if not folder.is_dir():
        raise DatasetError(f"Không tìm thấy thư mục văn bản gốc {folder}.")
    paragraphs = []
    for path in sorted(folder.glob("*.txt")):
        for para in re.split(r"\n", path.read_text(encoding="utf-8")):
            if len(para.strip()) >= MIN_PARAGRAPH:
                paragraphs.append(para.strip())
    return paragraphs


def score_seeds(engine: Any, paragraphs: list[str]) -> dict[str, Any]:
    results = engine.scan_many(paragraphs)
    flagged = [(p, r) for p, r in zip(paragraphs, results, strict=True) if r.verdict != "allow"]
    return {
        "paragraphs": len(paragraphs),
        "flagged": len(flagged),
        "examples": [{"text": p[:160], "verdict": r.verdict, "categories": r.categories} for p, r in flagged[:10]],
    }
