"""Screens: each page answers its people, drill-down stays in scope, the school builds its own plan."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from mangxanh.plans.models import Activity, Distribution, Document, ReportPeriod


@pytest.mark.parametrize("name", ["plans:document_list", "plans:activity_list", "plans:indicator_list",
                                  "plans:dashboard", "plans:report_list", "plans:incident_list"])
def test_lists_render_for_a_school_and_the_department(name, sent_plan, period, user_client):
    for username in ("thcs.hieutruong", "so.lanhdao", "thcs.giaovien"):
        response = user_client(username).get(reverse(name))
        assert response.status_code == 200, (name, username)
        assert 'lang="vi"' in response.content.decode()


def test_department_sees_tasks_and_who_has_not_acknowledged(sent_plan, user_client):
    page = user_client("so.lanhdao").get(reverse("plans:document_detail", args=[sent_plan.pk])).content.decode()
    assert "100% các trường" in page and "Trường THCS Bến Thủy" in page and "Chưa nhận" in page


def test_school_sees_the_received_plan_but_not_other_recipients(sent_plan, user_client):
    page = user_client("thcs.hieutruong").get(reverse("plans:document_detail", args=[sent_plan.pk])).content.decode()
    assert "Nắm chắc" in page and "Trường THCS Hồng Sơn" not in page


def test_school_builds_its_own_plan_through_the_screen(sent_plan, demo, user_client):
    distribution = Distribution.objects.get(document=sent_plan, unit=demo["THCS-BENTHUY"])
    client = user_client("thcs.hieutruong")
    response = client.post(reverse("plans:distribution_implement", args=[distribution.pk]))
    own = Document.objects.get(parent=sent_plan)
    assert response.status_code == 302 and own.unit == demo["THCS-BENTHUY"]
    assert user_client("thcs.bientap").post(reverse("plans:distribution_implement",
                                                    args=[distribution.pk])).status_code == 403


def test_dashboard_drill_down_stays_in_scope(sent_plan, demo, user_client):
    Activity.objects.create(unit=demo["THCS-BENTHUY"], kind="contest", title="Cuộc thi", held_on=dt.date.today())
    client = user_client("xa.benthuy")
    own = client.get(reverse("plans:dashboard"), {"unit": demo["THCS-BENTHUY"].pk})
    assert own.status_code == 200 and "1 hoạt động" in own.content.decode()
    assert client.get(reverse("plans:dashboard"), {"unit": demo["XA-HONGSON"].pk}).status_code == 404
    assert client.get(reverse("plans:dashboard"), {"unit": "abc"}).status_code == 404
    assert client.get(reverse("plans:dashboard"), {"unit": demo["SGD-SL"].pk}).status_code == 404


def test_send_screen_sends_to_a_chosen_commune(plan, demo, user_client):
    client = user_client("so.lanhdao")
    response = client.post(reverse("plans:document_send", args=[plan.pk]), {"root": demo["XA-HONGSON"].pk})
    assert response.status_code == 302
    assert set(Distribution.objects.values_list("unit__code", flat=True)) == {
        "XA-HONGSON", "MN-SONCA", "TH-HONGSON", "THCS-HONGSON"}
    response = client.post(reverse("plans:document_send", args=[plan.pk]), {"root": "999999"})
    assert response.status_code == 200 and Distribution.objects.count() == 4


def test_school_cannot_edit_or_send_the_department_plan(sent_plan, user_client):
    client = user_client("thcs.hieutruong")
    assert client.get(reverse("plans:document_edit", args=[sent_plan.pk])).status_code == 404
    assert client.post(reverse("plans:document_send", args=[sent_plan.pk]), {}).status_code == 404
    assert client.post(reverse("plans:period_create", args=[sent_plan.pk]), {
        "name": "x", "starts_on": "2026-01-01", "ends_on": "2026-02-01", "deadline": "2026-02-01"}).status_code == 404
    assert not ReportPeriod.objects.exists()


def test_home_shows_upcoming_and_overdue_reports(period, demo, user_client):
    period.deadline = dt.date.today() - dt.timedelta(days=1)
    period.save()
    home = user_client("thcs.hieutruong").get(reverse("core:home")).content.decode()
    assert "Quá hạn báo cáo" in home
    period.deadline = dt.date.today() + dt.timedelta(days=5)
    period.save()
    home = user_client("thcs.hieutruong").get(reverse("core:home")).content.decode()
    assert "Sắp đến hạn báo cáo" in home


def test_dashboard_chart_data_is_one_json_object(demo, user_client):
    import json
    import re

    Activity.objects.create(unit=demo["THCS-BENTHUY"], kind="banner", title="Pano", held_on=dt.date.today())
    page = user_client("xa.benthuy").get(reverse("plans:dashboard")).content.decode()
    raw = re.search(r'<script id="chart-data" type="application/json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(raw)
    assert data["values"][data["labels"].index("Pano, băng rôn, khẩu hiệu")] == 1
    assert sum(data["month_values"]) == 1


def test_system_administrator_edits_tasks_in_the_admin(plan, user_client):
    client = user_client("admin")
    page = client.get(reverse("admin:plans_document_change", args=[plan.pk]))
    assert page.status_code == 200 and "100% các trường" in page.content.decode()
    assert user_client("so.lanhdao").get(reverse("admin:plans_document_change", args=[plan.pk])).status_code == 302


def test_report_page_and_dashboard_write_thousands_the_vietnamese_way(period, demo, user_client):
    from mangxanh.plans import services

    Activity.objects.create(unit=demo["THCS-BENTHUY"], kind="training", title="Chào cờ chuyên đề",
                            held_on=dt.date(2026, 10, 5), student_count=1200, staff_count=5)
    report = services.report_for(period, demo["THCS-BENTHUY"])
    client = user_client("thcs.hieutruong")
    page = client.get(reverse("plans:report_detail", args=[report.pk])).content.decode()
    assert "1.200 lượt học sinh" in page and "<td>1.200</td>" in page and "1200" not in page
    dashboard = client.get(reverse("plans:dashboard")).content.decode()
    assert "1.200 lượt học sinh" in dashboard
