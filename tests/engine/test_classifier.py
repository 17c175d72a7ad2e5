"""TextClassifier: preprocessing, scoring, safe save/load."""

from __future__ import annotations

import pickle
import zipfile

import numpy as np
import pytest

from mangxanh.engine.classifier import DEFAULT_MODEL_PATH, ModelError, TextClassifier
from mangxanh.engine.features import accented_key, fold, keys
from mangxanh.engine.training import train

from ._classifier_helpers import CLEAN, HATE, OFFENSIVE, SMALL_SPEC


@pytest.fixture(scope="module")
def small_model() -> TextClassifier:
    texts = CLEAN + OFFENSIVE + HATE
    labels = ["CLEAN"] * len(CLEAN) + ["OFFENSIVE"] * len(OFFENSIVE) + ["HATE"] * len(HATE)
    return train(
        texts, labels, labels=["CLEAN", "OFFENSIVE", "HATE"],
        label_categories={"HATE": "harassment", "OFFENSIVE": "offensive"}, spec=SMALL_SPEC,
    )


def test_keys_fold_accents_and_expand_teen_code():
    acc, folded = keys("ĐM thằng này NGUUUUU vãi, ko biết j")
    assert acc == "địt mẹ thằng này ngu vãi , không biết gì"
    assert folded == "dit me thang nay ngu vai , khong biet gi"


def test_unaccented_and_accented_text_share_the_folded_key():
    assert keys("Đồ óc chó")[1] == keys("do oc cho")[1]


def test_tone_mark_placement_and_nfd_input_give_one_key():
    assert accented_key("hoà thuỷ") == accented_key("hòa thủy")
    assert accented_key("ho\u0300a") == accented_key("hòa")  # decomposed input
    assert fold("đường") == "duong"


def test_predict_proba_shape_and_sums(small_model):
    proba = small_model.predict_proba(["Chúc các em thi tốt", "đồ óc chó", "", "x" * 5000])
    assert proba.shape == (4, 3)
    np.testing.assert_allclose(proba.sum(axis=1), 1.0, rtol=1e-6)
    assert small_model.predict_proba([]).shape == (0, 3)


def test_learns_the_obvious(small_model):
    assert small_model.predict(["Nhà trường thông báo lịch họp phụ huynh", "thằng ngu, đồ óc chó"]) == ["CLEAN", "HATE"]


def test_long_text_is_judged_by_its_worst_window(small_model):
    clean_part = "Nhà trường thông báo lịch họp phụ huynh. " * 200
    toxic_part = " Thằng kia ngu như bò, đồ óc chó, cút đi."
    short_toxic = small_model.predict_proba([toxic_part])[0]
    long_text = small_model.predict_proba([clean_part + toxic_part])[0]
    clean = small_model.labels.index("CLEAN")
    assert long_text[clean] < 0.5
    assert abs(long_text[clean] - short_toxic[clean]) < 0.3


def test_bad_input_types(small_model):
    with pytest.raises(TypeError):
        small_model.predict_proba("một chuỗi, không phải danh sách")
    with pytest.raises(TypeError):
        small_model.predict_proba(["ok", None])
    # lone surrogates and control characters do not break scoring
    assert small_model.predict_proba(["\ud800 lỗi \x00\u200b mã"]).shape == (1, 3)


def test_save_load_round_trip(small_model, tmp_path):
    path = tmp_path / "m.npz"
    small_model.save(path)
    loaded = TextClassifier.load(path)
    assert loaded.labels == small_model.labels
    assert loaded.label_categories == {"HATE": "harassment", "OFFENSIVE": "offensive"}
    texts = CLEAN + HATE + ["văn bản mới chưa gặp"]
    np.testing.assert_allclose(loaded.predict_proba(texts), small_model.predict_proba(texts), atol=1e-5)


def test_pickle_file_is_refused(tmp_path):
    path = tmp_path / "evil.npz"
    path.write_bytes(pickle.dumps({"weights": [1, 2, 3]}))
    with pytest.raises(ModelError):
        TextClassifier.load(path)


def test_npz_with_object_array_is_refused(small_model, tmp_path):
    path = tmp_path / "m.npz"
    small_model.save(path)
    with np.load(path) as archive:
        arrays = {name: archive[name] for name in archive.files}
    arrays["weights"] = np.array([{"x": 1}], dtype=object)
    evil = tmp_path / "evil.npz"
    np.savez(evil, **arrays)  # stores the object array as a pickle inside the zip
    with pytest.raises(ModelError):
        TextClassifier.load(evil)


def test_extra_or_malformed_content_is_refused(small_model, tmp_path):
    path = tmp_path / "m.npz"
    small_model.save(path)
    with zipfile.ZipFile(path, "a") as archive:
        archive.writestr("extra.npy", b"not an array")
    with pytest.raises(ModelError):
        TextClassifier.load(path)
    broken = tmp_path / "broken.npz"
    broken.write_bytes(b"PK\x03\x04 garbage")
    with pytest.raises(ModelError):
        TextClassifier.load(broken)
    with pytest.raises(FileNotFoundError):
        TextClassifier.load(tmp_path / "missing.npz")


def test_shipped_model_loads_and_flags_toxic_text():
    if not DEFAULT_MODEL_PATH.is_file():
        pytest.skip("no shipped model")
    clf = TextClassifier.load(DEFAULT_MODEL_PATH)
    assert clf.labels == ["CLEAN", "TOXIC"]
    assert clf.label_categories == {"TOXIC": "offensive"}
    assert clf.predict(["Chúc mừng các em học sinh đạt giải", "đm thằng óc chó ngu vcl"]) == ["CLEAN", "TOXIC"]
    assert (DEFAULT_MODEL_PATH.parent / "LICENSE-ViHOS").is_file()
