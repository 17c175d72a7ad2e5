"""Policies: defaults, organisation overrides, Vietnamese errors for bad files."""

import pytest

from mangxanh.engine import Engine, PolicyError, load_policy


def test_default_policy():
    p = load_policy()
    assert p.category("misinformation").never_block
    assert p.category("child_abuse").block_severity == "critical"


def test_override_merges_over_default(tmp_path):
    f = tmp_path / "p.yaml"
    f.write_text("categories:\n  offensive: {review_at: 0.9}\n", encoding="utf-8")
    p = load_policy(str(f))
    assert p.category("offensive").review_at == 0.9
    assert p.category("violence").block_at == 0.9


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([1, 2], "đường dẫn tệp YAML, một dict"),
        ({"foo": 1}, "Khóa không hợp lệ"),
        ({"categories": {"politics": {}}}, "danh mục không hợp lệ"),
        ({"categories": {"offensive": {"review_at": 2}}}, "từ 0 đến 1"),
        ({"categories": {"offensive": {"severity": "huge"}}}, "phải là một trong"),
        ({"categories": {"offensive": {"review_at": 0.9, "block_at": 0.5}}}, "nhỏ hơn hoặc bằng"),
        ({"rules": {"keywords": [{"category": "hate"}]}}, "thiếu 'term'"),
        ({"rules": {"patterns": [{"pattern": "(?=x)", "category": "hate"}]}}, "RE2"),
        ({"rules": {"allow": [""]}}, "không rỗng"),
    ],
)
def test_bad_policies(data, message):
    with pytest.raises(PolicyError, match=message):
        load_policy(data)


def test_missing_and_broken_files(tmp_path):
    with pytest.raises(PolicyError, match="Không tìm thấy"):
        load_policy(str(tmp_path / "nope.yaml"))
    broken = tmp_path / "b.yaml"
    broken.write_text("categories: [\n", encoding="utf-8")
    with pytest.raises(PolicyError, match="không phải YAML hợp lệ"):
        load_policy(str(broken))


def test_org_rules_keywords_patterns_allow_and_custom_categories():
    engine = Engine(
        {
            "rules": {
                "keywords": [{"term": "trường cũ", "category": "custom:ten-cu", "score": 0.6}],
                "patterns": [{"pattern": r"HS-\d{6}", "category": "personal_data", "explanation": "Mã học sinh"}],
                "allow": ["thằng ngu"],
            }
        },
        model_path=False,
    )
    r = engine.scan("Trường cũ, mã HS-123456, thằng ngu")
    cats = {(f.category, f.evidence) for f in r.findings}
    assert ("custom:ten-cu", "Trường cũ") in cats
    assert ("personal_data", "HS-123456") in cats
    assert not any(f.category == "harassment" for f in r.findings)
    assert r.verdict == "review"


def test_debunk_list_exact_and_near():
    engine = Engine({"rules": {"debunk": [{"claim": "Bộ GD bỏ kỳ thi tốt nghiệp năm nay", "note": "Sở đã bác bỏ"}]}}, model_path=False)
    r = engine.scan("Mọi người ơi bo GD bo ky thi tot nghiep nam nay rồi")
    assert any(f.rule == "misinformation.debunk" for f in r.findings)
    assert r.verdict == "review"
