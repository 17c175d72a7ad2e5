"""The engine's own Vietnamese test corpus: loading and validation.

The corpus lives in ``mangxanh/engine/data/corpus/*.yaml`` (shipped as package data) and is
written by the project itself; no row comes from the research datasets in ``../shared/data``.
Pure Python: no Django import.

Schema: every file is a YAML list of items::

    - id: pii-cccd-001            # required, unique across the whole corpus, [a-z0-9-]
      text: "…"                   # required, non-empty, NFC; \\u200b escapes allowed
      clean: false                # required; true = nothing harmful in it
      must_find: [personal_data]  # categories that must be among result.categories
                                  # (required non-empty when clean is false, empty when true)
      must_not_find: [offensive]  # categories that must NOT be among result.categories
      verdict_at_least: review    # optional minimum verdict: allow | review | block
      verdict: review             # optional exact verdict
      evidence: ["036211004567"]  # optional: each string must equal the evidence of some finding
                                  # (and must occur in text)
      tags: [no_diacritics]       # optional, from KNOWN_TAGS
      note: "why"                 # optional free text

Aggregate rule for clean examples (checked over the whole corpus, not per item): no clean
example may get ``block``, and fewer than 3% of them may get ``review``.

Tags are checked against the text where that is possible: ``no_diacritics`` texts contain no
Vietnamese letter with a diacritic, ``zero_width`` texts contain a zero-width character,
``homoglyph`` texts contain a Cyrillic or Greek letter, and every specific obfuscation tag
(``separators``, ``leetspeak``, ``zero_width``, ``homoglyph``, ``repeated``, ``masked``) also
needs the umbrella tag ``obfuscated``, which is what coverage is counted on.

Decisions on hard cases (the tag ``hard_case`` marks them):

* A school warning that describes or quotes a scam script ("con bị tai nạn, chuyển tiền gấp")
  to warn parents is clean: publishing such warnings is exactly what schools are asked to do.
  A warning that reproduces a live, clickable scam link is not clean: it spreads the link, so
  it must reach a person (``review``) who can defang it. A defanged link ("abc[.]xyz") is clean.
* The same holds for lessons and campaigns that name harms (drugs, bullying, self-harm,
  grooming): clean, as long as they do not sell, target or instruct.
* The school's own contact points (landline, official hotline, role e-mail on its domain, the
  school's bank account for fees) are not personal data. A named student's health, grades,
  discipline, family or poverty status is personal data, even in a well-meant post. Naming a
  student together with an award is clean.
* Misinformation examples expect exactly ``review`` (never ``block``) when nothing else in the
  text is harmful.
* Political opinion is out of scope (DESIGN.md §2): no example expects it to be flagged.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

# The stable category codes (DESIGN.md §4), the one list: mangxanh.engine.result imports it from here,
# so that loading the corpus never depends on the engine importing cleanly.
CATEGORIES: tuple[str, ...] = (
    "child_abuse",
    "self_harm",
    "violence",
    "harassment",
    "hate",
    "offensive",
    "sexual",
    "drugs_gambling",
    "scam",
    "personal_data",
    "misinformation",
    "impersonation",
)
VERDICTS: tuple[str, ...] = ("allow", "review", "block")
VERDICT_RANK = {v: i for i, v in enumerate(VERDICTS)}

OBFUSCATION_TAGS = frozenset({"separators", "leetspeak", "zero_width", "homoglyph", "repeated", "masked"})
KNOWN_TAGS = frozenset(
    {
        "no_diacritics",
        "obfuscated",
        "teen_code",
        "hard_case",
        # what the text is
        "warning",
        "lesson",
        "news",
        "sports",
        "cooking",
        "name",
        "help_line",
        "hotline",
        "minor",
        "report",
        "fanpage_comment",
        "url",
        "phone",
        "id_number",
        "bank",
        "email",
        "address",
        "health",
        "grades",
        "family",
    }
    | OBFUSCATION_TAGS
)

ALLOWED_KEYS = frozenset(
    {
        "id",
        "text",
        "clean",
        "must_find",
        "must_not_find",
        "verdict_at_least",
        "verdict",
        "evidence",
        "tags",
        "note",
    }
)
REQUIRED_KEYS = ("id", "text", "clean")

DEFAULT_DIR = Path(__file__).resolve().parent / "data" / "corpus"

_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{1,63}$")
ZERO_WIDTH = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")


@dataclass(frozen=True, slots=True)
class Example:
    id: str
    text: str
    clean: bool
    must_find: tuple[str, ...] = ()
    must_not_find: tuple[str, ...] = ()
    verdict_at_least: str | None = None
    verdict: str | None = None
    evidence: tuple[str, ...] = ()
    tags: tuple[str, ...] = ()
    note: str = ""
    source: str = ""  # file name, for messages


class CorpusError(ValueError):
    """The corpus is malformed; the message lists every problem, one per line, in Vietnamese."""

    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Kho ví dụ kiểm thử không hợp lệ:\n" + "\n".join(f"- {p}" for p in problems))


def has_vietnamese_diacritics(text: str) -> bool:
    """True if any Latin letter in text carries a diacritic (or is đ/Đ)."""
    for ch in text:
        if ch in "đĐ":
            return True
        if ch.isalpha() and ord(ch) > 0x7F and unicodedata.name(ch, "").startswith("LATIN"):
            return True
    return False


def has_lookalike_script(text: str) -> bool:
    return any(ch.isalpha() and unicodedata.name(ch, "").startswith(("CYRILLIC", "GREEK")) for ch in text)


def _str_list(value, where: str, key: str, problems: list[str]) -> tuple[str, ...]:
    if value is None:
        return ()
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        problems.append(f"{where}: '{key}' phải là danh sách chuỗi không rỗng")
        return ()
    if len(set(value)) != len(value):
        problems.append(f"{where}: '{key}' có giá trị lặp lại")
    return tuple(value)


def _parse_item(item, source: str, index: int, problems: list[str]) -> Example | None:
    if not isinstance(item, dict):
        problems.append(f"{source}, mục thứ {index + 1}: mỗi mục phải là một bảng khóa–giá trị")
        return None
    raw_id = item.get("id")
    where = f"{source}, mục '{raw_id}'" if isinstance(raw_id, str) else f"{source}, mục thứ {index + 1}"
    before = len(problems)

    unknown = sorted(str(k) for k in item if k not in ALLOWED_KEYS)
    if unknown:
        problems.append(f"{where}: khóa không được phép: {', '.join(unknown)}")
    for key in REQUIRED_KEYS:
        if key not in item:
            problems.append(f"{where}: thiếu khóa bắt buộc '{key}'")

    if "id" in item and not (isinstance(raw_id, str) and _ID_RE.match(raw_id)):
        problems.append(f"{where}: 'id' phải gồm chữ thường không dấu, số và gạch nối (2–64 ký tự)")

    text = item.get("text")
    if "text" in item:
        if not isinstance(text, str) or not text.strip():
            problems.append(f"{where}: 'text' rỗng hoặc không phải chuỗi")
            text = None
        elif not unicodedata.is_normalized("NFC", text):
            problems.append(f"{where}: 'text' chưa chuẩn hóa Unicode NFC")

    clean = item.get("clean")
    if "clean" in item and not isinstance(clean, bool):
        problems.append(f"{where}: 'clean' phải là true hoặc false")
        clean = None

    must_find = _str_list(item.get("must_find"), where, "must_find", problems)
    must_not_find = _str_list(item.get("must_not_find"), where, "must_not_find", problems)
    for cat in (*must_find, *must_not_find):
        if cat not in CATEGORIES:
            problems.append(f"{where}: nhóm nội dung không tồn tại: '{cat}'")
    both = sorted(set(must_find) & set(must_not_find))
    if both:
        problems.append(f"{where}: nhóm vừa phải có vừa không được có: {', '.join(both)}")
    if clean is True and must_find:
        problems.append(f"{where}: ví dụ sạch (clean: true) không được có 'must_find'")
    if clean is False and not must_find:
        problems.append(f"{where}: ví dụ có hại (clean: false) phải có ít nhất một nhóm trong 'must_find'")

    verdicts = {}
    for key in ("verdict_at_least", "verdict"):
        value = item.get(key)
        if value is not None and value not in VERDICTS:
            problems.append(f"{where}: '{key}' phải là allow, review hoặc block")
            value = None
        verdicts[key] = value
    at_least, exact = verdicts["verdict_at_least"], verdicts["verdict"]
    if at_least and exact and VERDICT_RANK[exact] < VERDICT_RANK[at_least]:
        problems.append(f"{where}: 'verdict' thấp hơn 'verdict_at_least'")
    if clean is True and ((exact and exact != "allow") or (at_least and at_least != "allow")):
        problems.append(f"{where}: ví dụ sạch chỉ có thể mong đợi kết luận allow")
    if clean is False and exact == "allow":
        problems.append(f"{where}: ví dụ có hại không thể mong đợi kết luận allow")

    evidence = _str_list(item.get("evidence"), where, "evidence", problems)
    if isinstance(text, str):
        for ev in evidence:
            if ev not in text:
                problems.append(f"{where}: bằng chứng {ev!r} không nằm trong 'text'")

    tags = _str_list(item.get("tags"), where, "tags", problems)
    for tag in tags:
        if tag not in KNOWN_TAGS:
            problems.append(f"{where}: nhãn không được phép: '{tag}'")
    if OBFUSCATION_TAGS & set(tags) and "obfuscated" not in tags:
        problems.append(f"{where}: có nhãn làm rối cụ thể thì phải có cả nhãn 'obfuscated'")
    if isinstance(text, str):
        if "no_diacritics" in tags and has_vietnamese_diacritics(text):
            problems.append(f"{where}: có nhãn 'no_diacritics' nhưng văn bản vẫn có chữ có dấu")
        if "zero_width" in tags and not ZERO_WIDTH & set(text):
            problems.append(f"{where}: có nhãn 'zero_width' nhưng không có ký tự độ rộng 0")
        if "homoglyph" in tags and not has_lookalike_script(text):
            problems.append(f"{where}: có nhãn 'homoglyph' nhưng không có chữ Kirin/Hy Lạp")

    note = item.get("note", "")
    if not isinstance(note, str):
        problems.append(f"{where}: 'note' phải là chuỗi")
        note = ""

    if len(problems) > before:
        return None
    return Example(
        id=raw_id,
        text=text,
        clean=clean,
        must_find=must_find,
        must_not_find=must_not_find,
        verdict_at_least=at_least,
        verdict=exact,
        evidence=evidence,
        tags=tags,
        note=note,
        source=source,
    )


def _files(path: Path) -> list[Path]:
    if path.is_dir():
        return sorted(p for p in path.iterdir() if p.suffix in (".yaml", ".yml") and p.is_file())
    return [path]


def load_corpus(path: str | Path | None = None) -> list[Example]:
    """Load and validate the corpus (a folder of YAML files, or one file).

    Raises CorpusError listing every problem, each naming its file and item id.
    """
    root = Path(path) if path is not None else DEFAULT_DIR
    problems: list[str] = []
    if not root.exists():
        raise CorpusError([f"không tìm thấy kho ví dụ: {root}"])
    files = _files(root)
    if not files:
        raise CorpusError([f"thư mục {root} không có tệp .yaml nào"])

    examples: list[Example] = []
    seen: dict[str, str] = {}
    for file in files:
        name = file.name
        try:
            raw = file.read_bytes().decode("utf-8")
        except UnicodeDecodeError:
            problems.append(f"{name}: tệp không phải văn bản UTF-8")
            continue
        try:
            data = yaml.load(raw, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
        except yaml.YAMLError as exc:
            mark = getattr(exc, "problem_mark", None)
            line = f" (dòng {mark.line + 1})" if mark is not None else ""
            problems.append(f"{name}: lỗi cú pháp YAML{line}")
            continue
        if data is None:
            problems.append(f"{name}: tệp rỗng")
            continue
        if not isinstance(data, list):
            problems.append(f"{name}: tệp phải là một danh sách YAML các mục")
            continue
        for index, item in enumerate(data):
            example = _parse_item(item, name, index, problems)
            if example is None:
                continue
            if example.id in seen:
                problems.append(f"{name}, mục '{example.id}': trùng mã với một mục trong {seen[example.id]}")
                continue
            seen[example.id] = name
            examples.append(example)
    if problems:
        raise CorpusError(problems)
    return examples


def by_category(examples: Iterable[Example] | None = None) -> dict[str, list[Example]]:
    """Positive examples per category (an example counts for every category in its must_find).

    Every category of the taxonomy is a key, even when it has no example.
    """
    if examples is None:
        examples = load_corpus()
    groups: dict[str, list[Example]] = {cat: [] for cat in CATEGORIES}
    for example in examples:
        for cat in example.must_find:
            groups.setdefault(cat, []).append(example)
    return groups
