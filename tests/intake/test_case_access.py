"""Must hold: a case officer of another school gets 404; only child-protection officers of the
responsible unit or above see a victim's identity, and every view is audited."""

from __future__ import annotations

import pytest

from mangxanh.audit.models import AuditEntry
from tests.intake.conftest import submit


@pytest.fixture
def case(victim_case):
    return victim_case


@pytest.mark.parametrize("username, status", [
    ("thcs.xuly", 200), ("so.xuly", 200), ("thcs.hieutruong", 200), ("thcs.baovetre", 200),
    ("hongson.duyet", 404), ("thcs.bientap", 404), ("thpt.bientap", 404), ("xa.hongson", 404),
])
def test_case_detail_scope(user_client, case, username, status):
    assert user_client(username).get(f"/vu-viec/{case.pk}/").status_code == status


def test_case_officer_of_another_school_gets_404(user_client, case, demo):
    from django.contrib.auth import get_user_model

    from mangxanh.org.models import Membership, Role

    other = get_user_model().objects.create(username="hongson.xuly", full_name="Cán bộ Hồng Sơn")
    Membership.objects.create(user=other, unit=demo["THCS-HONGSON"], role=Role.CASE_OFFICER)
    client = user_client("hongson.xuly")
    assert client.get(f"/vu-viec/{case.pk}/").status_code == 404
    assert client.post(f"/vu-viec/{case.pk}/trang-thai/", {"state": "verifying"}).status_code == 404
    case.refresh_from_db()
    assert case.state == "new"
    assert case.number not in client.get("/vu-viec/danh-sach/").content.decode()
    assert case.number not in client.get("/vu-viec/").content.decode()


@pytest.mark.parametrize("username, allowed", [
    ("thcs.baovetre", True), ("so.baovetre", True),
    ("thcs.xuly", False), ("so.xuly", False), ("admin", False), ("thcs.hieutruong", False), ("so.lanhdao", False),
])
def test_victim_identity_only_for_child_protection(user_client, case, username, allowed):
    client = user_client(username)
    victim = client.get(f"/vu-viec/{case.pk}/nan-nhan/")
    assert victim.status_code == (200 if allowed else 404)
    detail = client.get(f"/vu-viec/{case.pk}/").content.decode()
    assert "Nguyễn Thị Lan Anh" not in detail  # never on the case page itself
    if allowed:
        assert "Nguyễn Thị Lan Anh" in victim.content.decode()
        assert AuditEntry.objects.filter(action="view", object_id=str(case.victim_support.pk)).exists()


def test_child_protection_officer_of_another_school_sees_nothing(user_client, case, demo):
    from django.contrib.auth import get_user_model

    from mangxanh.org.models import Membership, Role

    other = get_user_model().objects.create(username="hongson.bvte", full_name="BVTE Hồng Sơn")
    Membership.objects.create(user=other, unit=demo["THCS-HONGSON"], role=Role.CHILD_PROTECTION)
    assert user_client("hongson.bvte").get(f"/vu-viec/{case.pk}/nan-nhan/").status_code == 404


def test_support_actions_recorded(user_client, case):
    client = user_client("thcs.baovetre")
    client.post(f"/vu-viec/{case.pk}/nan-nhan/", {"action": "support_action", "kind": "counselling",
                                                 "note": "Tư vấn lần 1", "follow_up_on": "2026-12-01"})
    assert case.victim_support.actions.get().note == "Tư vấn lần 1"


def test_reporter_contact_only_for_case_officers(user_client, demo):
    case = submit(unit=demo["THCS-BENTHUY"], anonymous=False, contact="0933444555", reported_account="q").report.case
    assert "0933444555" in user_client("thcs.xuly").get(f"/vu-viec/{case.pk}/").content.decode()
    assert "0933444555" not in user_client("thcs.hieutruong").get(f"/vu-viec/{case.pk}/").content.decode()
