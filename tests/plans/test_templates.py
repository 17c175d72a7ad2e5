"""The five seed documents are ready templates; a plan made from one is structured data."""

from __future__ import annotations

import pytest

from mangxanh.plans import services, templates_data
from mangxanh.plans.models import Distribution, Document, DocumentKind
from tests.plans.conftest import user


def test_all_five_seed_documents_are_templates():
    templates = templates_data.all_templates()
    # the five seeds, and the unit's security plan that fills itself (mangxanh.watch.security_plan)
    assert set(templates) == {"nam-dinh-2024", "gia-lam-2021", "thu-thua-2021", "binh-son-2024", "kien-an-2023",
                              "phuong-an-an-ninh-mang"}
    kinds = {code: t.kind for code, t in templates.items()}
    assert kinds["binh-son-2024"] == kinds["kien-an-2023"] == DocumentKind.DIRECTIVE
    for template in templates.values():
        assert template.tasks, template.code
        for task in template.tasks:
            assert task["text"].strip()


def test_thu_thua_reporting_date_and_targets(demo):
    document = services.create_from_template("thu-thua-2021", demo["XA-BENTHUY"], user("xa.benthuy"))
    assert (document.report_day, document.report_month) == (30, 11)
    first = document.tasks.first()
    assert first.target_percent == 100 and "100%" in first.target
    levels = {t.school_level for t in first.assigned_types.all()}
    assert levels == {"tieu_hoc", "thcs", "lien_cap"}


def test_nam_dinh_plan_has_tasks_assignments_and_due_date(plan):
    assert plan.unit.code == "SGD-SL" and plan.symbol == "KH-SGDĐT" and plan.place == "Sông Lam"
    tasks = list(plan.tasks.all())
    assert len(tasks) == 9
    banner = next(t for t in tasks if "pano" in t.text)
    assert banner.activity_kinds == "banner"
    assert {t.kind for t in banner.assigned_types.all()} == {"school"}
    assert tasks[-1].due_date.isoformat() == "2026-06-30"


def test_unknown_template_is_refused_and_nothing_stored(demo):
    with pytest.raises(Exception, match="Không có mẫu"):
        services.create_from_template("khong-co", demo["SGD-SL"], user("so.lanhdao"))
    assert not Document.objects.exists()


def test_school_implements_the_higher_plan_with_a_linked_prefilled_plan(sent_plan, demo):
    distribution = Distribution.objects.get(document=sent_plan, unit=demo["THCS-BENTHUY"])
    own = services.implement(distribution, user("thcs.hieutruong"))
    assert own.parent == sent_plan and own.unit == demo["THCS-BENTHUY"]
    assert own.title == sent_plan.title and sent_plan.unit.short_name in own.basis
    # Only the tasks assigned to schools, each now assigned to this school.
    assert own.tasks.count() == sent_plan.tasks.filter(assigned_types__kind="school").distinct().count() + 1
    assert all(demo["THCS-BENTHUY"] in t.assigned_units.all() for t in own.tasks.all())
    assert services.implement(distribution, user("thcs.hieutruong")) == own  # no duplicate
