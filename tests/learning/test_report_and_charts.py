"""Item 7 of issue 14: the "100 % of staff and pupils informed" figure is computed, the periodic report gets
a learning section (per unit and rolled up, frozen at submission) and the numbers page draws SVG charts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from mangxanh.learning import panels, stats
from mangxanh.learning import quizzes as flow
from mangxanh.learning.models import (
    Attendance,
    PaperSignatures,
    Pledge,
    PledgeSignature,
    Roster,
    TrainingSession,
)
from mangxanh.plans import exports, formula, services
from tests.learning.conftest import user
from tests.plans.conftest import plan, sent_plan  # noqa: F401 (fixtures)

SECTION = "KẾT QUẢ TUYÊN TRUYỀN, HỌC TẬP VỀ AN TOÀN TRÊN KHÔNG GIAN MẠNG"


@pytest.fixture
def period(sent_plan):  # noqa: F811
    """A report period around today, when the test's quizzes, signatures and trainings happen."""
    today = dt.date.today()
    return services.create_period(sent_plan, user=user("so.lanhdao"), name="Báo cáo học kỳ", starts_on=today - dt.timedelta(days=60),
                                  ends_on=today + dt.timedelta(days=30), deadline=today + dt.timedelta(days=30))


def _activity(demo, quiz_setup, pupils=("An", "Bình")):
    school = demo["THCS-BENTHUY"]
    Roster.objects.update_or_create(unit=school, defaults={"pupils": 4, "staff": 2})
    for name in pupils:
        attempt = flow.start_with_code("TEST8A", name)
        flow.answer(attempt, 1, [1])
        flow.finish(attempt)
    pledge = Pledge.objects.create(unit=demo["SGD-SL"], title="Cam kết", text="…")
    PledgeSignature.objects.create(pledge=pledge, unit=school, name="Cô Hoa", role="staff")
    PaperSignatures.objects.create(pledge=pledge, unit=school, class_name="TỔ TOÁN", role="staff", count=2)
    PledgeSignature.objects.create(pledge=pledge, unit=school, name="Cường", role="pupil", class_name="8A")
    session = TrainingSession.objects.create(unit=school, title="Tập huấn", held_on=dt.date.today(),
                                             audience="staff", presenter="P")
    Attendance.objects.create(session=session, name="Thầy Nam", name_key="thay nam")


def test_informed_is_the_largest_reach_per_group_never_a_sum(quiz_setup, demo):
    _activity(demo, quiz_setup)
    school = demo["THCS-BENTHUY"]
    # Pupils: 2 finished a quiz, 1 signed → 2 of 4. Staff: 3 signed (1 online, 2 on paper), 1 trained → 3 (of 2).
    row = stats.informed_rows(school, [school])[0]
    assert (row["pupils"], row["roster_pupils"], row["staff"], row["roster_staff"]) == (2, 4, 2, 2)
    assert row["pupils_percent"] == 50.0 and row["staff_percent"] == 100.0
    assert formula.evaluate("learning_informed(group=pupils)", school) == 50.0
    # 2 of 4 pupils and 2 of 2 staff (the third signature does not make up for a pupil): 4 of 6.
    assert formula.evaluate("learning_informed()", demo["SGD-SL"]) == 66.7
    assert formula.evaluate("learning_informed(group=staff)", demo["XA-HONGSON"]) == 0


def test_the_periodic_report_has_a_learning_section_frozen_when_submitted(quiz_setup, demo, period):
    _activity(demo, quiz_setup)
    commune = demo["XA-BENTHUY"]
    report = services.report_for(period, commune)
    sections = dict(exports.report_document(report, services.live_numbers(report)).sections)
    body = sections[f"II. {SECTION}"]
    assert "2/2 cán bộ, giáo viên, nhân viên (100,0%)" in body and "2/4 học sinh (50,0%)" in body
    assert "THCS Bến Thủy: cán bộ, giáo viên 100,0%, học sinh 50,0%" in body
    assert "III. TÌNH HÌNH BÁO CÁO CỦA CÁC ĐƠN VỊ" in sections
    # A unit with no roster and no learning work gets no empty section.
    other = services.report_for(period, demo["XA-HONGSON"])
    assert not any(SECTION in h for h, _ in exports.report_document(other, services.live_numbers(other)).sections)
    # Submitted: the figures are frozen, later attempts do not change the report.
    school = demo["THCS-BENTHUY"]
    school_report = services.report_for(period, school)
    services.approve(school_report, user("thcs.hieutruong"))
    services.submit(school_report, user("thcs.hieutruong"))
    school_report.refresh_from_db()
    for name in ("Chi", "Dũng"):
        attempt = flow.start_with_code("TEST8A", name)
        flow.finish(attempt)
    frozen = dict(exports.report_document(school_report, services.live_numbers(school_report)).sections)
    assert "2/4 học sinh (50,0%)" in frozen[f"II. {SECTION}"]
    live = panels.report_section(services.report_for(period, commune))[1]
    assert "4/4 học sinh (100,0%)" in live


def test_the_report_page_shows_the_section(quiz_setup, demo, period, user_client):
    _activity(demo, quiz_setup)
    report = services.report_for(period, demo["THCS-BENTHUY"])
    page = user_client("thcs.hieutruong").get(reverse("plans:report_detail", args=[report.pk])).content.decode()
    assert "Kết quả tuyên truyền, học tập về an toàn trên không gian mạng" in page and "2/4 học sinh" in page


def test_the_numbers_page_draws_bar_charts_without_scripts_or_styles(quiz_setup, demo, user_client):
    _activity(demo, quiz_setup)
    client = user_client("xa.benthuy")
    page = client.get(reverse("learning:numbers")).content.decode()
    charts = page[page.index('id="bieu-do"'):page.index("</section>", page.index('id="bieu-do"'))]
    assert charts.count("<svg") == 5 and "style=" not in charts and "<script" not in charts
    assert "Học sinh tham gia kiểm tra (% sĩ số)" in charts
    assert "2/2 cán bộ, giáo viên và 2/4 học sinh (66,7% sĩ số, chỉ tiêu 100%)" in page
    # THCS Bến Thủy: 2 of 4 pupils took part → half of the 340-pixel bar; numbers in SVG use a dot.
    assert re.search(r'<title>THCS Bến Thủy: 50,0%</title><text[^>]*>THCS Bến Thủy</text><rect class="bar" x="220" '
                     r'y="\d+" width="170"', charts)


def test_summaries_at_once_equal_one_unit_at_a_time(quiz_setup, demo):
    _activity(demo, quiz_setup)
    units = list(demo.values())
    together = stats.summaries(demo["SGD-SL"], units)
    for unit in units:
        assert together[unit.pk] == stats.unit_summary(unit), unit.code
