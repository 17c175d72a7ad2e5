"""A report in which a child or parent tells of harm done to them goes to child protection first
(the engine marks such findings as a disclosure)."""

from __future__ import annotations

from mangxanh.intake.models import Case, Priority
from mangxanh.scanning.models import Scan
from tests.intake.conftest import run_scans, submit


def test_a_disclosure_makes_the_case_a_child_protection_case(demo):
    report = submit(
        categories=["harassment"],
        description="cô ơi e bị mấy bạn lớp bên chặn đánh ở nhà xe, bắt nộp tiền mỗi ngày, e ko dám đi học nữa",
    ).report
    assert report.case.priority == Priority.NORMAL and not report.case.involves_child
    run_scans()
    case = Case.objects.get(pk=report.case_id)
    scan = Scan.objects.latest_for(report)
    assert scan.findings.filter(context="disclosure").exists()
    assert case.involves_child and case.priority <= Priority.HIGH
    assert case.events.filter(text__contains="bảo vệ trẻ em").exists()


def test_a_report_without_a_disclosure_is_not_rerouted(demo):
    report = submit(categories=["scam"], description="Trang này giả danh trường để thu tiền học phí của phụ huynh").report
    run_scans()
    case = Case.objects.get(pk=report.case_id)
    assert not Scan.objects.latest_for(report).findings.filter(context="disclosure").exists()
    assert not case.involves_child
    assert not case.events.filter(text__contains="bảo vệ trẻ em").exists()
