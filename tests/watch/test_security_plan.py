"""The unit's security plan («phương án bảo vệ an ninh mạng», issue 15, item 5): a plans template that
fills itself from the channel registry and the hygiene checklist, exported as DOCX like other plans,
with a yearly review reminder."""

from __future__ import annotations

import io
from datetime import date, timedelta
from io import StringIO

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone
from docx import Document as Docx

from mangxanh.plans import services, templates_data
from mangxanh.plans.models import Document
from mangxanh.review.models import Notification, OfficialChannel
from mangxanh.watch import security_plan
from mangxanh.watch.models import ChannelHygiene

pytestmark = pytest.mark.django_db
CODE = security_plan.TEMPLATE_CODE


def leader():
    return get_user_model().objects.get(username="thcs.hieutruong")


@pytest.fixture
def registry(demo):
    unit = demo["THCS-BENTHUY"]
    unit.phone, unit.email = "0238 3855 000", "vanthu@thcs-benthuy.songlam.edu.vn"
    unit.save()
    site = OfficialChannel.objects.create(
        unit=unit, kind="website", name="Website THCS Bến Thủy", address="https://thcs-benthuy.songlam.edu.vn",
        purpose="Thông tin chính thức của nhà trường", responsible_person="Bùi Thị Hằng",
        admin_names="Trịnh Văn Khoa\nNgô Thanh Hương", two_factor_enabled=True,
        last_security_review=timezone.localdate() - timedelta(days=20))
    ChannelHygiene.objects.create(channel=site, recovery_email="quantri@thcs-benthuy.songlam.edu.vn")
    page = OfficialChannel.objects.create(unit=unit, kind="facebook", name="Fanpage THCS Bến Thủy",
                                          address="https://www.facebook.com/thcsbenthuy", admin_names="Một người")
    demo["SGD-SL"].phone = "0238 3844 444"
    demo["SGD-SL"].save()
    return unit, site, page


def text_of(document: Document) -> str:
    return "\n".join([document.scope, document.contents, document.organisation, document.purposes])


def test_the_template_is_offered_with_the_other_plans():
    template = templates_data.get(CODE)
    assert template is not None and template.kind == "plan"
    assert "phương án bảo vệ an ninh mạng" in template.data["title"].lower()


def test_the_plan_fills_itself_from_the_registry_and_the_checklist(registry, demo):
    unit, site, page = registry
    document = services.create_from_template(CODE, unit, leader())
    text = text_of(document)
    # systems and responsible people from the registry
    for value in (site.name, site.address, page.name, "Bùi Thị Hằng", "Trịnh Văn Khoa", "Thông tin chính thức"):
        assert value in text, value
    # the hygiene checklist: compliance and what is still to fix
    assert "Mức độ tuân thủ an toàn tài khoản: 50%" in text
    assert "Fanpage THCS Bến Thủy: chưa đạt" in text and "Đã bật xác thực hai bước" in text
    # what is and is not allowed, the response steps, the contacts
    assert "Những việc được làm" in document.contents and "Những việc không được làm" in document.contents
    assert "đổi mật khẩu quản trị" in document.contents and "72 giờ" in document.contents
    assert "113" in document.organisation and demo["SGD-SL"].name in document.organisation
    assert "0238 3844 444" in document.organisation and "0238 3855 000" in document.organisation
    assert "hằng năm" in document.organisation
    assert document.tasks.exists()


def test_a_unit_without_channels_is_told_to_register_them(demo):
    # Written by the ward's leader, above the school: a school's principal may not write another school's plan.
    ward_leader = get_user_model().objects.get(username="xa.hongson")
    document = services.create_from_template(CODE, demo["THCS-HONGSON"], ward_leader)
    assert "chưa đăng ký kênh chính thức nào" in document.scope


def test_other_templates_are_not_filled(registry):
    unit, _, _ = registry
    document = services.create_from_template("nam-dinh-2024", unit, leader())
    assert "Website THCS Bến Thủy" not in text_of(document)


def test_exported_as_docx(registry, user_client):
    unit, site, _ = registry
    document = services.create_from_template(CODE, unit, leader())
    response = user_client("thcs.hieutruong").get(reverse("plans:document_export", kwargs={"pk": document.pk,
                                                                                           "fmt": "docx"}))
    assert response.status_code == 200
    docx = Docx(io.BytesIO(b"".join(response.streaming_content) if response.streaming else response.content))
    body = "\n".join(p.text for p in docx.paragraphs)
    assert "PHƯƠNG ÁN BẢO VỆ AN NINH MẠNG" in body.upper()
    assert site.name in body and "113" in body and "Những việc không được làm" in body


def test_yearly_review_reminder(registry):
    unit, _, _ = registry
    document = services.create_from_template(CODE, unit, leader())
    Document.objects.filter(pk=document.pk).update(issued_on=date(2025, 12, 20))
    assert security_plan.review_due_on(unit) == date(2026, 12, 20)
    # 30 days ahead: not yet
    assert security_plan.remind_reviews(today=date(2026, 11, 10)) == 0
    assert security_plan.remind_reviews(today=date(2026, 12, 6)) == 1
    note = Notification.objects.filter(user=leader(), kind="security").first()
    assert "rà soát" in note.text and "20/12/2026" in note.text
    # not again the next hour, nor the next day
    assert security_plan.remind_reviews(today=date(2026, 12, 7)) == 0
    # a new plan from the template resets the clock
    services.create_from_template(CODE, unit, leader())
    assert security_plan.remind_reviews(today=date(2026, 12, 20)) == 0


def test_watch_remind_command_reminds_the_review(registry):
    unit, _, _ = registry
    document = services.create_from_template(CODE, unit, leader())
    Document.objects.filter(pk=document.pk).update(issued_on=timezone.localdate() - timedelta(days=400))
    out = StringIO()
    call_command("watch", "remind", stdout=out)
    assert "Đã nhắc rà soát 1 phương án bảo vệ an ninh mạng." in out.getvalue()


def test_hygiene_page_shows_the_plans_review_date(registry, user_client):
    unit, _, _ = registry
    page = user_client("thcs.quantri").get(reverse("watch:hygiene")).content.decode()
    assert "Phương án bảo vệ an ninh mạng: chưa có" in page
    document = services.create_from_template(CODE, unit, leader())
    Document.objects.filter(pk=document.pk).update(issued_on=date(2025, 1, 10))
    page = user_client("thcs.quantri").get(reverse("watch:hygiene")).content.decode()
    assert "hạn rà soát hằng năm 10/01/2026" in page and "đã quá hạn" in page
