"""Indicator formulas: a small safe vocabulary, Vietnamese errors at save, values per subtree."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from mangxanh.plans import formula, services
from mangxanh.plans.models import Activity, Distribution, Indicator
from tests.plans.conftest import user

TODAY = dt.date(2026, 11, 20)


@pytest.mark.parametrize("text, message", [
    ("count_activities(type=any) + so_hoc_sinh", "Không có trường dữ liệu «so_hoc_sinh»"),
    ("dem_hoat_dong()", "Không có hàm «dem_hoat_dong»"),
    ("sum_activities(field=teachers)", "Giá trị «teachers» không hợp lệ cho tham số «field»"),
    ("count_activities(kind=training)", "không có tham số «kind»"),
    ("count_activities(type=any", "sai cú pháp"),
    ("__import__('os').system('ls')", "Không có hàm «__import__"),
    ("count_activities.__class__", "chỉ được dùng số"),
    ("share_ack()", "cần tham số: document"),
    ("", "không được để trống"),
    ("1+" * 400 + "1", "quá dài"),
    ("count_units(units=school)[0]", "chỉ được dùng số"),
    ("count_activities(type='\udcff')", "sai cú pháp"),
    ("count_activities(type='banana')", "Giá trị «banana» không hợp lệ"),
])
def test_bad_formulas_get_vietnamese_errors(text, message):
    with pytest.raises(formula.FormulaError, match=message):
        formula.parse(text)


def test_indicator_with_unknown_field_is_refused_at_save_and_not_stored(demo, user_client):
    client = user_client("so.lanhdao")
    response = client.post(reverse("plans:indicator_create"), {
        "name": "Tỷ lệ trường có hoạt động", "formula": "share_units_with_activity(type=any) * so_giao_vien",
        "target": "100", "period": "term", "is_percent": "on"})
    assert response.status_code == 200
    assert "Không có trường dữ liệu «so_giao_vien»" in response.content.decode()
    assert not Indicator.objects.exists()
    indicator = Indicator(unit=demo["SGD-SL"], name="x", formula="count_activities(type=banana)", target=1)
    with pytest.raises(ValidationError):
        indicator.full_clean()


def test_values_over_the_subtree(sent_plan, demo):
    school = demo["THCS-BENTHUY"]
    for code, kind in (("THCS-BENTHUY", "training"), ("THCS-BENTHUY", "article"), ("TH-HONGSON", "banner")):
        Activity.objects.create(unit=demo[code], kind=kind, title="Hoạt động", held_on=dt.date(2026, 10, 1),
                                student_count=100, staff_count=10)
    commune = demo["XA-BENTHUY"]
    assert formula.evaluate("count_activities(type=any)", commune, today=TODAY) == 2
    assert formula.evaluate("sum_activities(field=students)", demo["SGD-SL"], today=TODAY) == 300
    assert formula.evaluate("share_units_with_activity(type=any, period=term)", commune, today=TODAY) == 33.3
    assert formula.evaluate("count_units(units=school)", commune, today=TODAY) == 3
    assert formula.evaluate("count_activities(type=any, period=term)", commune, today=dt.date(2027, 2, 1)) == 0
    services.acknowledge(Distribution.objects.get(document=sent_plan, unit=school), user("thcs.hieutruong"),
                         staff=40, students=500)
    assert formula.evaluate(f"share_ack(document={sent_plan.pk})", commune, today=TODAY) == 25.0
    assert formula.evaluate("count_activities(type=any) / 0", commune, today=TODAY) == 0.0


def test_indicator_screen_shows_progress_against_target(demo, user_client):
    Indicator.objects.create(unit=demo["SGD-SL"], name="Tỷ lệ trường có tập huấn",
                             formula="share_units_with_activity(type=training)", target=100)
    page = user_client("so.lanhdao").get(reverse("plans:indicator_list")).content.decode()
    assert "Tỷ lệ trường có tập huấn" in page and "Chưa đạt" in page


def test_dashboard_shows_indicators_of_the_units_above(demo, user_client):
    Indicator.objects.create(unit=demo["SGD-SL"], name="Tỷ lệ trường có tin bài",
                             formula="share_units_with_activity(type=article)", target=100)
    Activity.objects.create(unit=demo["THCS-BENTHUY"], kind="article", title="Tin", held_on=dt.date.today())
    page = user_client("xa.benthuy").get(reverse("plans:dashboard")).content.decode()
    assert "Tỷ lệ trường có tin bài" in page and ("33.3%" in page or "33,3%" in page)
