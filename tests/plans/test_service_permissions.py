"""Plan services check their capability themselves: a person without it gets PermissionDenied, nothing stored."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from mangxanh.plans import services
from mangxanh.plans.models import Activity, Distribution, Document, IncidentReport
from tests.plans.conftest import user

pytestmark = pytest.mark.django_db


def test_issuing_needs_plan_issue_on_the_unit(demo):
    documents = Document.objects.count()
    for username in ("thcs.bientap", "xa.hongson"):  # an editor; a leader of another ward
        with pytest.raises(PermissionDenied):
            services.create_from_template("nam-dinh-2024", demo["THCS-BENTHUY"], user(username))
    assert Document.objects.count() == documents
    assert services.create_from_template("nam-dinh-2024", demo["THCS-BENTHUY"], user("xa.benthuy"))


def test_sending_and_reminding_need_plan_issue(plan, demo):
    with pytest.raises(PermissionDenied):
        services.send(plan, [demo["THCS-BENTHUY"]], user("thcs.hieutruong"))
    assert not Distribution.objects.filter(document=plan).exists()
    with pytest.raises(PermissionDenied):
        services.remind(plan, user("so.quantri"))


def test_activities_and_incidents_need_their_capability(demo):
    school = demo["THCS-BENTHUY"]
    data = {"kind": "training", "title": "Tập huấn", "held_on": dt.date(2026, 10, 5)}
    with pytest.raises(PermissionDenied):
        services.record_activity(school, user("thcs.xuly"), data)  # a case officer records no plan activity
    with pytest.raises(PermissionDenied):
        services.raise_incident(school, user("thcs.giaovien"), {"title": "Sự cố", "occurred_on": dt.date(2026, 10, 5),
                                                                "description": "Mô tả", "measures": ""})
    assert not Activity.objects.filter(unit=school).exists()
    assert not IncidentReport.objects.filter(unit=school).exists()


def test_refusals_are_still_validation_errors_for_the_forms(demo):
    with pytest.raises(ValidationError) as error:
        services.create_from_template("nam-dinh-2024", demo["THCS-BENTHUY"], user("thcs.bientap"))
    assert "không có quyền" in error.value.messages[0]


def test_marking_a_plan_received_needs_plan_report_on_the_receiving_unit(sent_plan, demo):
    from mangxanh.plans.models import DistributionStatus

    distribution = Distribution.objects.get(document=sent_plan, unit=demo["THCS-BENTHUY"])
    for username in ("thcs.giaovien", "hongson.bientap"):  # no plan role; an editor of another school
        with pytest.raises(PermissionDenied):
            services.mark_received(distribution, user(username))
    distribution.refresh_from_db()
    assert distribution.status == DistributionStatus.SENT and distribution.received_at is None
    services.mark_received(distribution, user("thcs.bientap"))
    distribution.refresh_from_db()
    assert distribution.status == DistributionStatus.RECEIVED and distribution.received_at


def test_creating_a_report_period_needs_plan_issue_on_the_plan_unit(sent_plan):
    from mangxanh.plans.models import ReportPeriod

    dates = {"starts_on": dt.date(2025, 12, 1), "ends_on": dt.date(2026, 11, 30), "deadline": dt.date(2026, 11, 30)}
    for username in ("thcs.hieutruong", "so.quantri"):  # a school leader below; the Sở's administrator
        with pytest.raises(PermissionDenied):
            services.create_period(sent_plan, user=user(username), name="Báo cáo năm 2026", **dates)
    assert not ReportPeriod.objects.exists()
    services.create_period(sent_plan, user=user("so.lanhdao"), name="Báo cáo năm 2026", **dates)
    assert ReportPeriod.objects.get().document == sent_plan
