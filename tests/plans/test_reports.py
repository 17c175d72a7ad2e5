"""Periodic reports: periods with deadlines, approval, submission upward, lock and audited reopening,
aggregation of children's numbers with late and missing units named; incident reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from mangxanh.audit.models import AuditEntry
from mangxanh.plans import services
from mangxanh.plans.models import Activity, IncidentReport, Report, ReportLocked, ReportPeriod, ReportStatus
from tests.plans.conftest import user


def activity(unit, kind="training", students=100, day=dt.date(2026, 10, 5)):
    return Activity.objects.create(unit=unit, kind=kind, title="Hoạt động", held_on=day, student_count=students,
                                   staff_count=5)


def submitted(report, username):
    services.approve(report, user(username))
    return services.submit(report, user(username))


def test_deadline_before_period_start_is_refused(sent_plan):
    with pytest.raises(ValidationError) as error:
        services.create_period(sent_plan, user=user("so.lanhdao"), name="Kỳ sai", starts_on=dt.date(2026, 6, 1), ends_on=dt.date(2026, 11, 30),
                               deadline=dt.date(2026, 5, 31))
    assert "Hạn nộp báo cáo không được trước ngày bắt đầu" in str(error.value)
    assert not ReportPeriod.objects.exists()


def test_period_screen_refuses_bad_dates(sent_plan, user_client):
    url = reverse("plans:period_create", args=[sent_plan.pk])
    client = user_client("so.lanhdao")
    page = client.get(url).content.decode()
    assert "30/11" in page or "2026-11-30" in page or "-11-30" in page  # suggested from the regime
    response = client.post(url, {"name": "Kỳ sai", "starts_on": "2026-06-01", "ends_on": "2026-11-30",
                                 "deadline": "2026-01-01"})
    assert "Hạn nộp báo cáo không được trước ngày bắt đầu" in response.content.decode()
    response = client.post(url, {"name": "Kỳ sai", "starts_on": "không-phải-ngày", "ends_on": "", "deadline": ""})
    assert response.status_code == 200
    assert not ReportPeriod.objects.exists()


def test_submitted_report_is_locked_until_the_parent_reopens_it_and_all_is_audited(period, demo, user_client):
    school = demo["THCS-BENTHUY"]
    report = services.report_for(period, school)
    services.edit_narrative(report, user("thcs.hieutruong"), {"results": "Đã tổ chức 3 buổi tập huấn."})
    submitted(report, "thcs.hieutruong")
    before = Report.objects.values().get(pk=report.pk)
    # The school can change nothing: not through the service, the model, or the screen.
    with pytest.raises(ReportLocked):
        services.edit_narrative(report, user("thcs.hieutruong"), {"results": "Sửa sau khi gửi"})
    report.refresh_from_db()
    report.results = "Sửa thẳng vào bản ghi"
    with pytest.raises(ReportLocked):
        report.save()
    client = user_client("thcs.hieutruong")
    url = reverse("plans:report_detail", args=[report.pk])
    response = client.post(url, {"results": "Sửa qua màn hình", "limits": "", "causes": "", "proposals": ""},
                           follow=True)
    assert "không sửa được" in response.content.decode()
    assert client.post(reverse("plans:report_action", args=[report.pk, "reopen"]), {"reason": "tự mở"}).status_code \
        in (302, 403)
    assert Report.objects.values().get(pk=report.pk) == before
    # The parent commune reopens it, with a reason; the school changes it; both are in the audit log.
    commune = user_client("xa.benthuy")
    commune.post(reverse("plans:report_action", args=[report.pk, "reopen"]), {"reason": "Bổ sung số liệu học sinh"})
    report.refresh_from_db()
    assert report.status == ReportStatus.DRAFT and report.reopened_count == 1
    services.edit_narrative(report, user("thcs.hieutruong"), {"results": "Đã tổ chức 4 buổi tập huấn."})
    reopen = AuditEntry.objects.get(action="plans_reopen")
    assert "Bổ sung số liệu học sinh" in reopen.message and reopen.actor_username == "xa.benthuy"
    changes = AuditEntry.objects.filter(object_type__endswith="report", object_id=str(report.pk), action="update")
    assert any("4 buổi" in str(entry.changes) for entry in changes)


def test_reopen_needs_a_reason_and_a_parent(period, demo):
    report = submitted(services.report_for(period, demo["THCS-BENTHUY"]), "thcs.hieutruong")
    with pytest.raises(ValidationError, match="lý do"):
        services.reopen(report, user("xa.benthuy"), "  ")
    with pytest.raises(ValidationError, match="cấp trên"):
        services.reopen(report, user("xa.hongson"), "không phải cấp trên")
    with pytest.raises(ValidationError, match="cấp trên"):
        services.reopen(report, user("thcs.hieutruong"), "tự mở")
    report.refresh_from_db()
    assert report.is_locked


def test_submission_needs_approval_by_the_leader(period, demo):
    report = services.report_for(period, demo["THCS-BENTHUY"])
    with pytest.raises(ValidationError, match="duyệt"):
        services.submit(report, user("thcs.hieutruong"))
    with pytest.raises(ValidationError, match="lãnh đạo"):
        services.approve(report, user("thcs.bientap"))
    assert Report.objects.get(pk=report.pk).status == ReportStatus.DRAFT


def test_parent_report_aggregates_submitted_children_and_names_missing_ones(period, demo):
    activity(demo["THCS-BENTHUY"], students=300)
    activity(demo["TH-BENTHUY"], students=200, kind="banner")
    activity(demo["XA-BENTHUY"], students=10, kind="seminar")  # the commune's own
    activity(demo["THCS-HONGSON"], students=999)  # another commune: never in Bến Thủy's numbers
    activity(demo["THCS-BENTHUY"], students=77, day=dt.date(2024, 1, 1))  # outside the period
    submitted(services.report_for(period, demo["THCS-BENTHUY"]), "thcs.hieutruong")
    commune_report = services.report_for(period, demo["XA-BENTHUY"])
    numbers = services.live_numbers(commune_report)
    assert numbers["total"]["students"] == 310 and numbers["total"]["activities"] == 2
    assert {u.code for u in numbers["missing"]} == {"MN-HOASEN", "TH-BENTHUY"}
    submitted(commune_report, "xa.benthuy")
    department = services.live_numbers(services.report_for(period, demo["SGD-SL"]))
    assert department["total"]["students"] == 310  # commune's total, school not counted again
    missing = {u.code for u in department["missing"]}
    assert "XA-BENTHUY" not in missing and {"XA-HONGSON", "THPT-NGUYENDU", "PGD-NAMDAN"} <= missing


def test_incident_report_reaches_the_parent_at_once(demo, user_client, immediate_tasks,
                                                    django_capture_on_commit_callbacks):
    client = user_client("thcs.hieutruong")
    with django_capture_on_commit_callbacks(execute=True):  # e-mail is queued for after the commit
        response = client.post(reverse("plans:incident_create"), {
            "title": "Học sinh bị lập tài khoản giả mạo để bôi nhọ", "occurred_on": "2026-11-01",
            "description": "Phát hiện trang Facebook giả mạo học sinh lớp 8A đăng ảnh chế.", "measures": ""})
    assert response.status_code == 302
    incident = IncidentReport.objects.get()
    assert incident.unit == demo["THCS-BENTHUY"]
    assert any(m.to == ["xa.benthuy@demo.songlam.edu.vn"] for m in mail.outbox)
    home = user_client("xa.benthuy").get(reverse("core:home")).content.decode()
    assert "Báo cáo đột xuất chưa xem" in home
    assert user_client("xa.hongson").get(reverse("plans:incident_detail", args=[incident.pk])).status_code == 404
    future = client.post(reverse("plans:incident_create"), {"title": "x", "occurred_on": "2099-01-01",
                                                            "description": "y"})
    assert "không được ở tương lai" in future.content.decode()
    assert IncidentReport.objects.count() == 1


def test_the_top_unit_cannot_submit_up_and_is_told_to_export_and_sign(period, demo, user_client):
    """The Sở has nothing above it in the system: no «Gửi cấp trên», a sentence instead, and a
    forged submit is refused with the report left approved and unlocked."""
    report = services.report_for(period, demo["SGD-SL"])
    services.approve(report, user("so.lanhdao"))
    client = user_client("so.lanhdao")
    page = client.get(reverse("plans:report_detail", args=[report.pk])).content.decode()
    assert "Gửi cấp trên" not in page and "cấp cao nhất" in page and "Lãnh đạo duyệt" in page
    with pytest.raises(ValidationError, match="cấp cao nhất"):
        services.submit(report, user("so.lanhdao"))
    client.post(reverse("plans:report_action", args=[report.pk, "submit"]))
    report.refresh_from_db()
    assert report.status == ReportStatus.APPROVED and not report.is_locked and report.submitted_at is None
    # Its document is dated when its leader approved it, ready to sign as it is.
    from mangxanh.plans import exports

    document = exports.report_document(report, services.live_numbers(report))
    approved_on = report.approved_at.astimezone().date()
    assert document.place_and_date == exports.vietnamese_date("Sông Lam", approved_on) or (
        "ngày …" not in document.place_and_date and f"năm {approved_on.year}" in document.place_and_date)
