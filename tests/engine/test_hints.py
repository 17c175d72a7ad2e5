"""Hint tokens: the rules' findings as classifier features, the same from the engine and alone."""

from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from mangxanh.engine import Engine
from mangxanh.engine.detectors.model import ModelDetector
from mangxanh.engine.features import FeatureSpec, block_occurrences
from mangxanh.engine.hints import MAX_HINTS, finding_hints, text_hints
from mangxanh.engine.result import Finding
from mangxanh.engine.training import train

from ._classifier_helpers import CLEAN, HATE, OFFENSIVE, SMALL_SPEC

HINT_SPEC = dataclasses.replace(SMALL_SPEC, hints=True)


def _finding(rule: str, category: str = "offensive", evidence: str = "x", severity: str = "low") -> Finding:
    return Finding(category=category, severity=severity, rule=rule, start=0, end=len(evidence),
                   evidence=evidence, explanation="…")


def test_lexicon_hit_gives_category_severity_and_folded_term():
    hints = finding_hints([_finding("lexicon.offensive", evidence="Đ.ị.t Mẹ")])
    assert hints == ["cat:offensive", "sev:offensive:low", "term:ditme"]


def test_other_rules_give_no_term_and_policy_rules_give_nothing():
    hints = finding_hints([
        _finding("scam.otp", category="scam", evidence="mã OTP", severity="high"),
        _finding("org.keyword", category="harassment", evidence="từ riêng"),
        _finding("misinformation.debunk", category="misinformation", evidence="tin đồn"),
        _finding("model.toxic", evidence="cả câu"),
    ])
    assert hints == ["cat:scam", "sev:scam:high"]


def test_hints_are_bounded_and_space_free():
    findings = [_finding("lexicon.offensive", evidence=f"từ {i} dài") for i in range(500)]
    hints = finding_hints(findings)
    assert len(hints) == MAX_HINTS
    assert all(" " not in h and "\n" not in h for h in hints)


def test_text_hints_see_obfuscated_and_unaccented_insults():
    clean, rude, plain = text_hints(["Chúc các em thi tốt", "đ.ị.t m.ẹ thằng ngu", "do oc cho"])
    assert clean == []
    assert "cat:offensive" in rude
    assert any(h.startswith("cat:") for h in plain)


def test_hint_block_needs_one_list_per_text():
    with pytest.raises(ValueError):
        block_occurrences(["một", "hai"], HINT_SPEC, [["cat:hate"]])
    with pytest.raises(ValueError):
        block_occurrences(["một"], HINT_SPEC, None)


def test_spec_round_trip_and_old_files_without_hints():
    assert FeatureSpec.from_dict(HINT_SPEC.to_dict()) == HINT_SPEC
    old = SMALL_SPEC.to_dict()
    del old["hints"]
    assert FeatureSpec.from_dict(old).hints is False
    with pytest.raises(ValueError):
        FeatureSpec.from_dict({**old, "hints": "có"})


@pytest.fixture(scope="module")
def hint_model(tmp_path_factory):
    texts = CLEAN + OFFENSIVE + HATE
    labels = ["CLEAN"] * len(CLEAN) + ["OFFENSIVE"] * len(OFFENSIVE) + ["HATE"] * len(HATE)
    clf = train(texts, labels, labels=["CLEAN", "OFFENSIVE", "HATE"],
                label_categories={"HATE": "harassment", "OFFENSIVE": "offensive"}, spec=HINT_SPEC)
    path = tmp_path_factory.mktemp("model") / "hints.npz"
    clf.save(path)
    return clf, path


TEXTS = ["Lớp mình đi tham quan bảo tàng", "đ.ị.t mẹ thằng kia ngu vãi", "do oc cho, cut di", "", "x " * 3000]


def test_hints_change_the_scores(hint_model):
    clf, _ = hint_model
    given = clf.predict_proba(TEXTS[1:3], [["cat:offensive"], []])
    worked_out = clf.predict_proba(TEXTS[1:3])
    assert not np.allclose(given, worked_out)


