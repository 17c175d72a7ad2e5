"""Dashboards with no data say so in a sentence and link to what creates data (issue 12 item 20)."""

from __future__ import annotations

import datetime as dt

from django.urls import reverse

from mangxanh.plans.models import Activity


def main(response) -> str:
    assert response.status_code == 200
    return response.content.decode().split("<main", 1)[1]


def test_empty_progress_dashboard_links_to_recording_an_activity(demo, user_client):
    page = main(user_client("thcs.hieutruong").get(reverse("plans:dashboard")))
    assert 'id="dashboard-empty"' in page and "Chưa có hoạt động nào" in page
    assert reverse("plans:activity_create") in page
    assert "<canvas" not in page and 'id="chart-data"' not in page
    assert reverse("plans:indicator_create") in page
    # The Sở's leader is pointed at making a plan for the units below.
    page = main(user_client("so.lanhdao").get(reverse("plans:dashboard")))
    assert "Chưa có hoạt động nào" in page and reverse("plans:template_list") in page


def test_progress_dashboard_with_data_draws_charts(demo, user_client):
    Activity.objects.create(unit=demo["THCS-BENTHUY"], kind="article", title="Tin bài", held_on=dt.date.today(),
                            student_count=10)
    page = main(user_client("thcs.hieutruong").get(reverse("plans:dashboard")))
    assert 'id="dashboard-empty"' not in page and "<canvas" in page


def test_empty_review_statistics_link_to_writing_a_post(demo, user_client):
    page = main(user_client("thcs.hieutruong").get(reverse("review:stats")))
    assert 'id="stats-empty"' in page and "Chưa có bài viết nào" in page
    assert reverse("review:draft_list") in page or reverse("review:draft_create") in page


def test_empty_case_statistics_link_to_the_report_form(demo, user_client):
    page = main(user_client("thcs.xuly").get(reverse("intake:stats")))
    assert 'id="stats-empty"' in page and "Chưa có phản ánh nào" in page
    assert reverse("intake:report_form") in page and 'id="cat-data"' not in page
