"""Channel hygiene checklist, unit compliance and roll-up, and hand-over when an admin leaves."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from mangxanh.org.models import Membership
from mangxanh.review.models import OfficialChannel
from mangxanh.watch import hygiene
from mangxanh.watch.models import ChannelHygiene, HandoverTask

pytestmark = pytest.mark.django_db
TODAY = date(2026, 12, 6)


def user(name):
    return get_user_model().objects.get(username=name)


@pytest.fixture
def channels(demo):
    unit = demo["THCS-BENTHUY"]
    good = OfficialChannel.objects.create(unit=unit, kind="facebook", name="Fanpage THCS Bến Thủy",
                                          address="https://facebook.com/thcsbenthuy", two_factor_enabled=True,
                                          last_security_review=TODAY - timedelta(days=30),
                                          admin_names="Bùi Thị Hằng")
    good.admin_users.add(user("thcs.quantri"))
    ChannelHygiene.objects.create(channel=good, recovery_email="quantri@thcs-benthuy.songlam.edu.vn")
    bad = OfficialChannel.objects.create(unit=unit, kind="zalo_oa", name="Zalo THCS Bến Thủy",
                                         address="https://zalo.me/123456", admin_names="Một người",
                                         last_security_review=TODAY - timedelta(days=400))
    ChannelHygiene.objects.create(channel=bad, recovery_email="thaygiao@gmail.com")
    return good, bad


def test_checklist_per_channel(channels):
    good, bad = channels
    assert hygiene.report(good, TODAY).results == {"admins": True, "two_factor": True, "recovery_email": True,
                                                   "reviewed": True}
    report = hygiene.report(bad, TODAY)
    assert report.results == {"admins": False, "two_factor": False, "recovery_email": False, "reviewed": False}
    assert report.percent == 0


def test_same_person_twice_counts_once(channels):
    good, _ = channels
    good.admin_names = "trịnh văn khoa\nTrịnh Văn Khoa"
    good.save()
    assert not hygiene.report(good, TODAY).results["admins"]


def test_recovery_email_on_the_units_domain():
    domains = {"thcsbenthuy.edu.vn"}
    assert hygiene.on_domains("a@thcsbenthuy.edu.vn", domains)
    assert hygiene.on_domains("a@mail.thcsbenthuy.edu.vn", domains)
    assert not hygiene.on_domains("a@thcsbenthuy.edu.vn.com", domains)
    assert not hygiene.on_domains("a@gmail.com", domains) and not hygiene.on_domains("", domains)


def test_unit_compliance_and_roll_up(channels, demo):
    assert hygiene.unit_compliance(demo["THCS-BENTHUY"], TODAY).percent == 50  # 4 of 8 checks
    OfficialChannel.objects.create(unit=demo["THCS-HONGSON"], kind="facebook", name="Fanpage Hồng Sơn",
                                   address="https://facebook.com/thcshongson")
    percent, rows = hygiene.rollup(demo["SGD-SL"], TODAY)
    assert percent == 33  # 4 of 12
    assert {row.unit.code for row in rows} == {"THCS-BENTHUY", "THCS-HONGSON"}
    assert hygiene.rollup(demo["XA-HONGSON"], TODAY)[0] == 0


def test_membership_ended_raises_a_hand_over_task(channels, demo):
    good, _ = channels
    admin = user("thcs.quantri")
    Membership.objects.filter(user=admin, unit=demo["THCS-BENTHUY"]).delete()
    task = HandoverTask.objects.get()
    assert task.channel == good and task.former_admin == admin and task.former_admin_name == "Trịnh Văn Khoa"
    hygiene.raise_handovers(admin)
    assert HandoverTask.objects.count() == 1  # not twice


def test_one_role_removed_of_several_is_not_leaving(channels, demo):
    good, _ = channels
    good.admin_users.add(user("thcs.hieutruong"))  # leader and reviewer of the school
    Membership.objects.filter(user__username="thcs.hieutruong", role="reviewer").delete()
    assert not HandoverTask.objects.exists()


def test_deactivated_account_raises_hand_over_tasks(channels):
    admin = user("thcs.quantri")
    admin.is_active = False
    admin.save()
    assert HandoverTask.objects.count() == 1


def test_deleting_the_account_does_not_break(channels):
    user("thcs.quantri").delete()
    assert not HandoverTask.objects.exists()


def test_hand_over_done_through_the_screen(channels, demo, user_client):
    good, _ = channels
    admin = user("thcs.quantri")
    Membership.objects.filter(user=admin, unit=demo["THCS-BENTHUY"]).delete()
    client = user_client("thcs.hieutruong")
    page = client.get(reverse("watch:hygiene")).content.decode()
    assert "Kênh cần bàn giao quyền quản trị" in page and "Trịnh Văn Khoa" in page and "50% đạt" in page
    task = HandoverTask.objects.get()
    client.post(reverse("watch:handover_done", kwargs={"pk": task.pk}))
    task.refresh_from_db()
    assert task.done_at and task.done_by.username == "thcs.hieutruong"
    assert admin not in good.admin_users.all()


def test_recovery_email_form(channels, user_client):
    _, bad = channels
    client = user_client("thcs.hieutruong")
    url = reverse("watch:hygiene_edit", kwargs={"pk": bad.pk})
    assert "Chưa đạt" in client.get(url).content.decode()
    client.post(url, {"recovery_email": "zalo@thcs-benthuy.songlam.edu.vn"})
    assert hygiene.report(bad, TODAY).results["recovery_email"]
    response = client.post(url, {"recovery_email": "khong-phai-email"})
    assert response.status_code == 200 and "Nhập" in response.content.decode()


def test_recovery_email_change_is_audited(channels, user_client):
    from mangxanh.audit.models import AuditEntry

    _, bad = channels
    user_client("thcs.hieutruong").post(reverse("watch:hygiene_edit", kwargs={"pk": bad.pk}),
                                        {"recovery_email": "zalo@thcs-benthuy.songlam.edu.vn"})
    assert AuditEntry.objects.filter(object_repr__icontains="zalo@thcs-benthuy").exists()
