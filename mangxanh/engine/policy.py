"""Policy: per-category severities and thresholds that turn findings into allow / review / block.

`load_policy(x)` merges ``x`` (a path to a YAML file, a dict, or None) over the default policy
(data/policy.yaml) and validates the result; every problem is reported in Vietnamese as a
`PolicyError`. Category settings are merged key by key; rule lists of the organisation are added
to the default ones (merge_policy, also used to merge the units' policies).
"""

from __future__ import annotations

import copy
import os
import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from .result import _SEVERITY_RANK, CATEGORIES, Finding, Severity, Verdict

DEFAULT_POLICY_PATH = Path(__file__).resolve().parent / "data" / "policy.yaml"
CUSTOM_RE = re.compile(r"^custom:[a-z0-9][a-z0-9_-]{0,62}$")
SEVERITIES = tuple(s.value for s in Severity)
_CATEGORY_KEYS = {"severity", "review_at", "block_at", "block_severity", "never_block", "model_threshold", "name"}
_TOP_KEYS = {"version", "categories", "rules", "name", "model_decides_toxicity"}
_RULE_KEYS = {"keywords", "patterns", "allow", "debunk"}


class PolicyError(ValueError):
    """A policy file or dict that cannot be used; the message is in Vietnamese."""


@dataclass(frozen=True, slots=True)
class CategoryPolicy:
    severity: str = "medium"
    review_at: float | None = 0.5
    block_at: float | None = None
    block_severity: str | None = None
    never_block: bool = False
    model_threshold: float | None = None
    name: str | None = None


@dataclass(slots=True)
class Policy:
    categories: dict[str, CategoryPolicy]
    keywords: list[dict] = field(default_factory=list)
    patterns: list[dict] = field(default_factory=list)
    allow: list[str] = field(default_factory=list)
    debunk: list[dict] = field(default_factory=list)
    raw: dict = field(default_factory=dict)

    def category(self, code: str) -> CategoryPolicy:
        return self.categories.get(code) or CategoryPolicy()

    def category_score(self, findings: list[Finding]) -> float:
        """Noisy-or over distinct (rule, evidence) pairs, so that one weak signal
        repeated a thousand times in a long document does not add up to a block."""
        best: dict[tuple[str, str], float] = {}
        for f in findings:
            key = (f.rule, " ".join(f.evidence.lower().split()))
            best[key] = max(best.get(key, 0.0), max(0.0, min(1.0, f.score)))
        remaining = 1.0
        for score in best.values():
            remaining *= 1.0 - score
        return 1.0 - remaining

    def verdict(self, findings: list[Finding]) -> Verdict:
        return max(self.category_verdicts(findings).values(), key=lambda v: v.rank, default=Verdict.ALLOW)

    def category_verdicts(self, findings: list[Finding]) -> dict[str, Verdict]:
        """What each category's findings call for on their own."""
        by_category: dict[str, list[Finding]] = defaultdict(list)
        for f in findings:
            by_category[f.category].append(f)
        out: dict[str, Verdict] = {}
        for code, items in by_category.items():
            cp = self.category(code)
            score = self.category_score(items)
            verdict = Verdict.ALLOW
            if cp.review_at is not None and score >= cp.review_at - 1e-9:
                verdict = Verdict.REVIEW
            if not cp.never_block:
                if cp.block_at is not None and score >= cp.block_at - 1e-9:
                    verdict = Verdict.BLOCK
                if cp.block_severity is not None:
                    need = _SEVERITY_RANK[Severity(cp.block_severity)]
                    if any(_SEVERITY_RANK.get(f.severity, 0) >= need for f in items):
                        verdict = Verdict.BLOCK
            out[code] = verdict
        return out


def merge_policy(base: dict, override: dict) -> dict:
    """override over base: the one merge of policies, used for the default ← every unit's changes from
    the root down (scanning.policies) and for the result over the default policy (load_policy).

    Category settings are merged key by key; rule lists get the override's items they lack (in order,
    without duplicates); every other key is replaced. Neither argument is changed.
    """
    out = copy.deepcopy(base)
    for key, value in override.items():
        current = out.get(key)
        if key in ("categories", "rules") and isinstance(value, dict) and isinstance(current, dict):
            for name, item in value.items():
                have, item = current.get(name), copy.deepcopy(item)
                if key == "categories" and isinstance(item, dict) and isinstance(have, dict):
                    current[name] = {**have, **item}
                elif key == "rules" and isinstance(item, list) and isinstance(have, list):
                    current[name] = have + [v for v in item if v not in have]
                else:
                    current[name] = item
        else:
            out[key] = copy.deepcopy(value)
    return out


