"""The /an-ninh/ screens: a unit's staff see their incidents only, and handle them."""

from __future__ import annotations

import io

import pytest
from django.urls import reverse
from docx import Document

from mangxanh.watch.models import SecurityIncident

pytestmark = pytest.mark.django_db


def make(unit, title):
    return SecurityIncident.objects.create(unit=unit, kind="hidden_content", title=title, fingerprint=title,
                                           after_snippet="<a>nhà cái</a>", location="body > a")


def test_list_shows_only_the_units_own_incidents(demo, user_client):
    make(demo["THCS-BENTHUY"], "Sự cố Bến Thủy")
    make(demo["THCS-HONGSON"], "Sự cố Hồng Sơn")
    page = user_client("thcs.quantri").get(reverse("watch:incident_list")).content.decode()
    assert "Sự cố Bến Thủy" in page and "Sự cố Hồng Sơn" not in page
    # the Sở's leader sees the whole province
    page = user_client("so.lanhdao").get(reverse("watch:incident_list")).content.decode()
    assert "Sự cố Bến Thủy" in page and "Sự cố Hồng Sơn" in page


def test_another_units_incident_is_404(demo, user_client):
    other = make(demo["THCS-HONGSON"], "Sự cố Hồng Sơn")
    client = user_client("thcs.quantri")
    assert client.get(reverse("watch:incident_detail", kwargs={"pk": other.pk})).status_code == 404
    response = client.post(reverse("watch:incident_action", kwargs={"pk": other.pk}),
                           {"action": "notes", "notes": "x"})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.notes == ""


def test_teacher_cannot_open_the_incident_list(demo, user_client):
    from mangxanh.org.demo import USERS

    teacher = next(name for name, _, roles, _ in USERS if all(r == "teacher" for _, r in roles))
    assert user_client(teacher).get(reverse("watch:incident_list")).status_code == 403


def test_handling_an_incident_through_the_screen(demo, user_client):
    incident = make(demo["THCS-BENTHUY"], "Sự cố Bến Thủy")
    client = user_client("thcs.quantri")
    url = reverse("watch:incident_action", kwargs={"pk": incident.pk})
    client.post(url, {"action": "personal_data"})
    page = client.get(reverse("watch:incident_detail", kwargs={"pk": incident.pk})).content.decode()
    assert "Dự thảo thông báo" in page and "THÔNG BÁO VI PHẠM QUY ĐỊNH VỀ BẢO VỆ DỮ LIỆU CÁ NHÂN" in page
    response = client.post(url, {"action": "status", "status": "closed"}, follow=True)
    assert "Chưa thể đóng sự cố" in response.content.decode()
    client.post(url, {"action": "checklist", "done": ["change_passwords", "remove_injected", "notify_platform"]})
    client.post(url, {"action": "notified"})
    client.post(url, {"action": "status", "status": "closed"})
    incident.refresh_from_db()
    assert incident.status == "closed" and incident.notified_at is not None


def test_report_download(demo, user_client):
    incident = make(demo["THCS-BENTHUY"], "Sự cố Bến Thủy")
    response = user_client("thcs.quantri").get(reverse("watch:incident_report", kwargs={"pk": incident.pk}))
    assert response.status_code == 200 and response["Content-Type"].endswith("wordprocessingml.document")
    doc = Document(io.BytesIO(response.content))
    assert any(incident.number in p.text for p in doc.paragraphs)


def test_list_shows_the_sites_latest_check(website, sites, user_client):
    from mangxanh.watch.checks import check_site, site_for
    from mangxanh.watch.models import SiteCheck

    site = site_for(website)
    check_site(site)
    SiteCheck.objects.filter(site=site).update(tls_warning_days=14, tls_expires_at="2026-12-20T00:00:00Z")
    page = user_client("thcs.quantri").get(reverse("watch:incident_list")).content.decode()
    assert website.name in page and "Truy cập được" in page
    assert "còn dưới 14 ngày" in page and "content-security-policy" in page
    other = user_client("xa.hongson").get(reverse("watch:incident_list"))
    assert other.status_code == 200 and website.name not in other.content.decode()


def test_home_panel_counts_open_incidents(demo, user_client):
    make(demo["THCS-BENTHUY"], "Sự cố Bến Thủy")
    page = user_client("thcs.quantri").get(reverse("core:home")).content.decode()
    assert "Sự cố an ninh mạng đang mở" in page
    assert "Sự cố an ninh mạng đang mở" not in user_client("thcs.giaovien").get(reverse("core:home")).content.decode()
