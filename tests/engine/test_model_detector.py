"""The classifier wrapper: inactive without a model, clear error for a missing --model file."""

import pytest

from mangxanh.engine import Engine, load_policy
from mangxanh.engine.detectors.model import ModelDetector
from mangxanh.engine.normalize import normalize


def test_disabled():
    assert ModelDetector.build(load_policy(), model_path=False) is None
    assert not any(d.name == "model" for d in Engine(model_path=False).detectors)


def test_missing_model_file_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="Không tìm thấy tệp mô hình"):
        Engine(model_path=tmp_path / "none.npz")


def test_default_model_if_shipped():
    engine = Engine()
    model = [d for d in engine.detectors if d.name == "model"]
    if not model:
        pytest.skip("no classifier shipped in this checkout")
    results = engine.scan_many(["Hôm nay lớp mình đi tham quan", "  ", "địt mẹ thằng ngu"])
    for r, text in zip(results, ["Hôm nay lớp mình đi tham quan", "  ", "địt mẹ thằng ngu"], strict=True):
        for f in r.findings:
            assert text[f.start : f.end] == f.evidence
    assert results[1].findings == []


def test_model_findings_explain_themselves_in_vietnamese():
    engine = Engine()
    if not any(d.name == "model" for d in engine.detectors):
        pytest.skip("no classifier shipped in this checkout")
    detector = next(d for d in engine.detectors if d.name == "model")
    model = detector.detect_many([normalize("thằng kia ngu như chó, cút mẹ mày đi")])[0]
    assert model
    assert all("độc hại" in f.explanation and "TOXIC" not in f.explanation for f in model)
