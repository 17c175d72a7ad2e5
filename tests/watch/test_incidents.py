"""Handling a security incident: containment, the 72-hour clock, the notification draft, the report."""

from __future__ import annotations

import io
from datetime import timedelta

import pytest
from django.utils import timezone
from docx import Document

from mangxanh.watch import incidents
from mangxanh.watch.models import IncidentStatus, SecurityIncident

pytestmark = pytest.mark.django_db


@pytest.fixture
def incident(demo):
    return SecurityIncident.objects.create(
        unit=demo["THCS-BENTHUY"], kind="harmful_content", severity="high", title="Liên kết ẩn cờ bạc",
        page_url="http://truong.example/", location="html > body > footer > div > a",
        after_snippet='<a href="https://nha-cai.example/">nhà cái</a>', before_sha256="a" * 64,
        after_sha256="b" * 64, fingerprint="x", detected_at=timezone.now() - timedelta(hours=1))


def test_personal_data_risk_starts_a_72_hour_clock_from_detection(incident):
    assert incident.notify_due_at is None
    incidents.mark_personal_data_risk(incident, user=None)
    incident.refresh_from_db()
    assert incident.notify_due_at == incident.detected_at + timedelta(hours=72)
    assert not incident.notify_overdue
    incident.detected_at = timezone.now() - timedelta(hours=73)
    incident.notify_due_at = incident.detected_at + timedelta(hours=72)
    assert incident.notify_overdue


def test_notification_draft_is_vietnamese_and_names_the_law_and_deadline(incident):
    incidents.mark_personal_data_risk(incident, user=None)
    draft = incidents.notification_draft(incident)
    assert "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15" in draft
    assert "72 giờ" in draft and incident.number in draft and "Bộ Công an" in draft
    assert timezone.localtime(incident.notify_due_at).strftime("%d/%m/%Y") in draft


def test_cannot_record_notification_without_personal_data_risk(incident):
    with pytest.raises(incidents.IncidentError):
        incidents.mark_notified(incident, user=None)


def test_closing_needs_every_containment_step_and_the_notification(incident, demo):
    user = demo["THCS-BENTHUY"].memberships.first().user
    with pytest.raises(incidents.IncidentError, match="Đổi mật khẩu"):
        incidents.change_status(incident, IncidentStatus.CLOSED, user=user)
    incidents.set_checklist(incident, {"change_passwords", "remove_injected", "notify_platform", "bogus"}, user=None)
    assert set(incident.checklist) == {"change_passwords", "remove_injected", "notify_platform"}
    incidents.mark_personal_data_risk(incident, user=None)
    with pytest.raises(incidents.IncidentError, match="thông báo"):
        incidents.change_status(incident, IncidentStatus.CLOSED, user=user)
    incidents.mark_notified(incident, user=None)
    incidents.change_status(incident, IncidentStatus.CLOSED, user=user)
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.closed_at and incident.contained_at
    with pytest.raises(incidents.IncidentError, match="đã đóng"):
        incidents.change_status(incident, IncidentStatus.OPEN, user=user)


def test_bad_status_is_refused(incident):
    with pytest.raises(incidents.IncidentError):
        incidents.change_status(incident, "nonsense", user=None)


def test_post_incident_report_docx(incident):
    incidents.set_checklist(incident, {"change_passwords"}, user=None)
    data = incidents.report_docx(incident)
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert incident.number in text and "nha-cai.example" in text
    assert "html > body > footer > div > a" in text and "b" * 64 in text
    assert "[x] Đổi mật khẩu" in text and "[ ] Gỡ bỏ" in text


def test_notification_deadline_reminders(incident):
    from io import StringIO

    from django.core.management import call_command

    from mangxanh.review.models import Notification

    out = StringIO()
    call_command("watch", "remind", stdout=out)
    assert "Đã nhắc 0" in out.getvalue()  # no personal-data risk: no clock
    incidents.mark_personal_data_risk(incident, user=None)
    now = incident.detected_at + timedelta(hours=50)  # due in 22 hours
    assert incidents.remind_notification_deadlines(now) == 1
    texts = list(Notification.objects.filter(kind="security").values_list("text", flat=True))
    assert texts and all("sắp đến hạn" in t for t in texts)
    assert incidents.remind_notification_deadlines(now + timedelta(hours=1)) == 0  # not again within 12 h
    assert incidents.remind_notification_deadlines(now + timedelta(hours=23)) == 1  # overdue now
    assert Notification.objects.filter(text__contains="đã quá hạn").exists()
    incidents.mark_notified(incident, user=None)
    assert incidents.remind_notification_deadlines(now + timedelta(hours=48)) == 0


def test_far_deadline_is_not_reminded(incident):
    incidents.mark_personal_data_risk(incident, user=None)
    assert incidents.remind_notification_deadlines(incident.detected_at + timedelta(hours=2)) == 0
