"""Dataset readers on tiny CSV files written here (same columns as the real files)."""

from __future__ import annotations

import pytest

from mangxanh.engine.datasets import DatasetError, load_split, overlap_key, without_overlap

from ._classifier_helpers import CLEAN, HATE, OFFENSIVE, write_victsd, write_vihos, write_vihsd


def test_vihsd_labels(tmp_path):
    split = load_split("vihsd", "train", write_vihsd(tmp_path))
    assert split.label_names == ["CLEAN", "OFFENSIVE", "HATE"]
    assert split.labels.count("HATE") == len(HATE)
    assert split.labels.count("OFFENSIVE") == len(OFFENSIVE)
    assert split.texts[0] == CLEAN[0]


def test_victsd_uses_toxicity(tmp_path):
    split = load_split("victsd", "dev", write_victsd(tmp_path))
    assert split.label_names == ["CLEAN", "TOXIC"]
    assert split.labels.count("TOXIC") == len(OFFENSIVE) + len(HATE)


def test_vihos_toxic_when_it_has_a_span(tmp_path):
    split = load_split("vihos", "train", write_vihos(tmp_path))
    assert split.labels.count("CLEAN") == len(CLEAN)
    assert split.labels.count("TOXIC") == len(OFFENSIVE) + len(HATE)


def test_missing_file_gives_vietnamese_error(tmp_path):
    with pytest.raises(DatasetError, match="Không tìm thấy tệp dữ liệu"):
        load_split("vihsd", "test", tmp_path)


def test_unknown_dataset_and_split(tmp_path):
    with pytest.raises(DatasetError, match="Không có bộ dữ liệu"):
        load_split("khac", "test", tmp_path)
    with pytest.raises(DatasetError, match="Không có phần"):
        load_split("vihsd", "valid", tmp_path)


def test_bad_label_and_missing_column_name_the_line(tmp_path):
    folder = tmp_path / "vihsd"
    folder.mkdir()
    (folder / "test.csv").write_text("free_text,label_id\nxin chào,0\nxin chào,7\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="dòng 3"):
        load_split("vihsd", "test", tmp_path)
    (folder / "test.csv").write_text("text,label\nxin chào,0\n", encoding="utf-8")
    with pytest.raises(DatasetError, match="thiếu cột"):
        load_split("vihsd", "test", tmp_path)


def test_broken_encoding_is_reported(tmp_path):
    folder = tmp_path / "vihsd"
    folder.mkdir()
    (folder / "dev.csv").write_bytes(b"free_text,label_id\n\xff\xfe xin,0\n")
    with pytest.raises(DatasetError, match="UTF-8"):
        load_split("vihsd", "dev", tmp_path)


def test_overlap_removal_uses_nfc_space_and_case():
    assert overlap_key("  Xin   CHÀO\n") == overlap_key("xin cha\u0300o")
    from mangxanh.engine.datasets import Split

    train = Split("vihos", "train", ["Xin  chào", "tạm biệt"], ["CLEAN", "CLEAN"], ["CLEAN", "TOXIC"], {})
    test = Split("vihsd", "test", ["xin chào"], ["CLEAN"], ["CLEAN", "OFFENSIVE", "HATE"], {})
    kept, removed = without_overlap(train, test)
    assert removed == 1
    assert kept.texts == ["tạm biệt"]


def test_real_data_if_present():
    try:
        split = load_split("vihsd", "dev")
    except DatasetError:
        pytest.skip("../shared/data not available")
    assert len(split.texts) == 2672
