"""Four eyes for the child-protection role: one administrator asks, a second person approves, the
unit's leader is told; until then the role does not exist and victims stay hidden."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.urls import reverse

from mangxanh.intake.models import VictimSupport
from mangxanh.org.models import Membership, Role, RoleRequest, RoleRequestStatus
from tests.intake.conftest import submit

from .importfiles import csv_bytes, upload

User = get_user_model()
GRANT = "/don-vi/nguoi-dung/{pk}/vai-tro/"


@pytest.fixture(autouse=True)
def _limits(settings, tmp_path, immediate_tasks):  # leaders' e-mail is a task queued after commit (core.notify)
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INTAKE_RATE_LIMITS = {"report": (1000, 600), "lookup": (1000, 600)}


@pytest.fixture
def case(demo):
    case = submit(categories=["child_abuse"], unit=demo["THCS-BENTHUY"], description="Học sinh bị dụ gửi ảnh").report.case
    VictimSupport.objects.create(case=case, victim_name="Nguyễn Thị Lan Anh")
    return case


def _ask_for_self(demo, user_client, django_capture_on_commit_callbacks):
    admin = User.objects.get(username="thcs.quantri")
    client = user_client("thcs.quantri")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(GRANT.format(pk=admin.pk), {"unit": demo["THCS-BENTHUY"].pk,
                                                           "role": Role.CHILD_PROTECTION}, follow=True)
    return admin, client, response


def test_an_administrator_cannot_give_themselves_child_protection(demo, user_client, case,
                                                                  django_capture_on_commit_callbacks):
    admin, client, response = _ask_for_self(demo, user_client, django_capture_on_commit_callbacks)
    assert "người thứ hai" in response.content.decode()
    assert not Membership.objects.filter(user=admin, role=Role.CHILD_PROTECTION).exists()
    assert RoleRequest.objects.get(user=admin).status == RoleRequestStatus.PENDING
    assert client.get(f"/vu-viec/{case.pk}/nan-nhan/").status_code == 404  # no effect before approval
    # The school's leader is told at once.
    [message] = mail.outbox
    assert message.to == ["thcs.hieutruong@demo.songlam.edu.vn"]
    assert "Đề nghị giao vai trò Cán bộ bảo vệ trẻ em" in message.subject and "Trịnh Văn Khoa" in message.body


def test_the_asker_and_the_receiver_cannot_approve(demo, user_client, django_capture_on_commit_callbacks):
    admin, client, _ = _ask_for_self(demo, user_client, django_capture_on_commit_callbacks)
    request = RoleRequest.objects.get(user=admin)
    assert client.post(reverse("org:role_request_decide", args=[request.pk]),
                       {"decision": "approve"}).status_code == 404
    assert "Không có đề nghị nào chờ bạn phê duyệt" in client.get(reverse("org:role_requests")).content.decode()
    # Nor can someone who has no say over that school.
    assert user_client("xa.hongson").post(reverse("org:role_request_decide", args=[request.pk]),
                                          {"decision": "approve"}).status_code == 404
    assert not Membership.objects.filter(user=admin, role=Role.CHILD_PROTECTION).exists()


@pytest.mark.parametrize("approver", ["thcs.hieutruong", "so.quantri"])
def test_a_second_person_approves_then_it_takes_effect_and_the_leader_is_told(
        demo, user_client, case, approver, django_capture_on_commit_callbacks):
    admin, client, _ = _ask_for_self(demo, user_client, django_capture_on_commit_callbacks)
    mail.outbox.clear()
    second = user_client(approver)
    page = second.get(reverse("org:role_requests")).content.decode()
    assert "Trịnh Văn Khoa" in page and "Phê duyệt" in page
    request = RoleRequest.objects.get(user=admin)
    with django_capture_on_commit_callbacks(execute=True):
        response = second.post(reverse("org:role_request_decide", args=[request.pk]), {"decision": "approve"})
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.status == RoleRequestStatus.APPROVED and request.decided_by.username == approver
    assert Membership.objects.filter(user=admin, unit=demo["THCS-BENTHUY"], role=Role.CHILD_PROTECTION).exists()
    assert client.get(f"/vu-viec/{case.pk}/nan-nhan/").status_code == 200
    [message] = mail.outbox
    assert message.to == ["thcs.hieutruong@demo.songlam.edu.vn"] and "Đã giao vai trò" in message.subject
    # A decided request cannot be decided again.
    assert second.post(reverse("org:role_request_decide", args=[request.pk]),
                       {"decision": "reject"}).status_code == 404


def test_a_rejected_request_grants_nothing(demo, user_client, django_capture_on_commit_callbacks):
    admin, _, _ = _ask_for_self(demo, user_client, django_capture_on_commit_callbacks)
    request = RoleRequest.objects.get(user=admin)
    user_client("thcs.hieutruong").post(reverse("org:role_request_decide", args=[request.pk]), {"decision": "reject"})
    request.refresh_from_db()
    assert request.status == RoleRequestStatus.REJECTED
    assert not Membership.objects.filter(user=admin, role=Role.CHILD_PROTECTION).exists()


def test_other_roles_still_take_effect_at_once(demo, user_client):
    person = User.objects.get(username="thcs.giaovien")
    user_client("thcs.quantri").post(GRANT.format(pk=person.pk), {"unit": demo["THCS-BENTHUY"].pk,
                                                                  "role": Role.CASE_OFFICER})
    assert Membership.objects.filter(user=person, role=Role.CASE_OFFICER).exists()
    assert not RoleRequest.objects.exists()


def test_creating_a_person_with_child_protection_only_asks(demo, user_client):
    user_client("thcs.quantri").post("/don-vi/nguoi-dung/them/", {
        "full_name": "Lê Thị Hoa", "username": "le.hoa", "email": "le.hoa@thcs.vn", "phone": "",
        "unit": demo["THCS-BENTHUY"].pk, "roles": [Role.TEACHER, Role.CHILD_PROTECTION],
    })
    person = User.objects.get(username="le.hoa")
    assert set(person.memberships.values_list("role", flat=True)) == {Role.TEACHER}
    assert person.role_requests.get().role == Role.CHILD_PROTECTION


def test_importing_child_protection_only_asks(demo, user_client):
    rows = [["Nguyễn Văn An", "nv.an", "nv.an@thcs.vn", "", "THCS-BENTHUY", "Giáo viên, Cán bộ bảo vệ trẻ em"]]
    user_client("xa.benthuy.quantri").post("/don-vi/nguoi-dung/nhap-tep/",
                                           {"file": upload(csv_bytes(rows), "danh-sach.csv")})
    person = User.objects.get(username="nv.an")
    assert set(person.memberships.values_list("role", flat=True)) == {Role.TEACHER}
    assert person.role_requests.get().requested_by.username == "xa.benthuy.quantri"


def test_the_admin_site_is_no_way_round(demo, user_client):
    person = User.objects.get(username="thcs.giaovien")
    response = user_client("admin").post("/quan-tri/org/membership/add/", {
        "user": person.pk, "unit": demo["THCS-BENTHUY"].pk, "role": Role.CHILD_PROTECTION,
    })
    assert response.status_code == 200 and "người thứ hai phê duyệt" in response.content.decode()
    assert not Membership.objects.filter(user=person, role=Role.CHILD_PROTECTION).exists()


def test_leaders_get_an_in_app_notice_and_the_mail_waits_for_the_commit(demo, immediate_tasks,
                                                                        django_capture_on_commit_callbacks):
    from mangxanh.org import grants
    from mangxanh.review.models import Notification

    admin, person = User.objects.get(username="thcs.quantri"), User.objects.get(username="thcs.giaovien")
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        grants.grant(admin, person, demo["THCS-BENTHUY"], Role.CHILD_PROTECTION)
        # core.notify: the bell in the same transaction as the request ...
        notice = Notification.objects.get(user__username="thcs.hieutruong", kind="role_request")
        assert "Phan Thị Ngọc" in notice.text and notice.url == reverse("org:role_requests")
    assert not mail.outbox and callbacks  # ... the e-mail only once it commits
    for callback in callbacks:
        callback()
    [message] = mail.outbox
    assert message.to == ["thcs.hieutruong@demo.songlam.edu.vn"]
    assert message.subject == "[Mạng Xanh] Đề nghị giao vai trò Cán bộ bảo vệ trẻ em"


@pytest.mark.django_db(transaction=True)
def test_a_failing_mail_server_rolls_back_no_role_request(demo, settings, immediate_tasks):
    from mangxanh.org import grants
    from mangxanh.review.models import Notification
    from tests.core.test_notify import RefusingBackend

    settings.EMAIL_BACKEND = "tests.core.test_notify.RefusingBackend"
    RefusingBackend.attempts.clear()
    admin, person = User.objects.get(username="thcs.quantri"), User.objects.get(username="thcs.giaovien")
    request = grants.grant(admin, person, demo["THCS-BENTHUY"], Role.CHILD_PROTECTION)
    grants.approve(request, User.objects.get(username="so.quantri"))
    assert RoleRequest.objects.get(pk=request.pk).status == RoleRequestStatus.APPROVED
    assert Membership.objects.filter(user=person, role=Role.CHILD_PROTECTION).exists()
    assert Notification.objects.filter(user__username="thcs.hieutruong", kind="role_request").count() == 2
    assert RefusingBackend.attempts.count("thcs.hieutruong@demo.songlam.edu.vn") == 2 and not mail.outbox


def test_grant_checks_the_granter_itself(demo):
    from django.core.exceptions import PermissionDenied

    from mangxanh.org import grants

    person = User.objects.get(username="thcs.giaovien")
    for granter, role in (("thcs.bientap", Role.CASE_OFFICER), ("xa.hongson", Role.CASE_OFFICER),
                          ("thcs.quantri", Role.SYSTEM_ADMIN), ("thcs.bientap", Role.CHILD_PROTECTION)):
        with pytest.raises(PermissionDenied):
            grants.grant(User.objects.get(username=granter), person, demo["THCS-BENTHUY"], role)
    assert set(person.memberships.values_list("role", flat=True)) == {Role.TEACHER}
    assert not RoleRequest.objects.exists()
