"""SVM + NB-SVM ensemble, cross-validated tuning and the train command's option checks."""

from __future__ import annotations

import json

import numpy as np
import pytest
from django.core.management import CommandError, call_command

from mangxanh.engine.classifier import TextClassifier
from mangxanh.engine.training import TrainingError, train

from ._classifier_helpers import CLEAN, HATE, OFFENSIVE, SMALL_SPEC, write_vihsd

TEXTS = CLEAN + OFFENSIVE + HATE
LABELS3 = ["CLEAN"] * len(CLEAN) + ["OFFENSIVE"] * len(OFFENSIVE) + ["HATE"] * len(HATE)
CATEGORIES3 = {"OFFENSIVE": "offensive", "HATE": "harassment"}


def test_cv_tuning_merges_the_ensemble_into_one_linear_model(tmp_path):
    clf = train(
        TEXTS, LABELS3, labels=["CLEAN", "OFFENSIVE", "HATE"], label_categories=CATEGORIES3,
        dev_texts=TEXTS[:3] + TEXTS[-3:], dev_labels=LABELS3[:3] + LABELS3[-3:], spec=SMALL_SPEC,
        models=("svm", "nbsvm"), folds=3,
    )
    info = clf.provenance
    assert info["tune"] == "cv" and info["cv_folds"] == 3 and info["merged"] is True
    assert info["train_rows"] == len(TEXTS) and info["fit_rows"] == len(TEXTS) + 6
    assert 0.0 <= info["cv_macro_f1_untuned"] <= info["cv_macro_f1"] <= 1.0
    # one model of three rows: scoring costs the same as a single SVM
    assert clf.weights.shape == (3, 1 << SMALL_SPEC.bits) and clf.scales == [1.0]
    assert clf.predict(["Chúc mừng các em đã hoàn thành tốt kỳ thi.", "đồ ngu, mày cút đi, óc chó"]) == ["CLEAN", "HATE"]
    path = tmp_path / "m.npz"
    clf.save(path)
    loaded = TextClassifier.load(path)
    texts = ["vcl mệt vãi", "Cô giáo rất tận tâm"]
    assert np.allclose(loaded.predict_proba(texts), clf.predict_proba(texts), atol=1e-5)


def test_nbsvm_alone_binary_and_dev_tuning():
    labels = ["CLEAN" if lab == "CLEAN" else "TOXIC" for lab in LABELS3]
    clf = train(
        TEXTS, labels, labels=["CLEAN", "TOXIC"], label_categories={"TOXIC": "offensive"},
        dev_texts=TEXTS, dev_labels=labels, spec=SMALL_SPEC, models=("nbsvm",), tune="dev",
    )
    assert clf.provenance["dev_macro_f1"] >= 0.9 and "cv_folds" not in clf.provenance
    assert clf.predict(["đm vãi lồn", "Chúc mừng các em"]) == ["TOXIC", "CLEAN"]


def test_too_few_rows_for_folds_skips_tuning_instead_of_failing():
    clf = train(
        ["Chúc mừng các em", "đm vãi lồn", "Lớp mình đi tham quan"], ["CLEAN", "TOXIC", "CLEAN"],
        labels=["CLEAN", "TOXIC"], label_categories={"TOXIC": "offensive"}, spec=SMALL_SPEC,
    )
    assert "cv_folds" not in clf.provenance and list(clf.bias) == [0.0, 0.0]


def test_bad_training_arguments():
    args = dict(labels=["CLEAN", "TOXIC"], label_categories={"TOXIC": "offensive"}, spec=SMALL_SPEC)
    with pytest.raises(TrainingError, match="models"):
        train(["a", "b"], ["CLEAN", "TOXIC"], models=("forest",), **args)
    with pytest.raises(TrainingError, match="tuning"):
        train(["a", "b"], ["CLEAN", "TOXIC"], tune="test", **args)
    with pytest.raises(TrainingError, match="unknown labels"):
        train(["a", "b"], ["CLEAN", "TOXIC"], dev_texts=["c"], dev_labels=["HATE"], **args)
    with pytest.raises(TrainingError, match="dev texts"):
        train(["a", "b"], ["CLEAN", "TOXIC"], dev_texts=["c", "d"], dev_labels=["CLEAN"], **args)


@pytest.mark.parametrize(
    "option, value, message",
    [
        ("--models", "svm,forest", "--models chỉ nhận"),
        ("--models", "svm,svm", "--models chỉ nhận"),
        ("--models", ",", "--models chỉ nhận"),
        ("--folds", "1", "--folds phải từ 2 đến 20"),
        ("--C", "-1", "--C phải là số dương"),
    ],
)
def test_train_command_rejects_bad_options_in_vietnamese(tmp_path, option, value, message):
    data = write_vihsd(tmp_path / "data")
    out = tmp_path / "m.npz"
    with pytest.raises(CommandError, match=message):
        call_command("train", "--dataset", "vihsd", "--data-dir", str(data), "--out", str(out), option, value)
    assert not out.exists()


def test_train_command_dev_tuning_and_provenance(tmp_path):
    data = write_vihsd(tmp_path / "data")
    out = tmp_path / "m.npz"
    call_command("train", "--dataset", "vihsd", "--data-dir", str(data), "--out", str(out), "--tune", "dev",
                 "--models", "svm")
    info = json.loads(out.with_suffix(".json").read_text(encoding="utf-8"))
    assert info["tune"] == "dev" and info["models"] == ["svm"] and "dev_macro_f1" in info
    assert info["spec"]["bits"] == 20
