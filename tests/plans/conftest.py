"""Fixtures for plans: a Nam Định-template plan of the demo Sở, sent to all schools."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from mangxanh.org.models import UnitKind, UnitType
from mangxanh.plans import services


def user(username: str):
    return get_user_model().objects.get(username=username)


@pytest.fixture
def plan(demo):
    document = services.create_from_template("nam-dinh-2024", demo["SGD-SL"], user("so.lanhdao"), year=2026)
    return document


@pytest.fixture
def sent_plan(plan, demo):
    schools = UnitType.objects.filter(kind__in=[UnitKind.SCHOOL, UnitKind.COMMUNE, UnitKind.DISTRICT_LEGACY])
    units = services.recipients_for(plan, type_ids=[t.pk for t in schools])
    services.send(plan, units, user("so.lanhdao"))
    return plan


@pytest.fixture
def period(sent_plan):
    return services.create_period(sent_plan, user=user("so.lanhdao"), name="Báo cáo năm 2026", starts_on=dt.date(2025, 12, 1),
                                  ends_on=dt.date(2026, 11, 30), deadline=dt.date(2026, 11, 30))


def document_text(document) -> str:
    """All the text of a Word document: paragraphs, then every table cell."""
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                parts.append(cell.text)
    return "\n".join(parts)
