"""Policy key model_decides_toxicity: the classifier picks the toxic category, lexicon hits stay as evidence."""

from __future__ import annotations

import pytest

from mangxanh.engine import Engine, PolicyError, load_policy
from mangxanh.engine.detectors.base import finding_at
from mangxanh.engine.detectors.model import TOXIC_CATEGORIES, ModelDetector
from mangxanh.engine.training import train

from ._classifier_helpers import CLEAN, HATE, OFFENSIVE, SMALL_SPEC

TEXT = "Mày là đồ ngu, đm. Gọi 0362123467 nhé."


@pytest.fixture(scope="module")
def model_path(tmp_path_factory):
    texts = CLEAN + OFFENSIVE + HATE
    labels = ["CLEAN"] * len(CLEAN) + ["OFFENSIVE"] * len(OFFENSIVE) + ["HATE"] * len(HATE)
    clf = train(texts, labels, labels=["CLEAN", "OFFENSIVE", "HATE"],
                label_categories={"OFFENSIVE": "offensive", "HATE": "harassment"}, spec=SMALL_SPEC, tune="none")
    path = tmp_path_factory.mktemp("model") / "vihsd-like.npz"
    clf.save(path)
    return path


def _rule_findings():
    return [
        finding_at(TEXT, 0, 13, category="harassment", severity="medium", rule="lexicon.x", explanation="Lăng mạ"),
        finding_at(TEXT, 15, 17, category="offensive", severity="low", rule="lexicon.y", explanation="Chửi thề"),
        finding_at(TEXT, 23, 33, category="personal_data", severity="medium", rule="pd.phone", explanation="Số điện thoại"),
    ]


def test_policy_key_must_be_boolean():
    assert load_policy({"model_decides_toxicity": True}).raw["model_decides_toxicity"] is True
    with pytest.raises(PolicyError, match="model_decides_toxicity phải là true hoặc false"):
        load_policy({"model_decides_toxicity": "có"})


def test_default_policy_keeps_the_union(model_path):
    detector = ModelDetector.build(load_policy(), model_path=model_path)
    assert detector.decides_toxicity is False
    model = [finding_at(TEXT, 0, len(TEXT), category="offensive", severity="low", rule="model.offensive",
                        explanation="Mô hình", score=0.9)]
    combined = detector.combine(_rule_findings(), model)
    assert [f.category for f in combined] == ["harassment", "offensive", "personal_data", "offensive"]


def test_model_says_clean_drops_toxic_lexicon_hits_only(model_path):
    detector = ModelDetector.build(load_policy({"model_decides_toxicity": True}), model_path=model_path)
    combined = detector.combine(_rule_findings(), [])
    assert [f.category for f in combined] == ["personal_data"]


def test_model_category_relabels_lexicon_evidence(model_path):
    detector = ModelDetector.build(load_policy({"model_decides_toxicity": True}), model_path=model_path)
    model = [finding_at(TEXT, 0, len(TEXT), category="offensive", severity="low", rule="model.offensive",
                        explanation="Mô hình", score=0.4)]
    combined = detector.combine(_rule_findings(), model)
    assert sorted({f.category for f in combined}) == ["offensive", "personal_data"]
    # the lexicon's evidence and explanation are kept, only the category follows the model
    lexicon = [f for f in combined if f.rule == "lexicon.x"][0]
    assert (lexicon.evidence, lexicon.explanation) == (TEXT[0:13], "Lăng mạ")


def test_engine_categories_follow_the_model_decision(model_path):
    texts = ["Chúc mừng các em đã hoàn thành tốt kỳ thi.", "đồ ngu, mày cút đi, óc chó", "vcl hôm nay mệt vãi", TEXT, ""]
    engine = Engine(policy={"model_decides_toxicity": True}, model_path=model_path)
    model = [d for d in engine.detectors if d.name == "model"][0]
    decided = model.classifier.predict(texts)
    for text, result, label in zip(texts, engine.scan_many(texts), decided, strict=True):
        toxic = set(result.categories) & TOXIC_CATEGORIES
        expected = set() if not text or label == "CLEAN" else {model.label_categories[label]}
        assert toxic == expected, text
        for f in result.findings:
            assert text[f.start : f.end] == f.evidence
    single = engine.scan(TEXT)
    assert set(single.categories) & TOXIC_CATEGORIES == ({model.label_categories[decided[3]]} if decided[3] != "CLEAN" else set())