def _read_yaml(path: str | os.PathLike) -> Any:
    try:
        with open(path, encoding="utf-8") as fh:
            return yaml.safe_load(fh)
    except FileNotFoundError:
        raise PolicyError(f"Không tìm thấy tệp chính sách: {path}") from None
    except IsADirectoryError:
        raise PolicyError(f"Đường dẫn chính sách là một thư mục, không phải tệp: {path}") from None
    except UnicodeDecodeError:
        raise PolicyError(f"Tệp chính sách {path} không phải văn bản UTF-8.") from None
    except yaml.YAMLError as exc:
        where = ""
        mark = getattr(exc, "problem_mark", None)
        if mark is not None:
            where = f" (dòng {mark.line + 1}, cột {mark.column + 1})"
        raise PolicyError(f"Tệp chính sách {path} không phải YAML hợp lệ{where}.") from None


def _number(value: Any, where: str, allow_none: bool = True) -> float | None:
    if value is None and allow_none:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0 <= value <= 1:
        raise PolicyError(f"{where} phải là một số từ 0 đến 1 (nhận được {value!r}).")
    return float(value)


def _severity(value: Any, where: str, allow_none: bool = False) -> str | None:
    if value is None and allow_none:
        return None
    if value not in SEVERITIES:
        raise PolicyError(f"{where} phải là một trong: {', '.join(SEVERITIES)} (nhận được {value!r}).")
    return value


def check_category_code(code: Any, where: str) -> str:
    if not isinstance(code, str) or not (code in CATEGORIES or CUSTOM_RE.match(code)):
        raise PolicyError(
            f"{where}: danh mục không hợp lệ {code!r}. Dùng một mã có sẵn "
            f"({', '.join(CATEGORIES)}) hoặc 'custom:<tên>' (chữ thường không dấu, số, '-', '_')."
        )
    return code


def _category_policy(code: str, settings: Any) -> CategoryPolicy:
    where = f"categories.{code}"
    if not isinstance(settings, dict):
        raise PolicyError(f"{where} phải là một bảng các thiết lập (severity, review_at, block_at...).")
    unknown = set(settings) - _CATEGORY_KEYS
    if unknown:
        raise PolicyError(
            f"{where}: khóa không hợp lệ {', '.join(sorted(map(str, unknown)))}. "
            f"Các khóa hợp lệ: {', '.join(sorted(_CATEGORY_KEYS))}."
        )
    cp = CategoryPolicy(
        severity=_severity(settings.get("severity", "medium"), f"{where}.severity"),
        review_at=_number(settings.get("review_at", 0.5), f"{where}.review_at"),
        block_at=_number(settings.get("block_at"), f"{where}.block_at"),
        block_severity=_severity(settings.get("block_severity"), f"{where}.block_severity", allow_none=True),
        never_block=settings.get("never_block", False),
        model_threshold=_number(settings.get("model_threshold"), f"{where}.model_threshold"),
        name=settings.get("name"),
    )
    if not isinstance(cp.never_block, bool):
        raise PolicyError(f"{where}.never_block phải là true hoặc false.")
    if cp.review_at is not None and cp.block_at is not None and cp.review_at > cp.block_at:
        raise PolicyError(f"{where}: review_at ({cp.review_at}) phải nhỏ hơn hoặc bằng block_at ({cp.block_at}).")
    return cp


def _rule_list(rules: dict, name: str) -> list:
    items = rules.get(name) or []
    if not isinstance(items, list):
        raise PolicyError(f"rules.{name} phải là một danh sách.")
    return items


def _check_rule(item: Any, where: str, text_key: str) -> dict:
    if not isinstance(item, dict):
        raise PolicyError(f"{where} phải là một bảng có khóa '{text_key}' và 'category'.")
    value = item.get(text_key)
    if not isinstance(value, str) or not value.strip():
        raise PolicyError(f"{where}: thiếu '{text_key}' hoặc '{text_key}' không phải chuỗi ký tự.")
    check_category_code(item.get("category"), where)
    if "severity" in item:
        _severity(item["severity"], f"{where}.severity")
    if "score" in item:
        _number(item["score"], f"{where}.score", allow_none=False)
    if "explanation" in item and not isinstance(item["explanation"], str):
        raise PolicyError(f"{where}.explanation phải là chuỗi ký tự.")
    return item


