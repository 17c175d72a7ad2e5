"""A unit's policy changes apply to it and the units below it, never to its siblings."""

import pytest
import yaml
from django.core.exceptions import ValidationError

from mangxanh.scanning.models import QuickCheck, UnitPolicy
from mangxanh.scanning.policies import engine_for_unit, unit_policy_dict
from mangxanh.scanning.service import perform_scan, request_scan

KEYWORD = """
rules:
  keywords:
    - {term: "hội đồng đen", category: "custom:noi-bo", severity: high, score: 0.9,
       explanation: "Từ ngữ nội bộ cần ban biên tập xem"}
"""


def scan_in(demo, code: str, text: str):
    from django.contrib.auth import get_user_model

    user = get_user_model().objects.get(username="admin")
    check = QuickCheck.objects.create(user=user, unit=demo[code], text=text)
    return perform_scan(request_scan(check))


def test_commune_keyword_reaches_its_schools_but_not_the_neighbours(demo):
    UnitPolicy.objects.create(unit=demo["XA-BENTHUY"], policy_yaml=KEYWORD)
    text = "Thông báo họp hội đồng đen vào thứ hai."
    assert "custom:noi-bo" in scan_in(demo, "THCS-BENTHUY", text).categories
    assert "custom:noi-bo" in scan_in(demo, "XA-BENTHUY", text).categories
    assert "custom:noi-bo" not in scan_in(demo, "THCS-HONGSON", text).categories
    assert "custom:noi-bo" not in scan_in(demo, "SGD-SL", text).categories


def test_lower_units_override_higher_ones(demo):
    UnitPolicy.objects.create(
        unit=demo["SGD-SL"], policy_yaml="categories:\n  personal_data: {review_at: 0.9}\n"
    )
    UnitPolicy.objects.create(
        unit=demo["THCS-BENTHUY"], policy_yaml="categories:\n  personal_data: {review_at: 0.2}\n"
    )
    assert unit_policy_dict(demo["THCS-BENTHUY"])["categories"]["personal_data"]["review_at"] == 0.2
    assert unit_policy_dict(demo["THCS-HONGSON"])["categories"]["personal_data"]["review_at"] == 0.9
    engine_a, digest_a = engine_for_unit(demo["THCS-BENTHUY"])
    engine_b, digest_b = engine_for_unit(demo["TH-BENTHUY"])
    assert digest_a != digest_b and engine_a is not engine_b


def test_units_with_the_same_policy_share_one_engine(demo):
    engine_a, _ = engine_for_unit(demo["THCS-BENTHUY"])
    engine_b, _ = engine_for_unit(demo["THCS-HONGSON"])
    assert engine_a is engine_b


@pytest.mark.parametrize(
    ("yaml_text", "message"),
    [
        ("categories: [", "không phải YAML hợp lệ"),
        ("- a\n- b\n", "phải là một bảng YAML"),
        ("rules:\n  patterns:\n    - {pattern: '(a', category: scam}\n", "rules.patterns[0]"),
        ("khong_biet: 1\n", "Khóa"),
    ],
)
def test_a_bad_policy_is_refused_in_vietnamese(demo, yaml_text, message):
    policy = UnitPolicy(unit=demo["THCS-BENTHUY"], policy_yaml=yaml_text)
    with pytest.raises(ValidationError) as exc:
        policy.full_clean()
    assert message in str(exc.value)


def test_the_unit_chain_and_the_engine_merge_policies_the_same_way(demo):
    """One merge (engine.policy.merge_policy): the units' changes merged from the root down and then over
    the default give the same policy as merging each unit over the default in turn; a keyword both units
    list is kept once, category settings are merged key by key."""
    from mangxanh.engine.policy import default_policy_dict, merge_policy

    department = "categories:\n  personal_data: {review_at: 0.9, block_at: 0.95}\n" + KEYWORD
    school = "categories:\n  personal_data: {review_at: 0.2}\n" + KEYWORD
    UnitPolicy.objects.create(unit=demo["SGD-SL"], policy_yaml=department)
    UnitPolicy.objects.create(unit=demo["THCS-BENTHUY"], policy_yaml=school)
    step_by_step = merge_policy(merge_policy(default_policy_dict(), yaml.safe_load(department)),
                                yaml.safe_load(school))
    engine, _ = engine_for_unit(demo["THCS-BENTHUY"])
    assert engine.policy.raw == step_by_step
    assert len(step_by_step["rules"]["keywords"]) == 1
    assert step_by_step["categories"]["personal_data"]["review_at"] == 0.2
    assert step_by_step["categories"]["personal_data"]["block_at"] == 0.95
    assert step_by_step["categories"]["personal_data"]["severity"] == "medium"  # the default's, kept
    assert unit_policy_dict(demo["THCS-BENTHUY"])["rules"]["keywords"] == step_by_step["rules"]["keywords"]
