"""Metrics, label mapping and the evaluate command on tiny files."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from mangxanh.engine.evaluation import label_from_categories, macro_f1, metrics

from ._classifier_helpers import write_victsd, write_vihsd


def test_macro_f1_and_accuracy():
    m = metrics(["A", "A", "B", "B"], ["A", "B", "B", "B"], ["A", "B"])
    assert m["accuracy"] == 0.75
    assert m["macro_f1"] == pytest.approx((2 / 3 + 0.8) / 2, abs=1e-4)
    assert macro_f1([0, 0], [0, 0], 2) == 0.5  # an unseen class scores 0


def test_engine_categories_map_to_labels():
    names3 = ["CLEAN", "OFFENSIVE", "HATE"]
    assert label_from_categories({"harassment", "offensive"}, names3) == "HATE"
    assert label_from_categories({"hate"}, names3) == "HATE"
    assert label_from_categories({"offensive", "scam"}, names3) == "OFFENSIVE"
    assert label_from_categories({"personal_data"}, names3) == "CLEAN"
    assert label_from_categories({"offensive"}, ["CLEAN", "TOXIC"]) == "TOXIC"
    assert label_from_categories(set(), ["CLEAN", "TOXIC"]) == "CLEAN"


@pytest.fixture
def tiny_model(tmp_path):
    data = write_vihsd(tmp_path / "data")
    write_victsd(data)
    out = tmp_path / "model.npz"
    call_command("train", "--dataset", "vihsd", "--data-dir", str(data), "--out", str(out))
    return data, out


def test_evaluate_json_same_labels(tiny_model):
    data, model = tiny_model
    stdout = StringIO()
    call_command("evaluate", "--dataset", "vihsd", "--split", "test", "--data-dir", str(data), "--model", str(model),
                 "--json", "--no-engine", stdout=stdout)
    report = json.loads(stdout.getvalue())
    assert report["classifier"]["labels"]["macro_f1"] >= 0.8
    assert "binary" in report["classifier"]
    assert report["engine"] is None


def test_evaluate_three_class_model_on_binary_set_with_engine(tiny_model):
    data, model = tiny_model
    stdout = StringIO()
    call_command("evaluate", "--dataset", "victsd", "--data-dir", str(data), "--model", str(model), stdout=stdout)
    text = stdout.getvalue()
    assert "Bộ phân loại (nhãn của bộ dữ liệu): accuracy" in text
    assert "Toàn bộ engine" in text


def test_evaluate_errors_are_vietnamese(tmp_path, tiny_model):
    data, model = tiny_model
    with pytest.raises(CommandError, match="Không tìm thấy tệp dữ liệu"):
        call_command("evaluate", "--dataset", "vihos", "--data-dir", str(data), "--model", str(model))
    bad = tmp_path / "bad.npz"
    bad.write_bytes(b"\x80\x04 pickle")
    with pytest.raises(CommandError, match="Không đọc được tệp mô hình"):
        call_command("evaluate", "--dataset", "vihsd", "--data-dir", str(data), "--model", str(bad))
    with pytest.raises(CommandError, match="Không tìm thấy tệp mô hình"):
        call_command("evaluate", "--dataset", "vihsd", "--data-dir", str(data), "--model", str(tmp_path / "none.npz"))


def test_evaluate_warns_about_a_model_trained_under_other_rules(tiny_model, tmp_path):
    from mangxanh.engine.classifier import TextClassifier

    data, model = tiny_model
    stale = TextClassifier.load(model)
    stale.provenance["rules_digest"] = "f" * 64
    stale_path = tmp_path / "stale.npz"
    stale.save(stale_path)
    stdout, stderr = StringIO(), StringIO()
    call_command("evaluate", "--dataset", "vihsd", "--data-dir", str(data), "--model", str(stale_path),
                 "--json", "--no-engine", stdout=stdout, stderr=stderr)
    assert json.loads(stdout.getvalue())["model_stale"] is True
    assert "bộ từ điển và tín hiệu khác" in stderr.getvalue()
    fresh = StringIO()
    call_command("evaluate", "--dataset", "vihsd", "--data-dir", str(data), "--model", str(model),
                 "--json", "--no-engine", stdout=fresh)
    assert json.loads(fresh.getvalue())["model_stale"] is False