def compile_pattern(pattern: str, where: str):
    """Compile an organisation's regular expression with RE2 (linear time, no backtracking)."""
    import re2

    options = re2.Options()
    options.log_errors = False
    try:
        return re2.compile(pattern, options)
    except Exception as exc:  # re2.error and friends
        raise PolicyError(
            f"{where}: biểu thức chính quy {pattern!r} không dùng được. Chỉ chấp nhận cú pháp RE2 "
            f"chạy trong thời gian tuyến tính (không có tham chiếu ngược \\1, lookahead (?=...), "
            f"lookbehind (?<=...)). Chi tiết: {exc}"
        ) from None


def build_policy(data: Any) -> Policy:
    """Validate a merged policy dict and build the Policy object."""
    if not isinstance(data, dict):
        raise PolicyError("Chính sách phải là một bảng YAML (các khóa version, categories, rules).")
    unknown = set(data) - _TOP_KEYS
    if unknown:
        raise PolicyError(
            f"Khóa không hợp lệ trong chính sách: {', '.join(sorted(map(str, unknown)))}. "
            f"Các khóa hợp lệ: {', '.join(sorted(_TOP_KEYS))}."
        )
    if not isinstance(data.get("model_decides_toxicity", False), bool):
        raise PolicyError("model_decides_toxicity phải là true hoặc false.")
    raw_categories = data.get("categories") or {}
    if not isinstance(raw_categories, dict):
        raise PolicyError("categories phải là một bảng: mã danh mục -> thiết lập.")
    categories = {}
    for code, settings in raw_categories.items():
        check_category_code(code, "categories")
        categories[code] = _category_policy(code, settings)
    rules = data.get("rules") or {}
    if not isinstance(rules, dict):
        raise PolicyError("rules phải là một bảng (keywords, patterns, allow, debunk).")
    unknown = set(rules) - _RULE_KEYS
    if unknown:
        raise PolicyError(
            f"Khóa không hợp lệ trong rules: {', '.join(sorted(map(str, unknown)))}. "
            f"Các khóa hợp lệ: {', '.join(sorted(_RULE_KEYS))}."
        )
    keywords = [_check_rule(k, f"rules.keywords[{i}]", "term") for i, k in enumerate(_rule_list(rules, "keywords"))]
    patterns = [_check_rule(p, f"rules.patterns[{i}]", "pattern") for i, p in enumerate(_rule_list(rules, "patterns"))]
    for i, p in enumerate(patterns):
        compile_pattern(p["pattern"], f"rules.patterns[{i}]")
    allow = _rule_list(rules, "allow")
    for i, term in enumerate(allow):
        if not isinstance(term, str) or not term.strip():
            raise PolicyError(f"rules.allow[{i}] phải là một chuỗi ký tự không rỗng.")
    debunk = []
    for i, item in enumerate(_rule_list(rules, "debunk")):
        if isinstance(item, str):
            item = {"claim": item}
        if not isinstance(item, dict) or not isinstance(item.get("claim"), str) or not item["claim"].strip():
            raise PolicyError(f"rules.debunk[{i}] phải có 'claim' là một chuỗi ký tự không rỗng.")
        debunk.append(item)
    # Custom categories used by rules but not declared get neutral defaults.
    for item in keywords + patterns:
        code = item["category"]
        if code not in categories:
            categories[code] = CategoryPolicy(severity=item.get("severity", "medium"))
    return Policy(categories, keywords, patterns, allow, debunk, raw=data)


@lru_cache(maxsize=1)
def default_policy_dict() -> dict:
    data = _read_yaml(DEFAULT_POLICY_PATH)
    return data


def load_policy(path_or_dict: Any = None) -> Policy:
    """The default policy, with an organisation's file or dict (if any) merged over it."""
    if isinstance(path_or_dict, Policy):
        return path_or_dict
    base = default_policy_dict()
    if path_or_dict is None:
        return build_policy(copy.deepcopy(base))
    if isinstance(path_or_dict, str | os.PathLike):
        override = _read_yaml(path_or_dict)
        if override is None:
            override = {}
    elif isinstance(path_or_dict, dict):
        override = path_or_dict
    else:
        raise PolicyError(
            f"Chính sách phải là đường dẫn tệp YAML, một dict hoặc None (nhận được {type(path_or_dict).__name__})."
        )
    if not isinstance(override, dict):
        raise PolicyError("Chính sách phải là một bảng YAML (các khóa version, categories, rules).")
    return build_policy(merge_policy(base, override))
