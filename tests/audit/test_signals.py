"""Creates, changes and deletes of registered models are recorded automatically."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from mangxanh import audit
from mangxanh.audit.chain import verify
from mangxanh.audit.models import AuditEntry
from mangxanh.org.models import Membership, Role, Unit, UnitMove, UnitType

User = get_user_model()


def entries_for(obj, action=None):
    qs = AuditEntry.objects.filter(object_type=obj._meta.label_lower, object_id=str(obj.pk))
    return qs.filter(action=action) if action else qs


@pytest.fixture
def admin(demo):
    return User.objects.get(username="thcs.quantri")


def test_unit_create_update_delete(demo, admin):
    parent = demo["XA-BENTHUY"]
    with audit.acting_as(admin, ip_address="10.0.0.5", unit=demo["THCS-BENTHUY"]):
        unit_type = UnitType.objects.get(code="truong-tieu-hoc")
        unit = Unit.objects.add_child(parent, {"unit_type": unit_type, "name": "Trường Tiểu học Mới", "code": "TH-MOI"})
        unit.phone = "0238 111 222"
        unit.save()
        unit.save()  # nothing changed: no entry
        unit_id = unit.pk
        unit.delete()
    created = AuditEntry.objects.get(object_type="org.unit", object_id=str(unit_id), action="create")
    assert created.changes["name"] == [None, "Trường Tiểu học Mới"]
    assert (created.actor_username, created.actor_ip) == ("thcs.quantri", "10.0.0.5")
    # The unit of a unit is itself.
    assert (created.unit_id, created.unit_path) == (unit_id, unit.path)
    updated = AuditEntry.objects.filter(object_type="org.unit", object_id=str(unit_id), action="update")
    assert [e.changes for e in updated] == [{"phone": ["", "0238 111 222"]}]
    deleted = AuditEntry.objects.get(object_type="org.unit", object_id=str(unit_id), action="delete")
    assert deleted.changes["code"] == ["TH-MOI", None]
    assert deleted.unit_path == unit.path  # still scoped to where it was after it is gone
    assert verify().ok


def test_user_password_is_never_stored(demo):
    user = User(username="gv.moi", full_name="Giáo viên Mới", email="gv.moi@example.vn")
    user.set_password("Mat-khau-bi-mat-123")
    user.save()
    hashed = user.password
    user.set_password("Mat-khau-moi-456")
    user.save()
    rows = entries_for(user)
    dump = str(list(rows.values("changes", "message", "object_repr")))
    assert "Mat-khau" not in dump and hashed not in dump and user.password not in dump
    assert rows.get(action="create").changes["password"] == [None, "***"]
    change = rows.get(action="update")
    assert change.changes == {"password": ["***", "***"]}
    assert change.message == "Mật khẩu đã đổi"


def test_last_login_alone_records_no_change(demo, client):
    user = User.objects.get(username="thcs.bientap")
    before = entries_for(user, "update").count()
    client.force_login(user)
    assert entries_for(user, "update").count() == before
    assert entries_for(user, "login").count() == 1


def test_user_update_and_group_membership(demo, admin):
    user = User.objects.get(username="thcs.giaovien")
    with audit.acting_as(admin):
        user.phone = "0912 345 678"
        user.save(update_fields=["phone"])
        group = Group.objects.create(name="Tổ Văn")
        user.groups.add(group)
        user.groups.remove(group)
    assert entries_for(user, "update").filter(changes__phone=["", "0912 345 678"]).exists()
    m2m = [e.changes for e in entries_for(user, "update").order_by("seq")][1:]
    assert m2m == [{"groups": {"added": [group.pk]}}, {"groups": {"removed": [group.pk]}}]
    # A user's entries belong to the unit where they hold a role.
    assert {e.unit_id for e in entries_for(user, "update")} == {demo["THCS-BENTHUY"].pk}


def test_membership_and_unit_type(demo, admin):
    user = User.objects.get(username="thcs.giaovien")
    with audit.acting_as(admin):
        membership = Membership.objects.create(user=user, unit=demo["THCS-BENTHUY"], role=Role.REVIEWER)
        membership_id = membership.pk
        membership.delete()
        unit_type = UnitType.objects.create(code="trung-tam-ngoai-ngu", name="Trung tâm ngoại ngữ", kind="other")
    created = AuditEntry.objects.get(object_type="org.membership", action="create", object_id=str(membership_id))
    assert created.changes["role"] == [None, "reviewer"]
    assert created.unit_id == demo["THCS-BENTHUY"].pk
    assert AuditEntry.objects.filter(object_type="org.membership", action="delete").exists()
    # Unit types belong to no unit: only system administrators see them.
    assert entries_for(unit_type, "create").get().unit_id is None


def test_unit_move_is_recorded(demo):
    school = demo["THCS-NAMDAN"]
    old_path = school.path
    school.move_under(demo["XA-HUNGLOC"], reason="Sáp nhập theo Nghị quyết")
    move = UnitMove.objects.get(unit=school)
    entry = entries_for(move, "create").get()
    assert entry.changes["reason"] == [None, "Sáp nhập theo Nghị quyết"]
    assert (entry.unit_id, entry.unit_path) == (school.pk, old_path)


def test_otp_devices_only_create_and_delete(demo):
    user = User.objects.get(username="thcs.quantri")
    device = TOTPDevice.objects.create(user=user, name="Điện thoại")
    device.last_t = 123456
    device.throttling_failure_count = 3
    device.save()
    static = StaticDevice.objects.create(user=user, name="Mã dự phòng")
    device_id = device.pk
    device.delete()
    rows = AuditEntry.objects.filter(object_type="otp_totp.totpdevice", object_id=str(device_id))
    assert list(rows.order_by("seq").values_list("action", flat=True)) == ["create", "delete"]
    create = rows.get(action="create")
    assert create.changes["key"] == [None, "***"]
    assert device.key not in str(create.changes)
    assert entries_for(static, "create").exists()


def test_registration_is_idempotent(demo):
    audit.register(UnitType, unit_field=None)
    audit.register(UnitType, unit_field=None)
    unit_type = UnitType.objects.create(code="loai-thu", name="Loại thử", kind="other")
    assert entries_for(unit_type, "create").count() == 1


def test_rolled_back_change_leaves_no_entry(demo):
    from django.db import transaction

    head = AuditEntry.objects.order_by("-seq").first().seq
    with pytest.raises(RuntimeError), transaction.atomic():
        Unit.objects.filter(code="TH-BENTHUY").get().delete()
        raise RuntimeError("huỷ")
    assert AuditEntry.objects.order_by("-seq").first().seq == head
    assert Unit.objects.filter(code="TH-BENTHUY").exists()
    assert verify().ok


def test_unregistered_models_keep_fast_bulk_deletes(db):
    from django.contrib.sessions.models import Session
    from django.db.models.deletion import Collector

    assert Collector(using="default").can_fast_delete(Session.objects.all())
    assert not Collector(using="default").can_fast_delete(UnitType.objects.all())


def test_deleting_people_and_units_keeps_their_entries(demo, user_client):
    user = User.objects.get(username="gv.haitruong")
    school = demo["MN-HOASEN"]
    user_id, school_id = user.pk, school.pk
    kept = AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user_id)).count()
    user.delete()
    school.delete()
    assert AuditEntry.objects.filter(object_type="accounts.user", object_id=str(user_id)).count() == kept + 1
    gone = AuditEntry.objects.get(object_type="org.unit", object_id=str(school_id), action="delete")
    assert gone.unit_path == school.path
    assert verify().ok
    response = user_client("admin").get("/nhat-ky/", {"q": "MN Hoa Sen"})
    assert response.status_code == 200 and school.path in response.content.decode()
