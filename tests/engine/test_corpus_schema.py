"""The engine's own test corpus is well formed, big enough, balanced and original.

These checks do not run the engine. corpus.py is pure and has no package-relative imports, so it
is loaded straight from its file: the corpus stays checkable even while the engine package
itself is being rebuilt and does not import.
"""

from __future__ import annotations

import csv
import importlib.util
import re
import sys
import unicodedata
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"


def _load_corpus_module():
    name = "mangxanh_engine_corpus_standalone"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "mangxanh" / "engine" / "corpus.py")
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    return module


corpus = _load_corpus_module()


@pytest.fixture(scope="module")
def examples():
    return corpus.load_corpus()


def test_corpus_loads_and_is_big_enough(examples):
    assert len(examples) >= 300


def test_corpus_files_are_package_data():
    files = sorted(p.name for p in corpus.DEFAULT_DIR.glob("*.yaml"))
    assert corpus.DEFAULT_DIR == REPO / "mangxanh" / "engine" / "data" / "corpus"
    assert len(files) >= 10, files


def test_ids_are_unique(examples):
    ids = [e.id for e in examples]
    assert len(ids) == len(set(ids))


def test_every_category_has_twelve_positive_examples(examples):
    groups = corpus.by_category(examples)
    assert set(groups) == set(corpus.CATEGORIES)
    short = {cat: len(items) for cat, items in groups.items() if len(items) < 12}
    assert not short, f"categories with fewer than 12 positive examples: {short}"


@pytest.mark.parametrize("tag", ["no_diacritics", "obfuscated", "teen_code"])
def test_every_category_has_each_written_form(examples, tag):
    groups = corpus.by_category(examples)
    missing = [cat for cat, items in groups.items() if not any(tag in e.tags for e in items)]
    assert not missing, f"categories without a positive '{tag}' example: {missing}"


def test_at_least_35_percent_clean(examples):
    clean = sum(e.clean for e in examples)
    assert clean / len(examples) >= 0.35, f"{clean}/{len(examples)} clean"


def test_clean_examples_cover_every_category_as_hard_negatives(examples):
    # Each category needs clean texts that mention its topic, or the engine could just flag words.
    guarded = {cat for e in examples if e.clean for cat in e.must_not_find}
    assert guarded == set(corpus.CATEGORIES), set(corpus.CATEGORIES) - guarded


def test_all_text_is_nfc(examples):
    bad = [e.id for e in examples if not unicodedata.is_normalized("NFC", e.text)]
    assert not bad


def test_tags_match_text(examples):
    for e in examples:
        if "no_diacritics" in e.tags:
            assert not corpus.has_vietnamese_diacritics(e.text), e.id
        if "homoglyph" in e.tags:
            assert corpus.has_lookalike_script(e.text), e.id
        if "zero_width" in e.tags:
            assert corpus.ZERO_WIDTH & set(e.text), e.id


def test_evidence_occurs_in_text(examples):
    for e in examples:
        for ev in e.evidence:
            assert ev in e.text, e.id


def _normalise(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text)).strip().casefold()


@pytest.mark.skipif(not SHARED_DATA.is_dir(), reason="../shared/data is not present")
def test_no_example_is_copied_from_the_research_datasets(examples):
    seen: set[str] = set()
    for path in SHARED_DATA.rglob("*"):
        if not path.is_file() or path.suffix.lower() not in (".csv", ".tsv", ".txt", ".jsonl"):
            continue
        content = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix.lower() in (".csv", ".tsv"):
            delimiter = "\t" if path.suffix.lower() == ".tsv" else ","
            for row in csv.reader(content.splitlines(), delimiter=delimiter):
                for cell in row:
                    for line in cell.splitlines():
                        seen.add(_normalise(line))
        for line in content.splitlines():
            seen.add(_normalise(line))
    seen.discard("")
    copied = [e.id for e in examples if _normalise(e.text) in seen]
    assert not copied, f"examples equal to a dataset line: {copied}"


# --- the loader rejects bad corpus files with a Vietnamese message naming file and id ---


def _write(tmp_path: Path, name: str, body: str) -> Path:
    (tmp_path / name).write_text(body, encoding="utf-8")
    return tmp_path


GOOD = """
- id: a-001
  text: "Số định danh 036211004567"
  clean: false
  must_find: [personal_data]
"""


