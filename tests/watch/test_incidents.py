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
    incidents.mark_personal_data_risk(incident)
    incident.refresh_from_db()
    assert incident.notify_due_at == incident.detected_at + timedelta(hours=72)
    assert not incident.notify_overdue
    incident.detected_at = timezone.now() - timedelta(hours=73)
    incident.notify_due_at = incident.detected_at + timedelta(hours=72)
    assert incident.notify_overdue


def test_notification_draft_is_vietnamese_and_names_the_law_and_deadline(incident):
    incidents.mark_personal_data_risk(incident)
    draft = incidents.notification_draft(incident)
    assert "Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15" in draft
    assert "72 giờ" in draft and incident.number in draft and "Bộ Công an" in draft
    assert timezone.localtime(incident.notify_due_at).strftime("%d/%m/%Y") in draft


def test_cannot_record_notification_without_personal_data_risk(incident):
    with pytest.raises(incidents.IncidentError):
        incidents.mark_notified(incident)


def test_closing_needs_every_containment_step_and_the_notification(incident, demo):
    user = demo["THCS-BENTHUY"].memberships.first().user
    with pytest.raises(incidents.IncidentError, match="Đổi mật khẩu"):
        incidents.change_status(incident, IncidentStatus.CLOSED, user=user)
    incidents.set_checklist(incident, {"change_passwords", "remove_injected", "notify_platform", "bogus"})
    assert set(incident.checklist) == {"change_passwords", "remove_injected", "notify_platform"}
    incidents.mark_personal_data_risk(incident)
    with pytest.raises(incidents.IncidentError, match="thông báo"):
        incidents.change_status(incident, IncidentStatus.CLOSED, user=user)
    incidents.mark_notified(incident)
    incidents.change_status(incident, IncidentStatus.CLOSED, user=user)
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.closed_at and incident.contained_at
    with pytest.raises(incidents.IncidentError, match="đã đóng"):
        incidents.change_status(incident, IncidentStatus.OPEN, user=user)


def test_bad_status_is_refused(incident):
    with pytest.raises(incidents.IncidentError):
        incidents.change_status(incident, "nonsense", user=None)


def test_post_incident_report_docx(incident):
    incidents.set_checklist(incident, {"change_passwords"})
    data = incidents.report_docx(incident)
    doc = Document(io.BytesIO(data))
    text = "\n".join(p.text for p in doc.paragraphs) + "\n".join(
        c.text for t in doc.tables for row in t.rows for c in row.cells)
    assert incident.number in text and "nha-cai.example" in text
    assert "html > body > footer > div > a" in text and "b" * 64 in text
    assert "[x] Đổi mật khẩu" in text and "[ ] Gỡ bỏ" in text
