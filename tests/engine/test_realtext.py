"""The engine measured on text nobody on the team wrote (issue 10 targets), and the scoring rules.

The datasets live in ../shared/data (evaluation only); the tests that read them are skipped where
that folder is absent. The scoring functions are checked on our own made-up rows.
"""

import json

import pytest
from django.core.management import call_command

from mangxanh.engine import Engine
from mangxanh.engine.datasets import DatasetError, default_data_dir
from mangxanh.engine.realtext import (
    case_is_right,
    flag_rates,
    load_school_cases,
    score_school_cases,
    score_seeds,
    seed_paragraphs,
    victsd_flag_rates,
)

ENGINE = Engine()
HAVE_CASES = (default_data_dir() / "school-cases" / "school-cases.jsonl").is_file()
HAVE_VICTSD = (default_data_dir() / "victsd" / "ViCTSD_test.csv").is_file()
HAVE_SEEDS = (default_data_dir().parent / "seeds").is_dir()


def test_a_flag_case_needs_its_categories_and_nothing_outside_may():
    row = {"verdict": "flag", "must": ["scam"], "may": ["impersonation"]}
    assert case_is_right(row, "review", ["scam"])
    assert case_is_right(row, "block", ["impersonation", "scam"])
    assert not case_is_right(row, "allow", [])
    assert not case_is_right(row, "review", ["impersonation"])
    assert not case_is_right(row, "review", ["offensive", "scam"])
    assert case_is_right({"verdict": "allow"}, "allow", [])
    assert not case_is_right({"verdict": "allow"}, "review", ["scam"])


def test_scores_on_own_rows(tmp_path):
    folder = tmp_path / "school-cases"
    folder.mkdir()
    rows = [
        {"id": "x1", "text": "Nhà trường thông báo lịch nghỉ Tết cho học sinh.", "verdict": "allow", "must": [], "may": [], "kind": "notice"},
        {"id": "x2", "text": "Thằng Tú 7A2 óc chó, cả lớp tẩy chay nó đi", "verdict": "flag", "must": ["harassment"], "may": [], "kind": "insult"},
    ]
    (folder / "school-cases.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    report = score_school_cases(ENGINE, load_school_cases(tmp_path))
    assert report["cases"] == 2 and report["right"] == 2 and report["clean_flagged"] == 0


def test_bad_files_give_a_vietnamese_error(tmp_path):
    with pytest.raises(DatasetError, match="Không tìm thấy"):
        load_school_cases(tmp_path)
    folder = tmp_path / "school-cases"
    folder.mkdir()
    (folder / "school-cases.jsonl").write_text('{"text": 5}\n', encoding="utf-8")
    with pytest.raises(DatasetError, match="thiếu"):
        load_school_cases(tmp_path)
    with pytest.raises(DatasetError, match="văn bản gốc"):
        seed_paragraphs(tmp_path / "none")


def test_flag_rates_count_verdicts():
    m = flag_rates(ENGINE, ["Hôm nay trời đẹp quá", "Mày liệu hồn, mai tao chém chết mày"], ["CLEAN", "TOXIC"])
    assert (m["clean_flagged"], m["toxic_flagged"], m["macro_f1"]) == (0, 1, 1.0)


@pytest.mark.skipif(not HAVE_CASES, reason="../shared/data/school-cases is not here")
def test_school_cases_targets():
    report = score_school_cases(ENGINE, load_school_cases())
    assert report["clean_blocked"] == 0
    assert report["clean_flagged"] <= 2
    assert report["right_share"] >= 0.95, report["wrong"]


@pytest.mark.skipif(not HAVE_VICTSD, reason="../shared/data/victsd is not here")
def test_victsd_ordinary_comments_are_not_flagged():
    m = victsd_flag_rates(ENGINE)
    assert m["clean_blocked"] == 0
    assert m["clean_flagged_share"] <= 0.02


@pytest.mark.skipif(not HAVE_SEEDS, reason="../shared/seeds is not here")
def test_seed_documents_are_not_flagged():
    report = score_seeds(ENGINE, seed_paragraphs())
    assert report["paragraphs"] > 100
    assert report["flagged"] == 0, report["examples"]


@pytest.mark.skipif(not HAVE_CASES, reason="../shared/data/school-cases is not here")
def test_evaluate_command_reports_school_cases(capsys):
    call_command("evaluate", "--dataset", "school-cases")
    out = capsys.readouterr().out
    assert out.startswith("Tình huống trường học: đúng ")