def test_engine_passes_the_same_hints_the_classifier_works_out(hint_model):
    clf, path = hint_model
    engine = Engine(model_path=path)
    detector = next(d for d in engine.detectors if isinstance(d, ModelDetector))
    alone = clf.predict_proba(TEXTS)
    from mangxanh.engine import _normalize

    norms = [_normalize(t) for t in TEXTS]
    rule_findings = [engine._rule_findings(n) for n in norms]
    hints = [finding_hints(f) for f in rule_findings]
    np.testing.assert_allclose(clf.predict_proba(TEXTS, hints), alone, atol=1e-6)
    # and a scan through the engine runs (one text or a batch) with offsets intact
    for result, text in zip(engine.scan_many(TEXTS), TEXTS, strict=True):
        assert all(text[f.start : f.end] == f.evidence for f in result.findings)
    assert engine.scan(TEXTS[1]).verdict != "allow"
    assert len(detector.detect_many(norms, rule_findings)) == len(TEXTS)


def test_saved_model_keeps_its_hint_block(hint_model):
    from mangxanh.engine.classifier import TextClassifier

    clf, path = hint_model
    loaded = TextClassifier.load(path)
    assert loaded.spec.hints is True
    np.testing.assert_allclose(loaded.predict_proba(TEXTS), clf.predict_proba(TEXTS), atol=1e-5)


def test_wrong_number_of_hint_lists_is_refused(hint_model):
    clf, _ = hint_model
    with pytest.raises(ValueError):
        clf.predict_proba(TEXTS, [[]])


def test_shipped_model_was_trained_with_these_rules():
    from mangxanh.engine.classifier import DEFAULT_MODEL_PATH, TextClassifier
    from mangxanh.engine.hints import rules_digest

    if not DEFAULT_MODEL_PATH.is_file():
        pytest.skip("no classifier shipped in this checkout")
    shipped = TextClassifier.load(DEFAULT_MODEL_PATH)
    assert shipped.spec.hints
    assert shipped.provenance.get("rules_digest") == rules_digest(), (
        "the lexicons or signals changed since the shipped model was trained: retrain it with "
        "`mangxanh train --dataset vihos --with-own --out mangxanh/engine/data/model/classifier.npz`"
    )


def test_rules_digest_follows_the_rule_files(tmp_path):
    import shutil

    from mangxanh.engine.hints import DATA_DIR, rules_digest

    for sub in ("lexicons", "signals"):
        shutil.copytree(DATA_DIR / sub, tmp_path / sub)
    shutil.copy(DATA_DIR / "teencode.tsv", tmp_path / "teencode.tsv")
    shutil.copy(DATA_DIR / "frames.yaml", tmp_path / "frames.yaml")
    assert rules_digest(tmp_path) == rules_digest()
    with open(tmp_path / "lexicons" / "offensive.yaml", "a", encoding="utf-8") as fh:
        fh.write("  - một từ mới\n")
    assert rules_digest(tmp_path) != rules_digest()
    shutil.copy(DATA_DIR / "lexicons" / "offensive.yaml", tmp_path / "lexicons" / "offensive.yaml")
    with open(tmp_path / "frames.yaml", "a", encoding="utf-8") as fh:
        fh.write("# a frame edit moves the hints too\n")
    assert rules_digest(tmp_path) != rules_digest()


def test_a_model_trained_under_other_rules_is_flagged(hint_model, tmp_path, caplog):
    from mangxanh.engine.classifier import TextClassifier
    from mangxanh.engine.hints import is_stale

    clf, _ = hint_model
    assert clf.provenance["rules_digest"] and not is_stale(clf)
    stale = TextClassifier.load(hint_model[1])
    stale.provenance["rules_digest"] = "0" * 64
    path = tmp_path / "stale.npz"
    stale.save(path)
    assert is_stale(TextClassifier.load(path))
    with caplog.at_level("WARNING", logger="mangxanh.engine.detectors.model"):
        engine = Engine(model_path=path)
    assert "trained with other lexicons" in caplog.text
    assert engine.scan("đồ óc chó").verdict != "allow"  # it still scores