def test_loader_accepts_a_minimal_file(tmp_path):
    items = corpus.load_corpus(_write(tmp_path, "a.yaml", GOOD))
    assert [e.id for e in items] == ["a-001"]
    assert items[0].must_find == ("personal_data",)
    assert items[0].source == "a.yaml"


def test_loader_reports_duplicate_ids_across_files(tmp_path):
    _write(tmp_path, "a.yaml", GOOD)
    _write(tmp_path, "b.yaml", GOOD)
    with pytest.raises(corpus.CorpusError) as err:
        corpus.load_corpus(tmp_path)
    assert "b.yaml, mục 'a-001': trùng mã với một mục trong a.yaml" in str(err.value)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        (
            GOOD.replace("personal_data", "politics"),
            "a.yaml, mục 'a-001': nhóm nội dung không tồn tại: 'politics'",
        ),
        (GOOD + "  colour: red\n", "a.yaml, mục 'a-001': khóa không được phép: colour"),
        (GOOD.replace('"Số định danh 036211004567"', '"   "'), "a.yaml, mục 'a-001': 'text' rỗng"),
        (GOOD.replace('  text: "Số định danh 036211004567"\n', ""), "thiếu khóa bắt buộc 'text'"),
        (GOOD.replace("clean: false", "clean: maybe"), "'clean' phải là true hoặc false"),
        (GOOD.replace("  must_find: [personal_data]\n", ""), "phải có ít nhất một nhóm trong 'must_find'"),
        (GOOD.replace("clean: false", "clean: true"), "ví dụ sạch (clean: true) không được có 'must_find'"),
        (GOOD + "  verdict: maybe\n", "'verdict' phải là allow, review hoặc block"),
        (GOOD + "  evidence: ['0912345678']\n", "bằng chứng '0912345678' không nằm trong 'text'"),
        (GOOD + "  tags: [no_diacritics]\n", "có nhãn 'no_diacritics' nhưng văn bản vẫn có chữ có dấu"),
        (GOOD + "  tags: [zero_width]\n", "có nhãn làm rối cụ thể thì phải có cả nhãn 'obfuscated'"),
        (GOOD + "  tags: [shiny]\n", "nhãn không được phép: 'shiny'"),
        (GOOD + "  must_not_find: [personal_data]\n", "nhóm vừa phải có vừa không được có: personal_data"),
        (GOOD.replace("Số", "So\u0301"), "'text' chưa chuẩn hóa Unicode NFC"),
        (GOOD.replace("id: a-001", "id: A 001"), "'id' phải gồm chữ thường"),
        ("- just a string\n", "a.yaml, mục thứ 1: mỗi mục phải là một bảng khóa–giá trị"),
        ("id: a-001\ntext: x\n", "a.yaml: tệp phải là một danh sách YAML các mục"),
        ("- id: [unclosed\n", "a.yaml: lỗi cú pháp YAML (dòng"),
        ("", "a.yaml: tệp rỗng"),
    ],
)
def test_loader_rejects_bad_items(tmp_path, body, message):
    with pytest.raises(corpus.CorpusError) as err:
        corpus.load_corpus(_write(tmp_path, "a.yaml", body))
    assert message in str(err.value)
    assert str(err.value).startswith("Kho ví dụ kiểm thử không hợp lệ:")


def test_loader_lists_every_problem_not_just_the_first(tmp_path):
    body = GOOD + "  colour: red\n" + GOOD.replace("a-001", "a-002").replace("personal_data", "politics")
    with pytest.raises(corpus.CorpusError) as err:
        corpus.load_corpus(_write(tmp_path, "a.yaml", body))
    assert len(err.value.problems) == 2


def test_loader_rejects_binary_and_missing_paths(tmp_path):
    (tmp_path / "bin.yaml").write_bytes(b"\xff\xfe\x00garbage")
    with pytest.raises(corpus.CorpusError, match="bin.yaml: tệp không phải văn bản UTF-8"):
        corpus.load_corpus(tmp_path)
    with pytest.raises(corpus.CorpusError, match="không tìm thấy kho ví dụ"):
        corpus.load_corpus(tmp_path / "nope")
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(corpus.CorpusError, match="không có tệp .yaml nào"):
        corpus.load_corpus(empty)
