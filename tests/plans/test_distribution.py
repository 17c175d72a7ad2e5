"""Sending a document down the tree, acknowledging it, and reminding those who have not."""

from __future__ import annotations

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from mangxanh.org.models import Unit, UnitKind, UnitType
from mangxanh.plans import services
from mangxanh.plans.models import Distribution, DistributionStatus
from tests.plans.conftest import user


def test_send_to_chosen_unit_types_gives_one_item_per_unit(plan, demo):
    schools = UnitType.objects.filter(kind=UnitKind.SCHOOL)
    units = services.recipients_for(plan, type_ids=[t.pk for t in schools])
    assert services.send(plan, units, user("so.lanhdao")) == Unit.objects.filter(unit_type__kind="school").count()
    assert services.send(plan, units, user("so.lanhdao")) == 0  # sending again adds nothing
    plan.refresh_from_db()
    assert plan.status == "issued" and plan.issued_on


def test_send_to_a_subtree(plan, demo):
    units = services.recipients_for(plan, root=demo["XA-BENTHUY"])
    assert {u.code for u in units} == {"XA-BENTHUY", "MN-HOASEN", "TH-BENTHUY", "THCS-BENTHUY"}


def test_cannot_send_outside_the_issuing_units_subtree(demo):
    document = services.create_from_template("kien-an-2023", demo["XA-BENTHUY"], user("xa.benthuy"))
    with pytest.raises(ValidationError, match="trực thuộc"):
        services.recipients_for(document, root=demo["XA-HONGSON"])
    with pytest.raises(ValidationError):
        services.recipients_for(document, unit_ids=[demo["THCS-HONGSON"].pk])
    with pytest.raises(ValidationError, match="Chưa chọn"):
        services.send(document, [], user("xa.benthuy"))
    assert not Distribution.objects.exists()


def test_acknowledge_through_the_screen_and_sender_sees_who_has_not(sent_plan, demo, user_client):
    distribution = Distribution.objects.get(document=sent_plan, unit=demo["THCS-BENTHUY"])
    client = user_client("thcs.hieutruong")
    url = reverse("plans:distribution_detail", args=[distribution.pk])
    assert client.get(url).status_code == 200
    distribution.refresh_from_db()
    assert distribution.status == DistributionStatus.RECEIVED
    response = client.post(url, {"staff": "abc", "students": "-3"})
    assert response.status_code == 200
    distribution.refresh_from_db()
    assert distribution.status == DistributionStatus.RECEIVED
    client.post(url, {"staff": "42", "students": "615", "note": "Đã quán triệt tại hội đồng sư phạm"})
    distribution.refresh_from_db()
    assert (distribution.status, distribution.staff_informed, distribution.students_informed) == (
        DistributionStatus.ACKNOWLEDGED, 42, 615)
    page = user_client("so.lanhdao").get(reverse("plans:document_detail", args=[sent_plan.pk])).content.decode()
    total = sent_plan.distributions.count()
    assert f"1/{total} đơn vị đã quán triệt" in page


def test_remind_emails_only_people_who_want_email(sent_plan, demo, immediate_tasks,
                                                  django_capture_on_commit_callbacks):
    hieutruong = user("thcs.hieutruong")
    quantri = user("thcs.quantri")
    quantri.email_notifications = False
    quantri.save()
    Distribution.objects.filter(document=sent_plan).exclude(unit=demo["THCS-BENTHUY"]).update(
        status=DistributionStatus.ACKNOWLEDGED)
    with django_capture_on_commit_callbacks(execute=True):  # e-mail is queued for after the commit
        sent = services.remind(sent_plan, user("so.lanhdao"))
    assert sent == 1 and mail.outbox[0].to == [hieutruong.email]
    assert "chưa xác nhận" in mail.outbox[0].body
    distribution = Distribution.objects.get(document=sent_plan, unit=demo["THCS-BENTHUY"])
    assert distribution.reminder_count == 1
    home = Client()
    home.force_login(hieutruong)
    assert "đã được nhắc" in home.get(reverse("core:home")).content.decode()


def test_another_schools_item_is_not_found(sent_plan, demo, user_client):
    other = Distribution.objects.get(document=sent_plan, unit=demo["THCS-HONGSON"])
    client = user_client("thcs.hieutruong")
    url = reverse("plans:distribution_detail", args=[other.pk])
    assert client.get(url).status_code == 404
    assert client.post(url, {"staff": "1", "students": "1"}).status_code == 404
    other.refresh_from_db()
    assert other.status == DistributionStatus.SENT


def test_sending_says_gui_notifies_every_receiving_unit_and_lists_who_has_not_acknowledged(plan, demo,
                                                                                             user_client):
    """Issue 12 item 16."""
    from mangxanh.org.models import UnitKind, UnitType
    from mangxanh.review.models import Notification

    client = user_client("so.lanhdao")
    form = client.get(reverse("plans:document_send", args=[plan.pk])).content.decode()
    assert '<button type="submit">Gửi</button>' in form
    schools = UnitType.objects.filter(kind=UnitKind.SCHOOL)
    response = client.post(reverse("plans:document_send", args=[plan.pk]),
                           {"unit_types": [t.pk for t in schools]})
    assert response.status_code == 302
    distributions = list(Distribution.objects.filter(document=plan).select_related("unit"))
    assert len(distributions) > 5
    for distribution in distributions:
        people = services.people_to_notify(distribution.unit)
        url = reverse("plans:distribution_detail", args=[distribution.pk])
        for person in people:
            assert Notification.objects.filter(user=person, url=url, read_at=None).exists(), distribution.unit
    principal = user_client("thcs.hieutruong")
    home = principal.get(reverse("core:home")).content.decode()
    assert "Cần quán triệt" in home
    listing = principal.get(reverse("review:notifications")).content.decode()
    assert "cần xác nhận quán triệt" in listing and "Sở GDĐT Sông Lam" in listing
    services.acknowledge(Distribution.objects.get(document=plan, unit=demo["THCS-BENTHUY"]),
                         user("thcs.hieutruong"), staff=40, students=600)
    page = client.get(reverse("plans:document_detail", args=[plan.pk])).content.decode()
    pending = page.split('id="ack-pending"', 1)[1].split("</p>", 1)[0]
    assert "Trường THCS Hồng Sơn" in pending and "Trường THCS Bến Thủy" not in pending
    # The people of a unit that is not a recipient hear nothing.
    assert not Notification.objects.filter(user=user("xa.benthuy")).exists()
