"""An incident report raised from an intake case goes to the case unit's parent, with the case referenced."""

from __future__ import annotations

from django.core import mail
from django.urls import reverse

from mangxanh.intake.models import Case
from mangxanh.plans.models import IncidentReport


def test_case_officer_raises_an_incident_from_a_case(demo, user_client, immediate_tasks,
                                                     django_capture_on_commit_callbacks):
    case = Case.objects.create(unit=demo["THCS-BENTHUY"], title="Nhóm chat lan truyền ảnh chế học sinh")
    client = user_client("thcs.xuly")
    url = reverse("plans:incident_create") + f"?vu-viec={case.pk}"
    page = client.get(url).content.decode()
    assert "Vụ việc: Nhóm chat lan truyền ảnh chế học sinh" in page
    with django_capture_on_commit_callbacks(execute=True):  # e-mail is queued for after the commit
        response = client.post(url, {"case": case.pk, "title": "Vụ việc: Nhóm chat lan truyền ảnh chế học sinh",
                                     "occurred_on": "2026-11-02",
                                     "description": "Đã đề nghị gỡ và làm việc với phụ huynh."})
    assert response.status_code == 302
    incident = IncidentReport.objects.get()
    assert incident.unit == demo["THCS-BENTHUY"] and incident.case_ref == f"intake.case:{case.pk}"
    assert any("xa.benthuy@demo.songlam.edu.vn" in m.to for m in mail.outbox)


def test_another_units_case_or_a_bad_id_is_not_found(demo, user_client):
    other = Case.objects.create(unit=demo["THCS-HONGSON"], title="Vụ việc trường khác")
    client = user_client("thcs.xuly")
    assert client.get(reverse("plans:incident_create") + f"?vu-viec={other.pk}").status_code == 404
    assert client.get(reverse("plans:incident_create") + "?vu-viec=abc").status_code == 404
    assert client.post(reverse("plans:incident_create") + f"?vu-viec={other.pk}", {
        "title": "x", "occurred_on": "2026-11-02", "description": "y"}).status_code == 404
    assert not IncidentReport.objects.exists()
