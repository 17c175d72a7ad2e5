"""Creating, editing and deactivating units, within the manager's subtree only."""

import pytest

from mangxanh.org.models import Unit, UnitType

from .helpers import snapshot


def _form(**extra):
    data = {
        "unit_type": UnitType.objects.get(code="truong-tieu-hoc").pk,
        "name": "Trường Tiểu học Bến Thủy 2",
        "short_name": "TH Bến Thủy 2",
        "code": "th-benthuy2",
        "address": "Phường Bến Thủy",
    }
    data.update(extra)
    return data


def test_commune_admin_creates_child_unit(demo, user_client):
    client = user_client("xa.benthuy.quantri")
    response = client.post(f"/don-vi/{demo['XA-BENTHUY'].pk}/them-don-vi/", _form())
    unit = Unit.objects.get(code="TH-BENTHUY2")
    assert response.status_code == 302
    assert unit.parent_unit().code == "XA-BENTHUY"


def test_create_under_neighbour_commune_is_404_and_changes_nothing(demo, user_client):
    before = snapshot()
    response = user_client("xa.benthuy.quantri").post(
        f"/don-vi/{demo['XA-HONGSON'].pk}/them-don-vi/", _form()
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_leader_may_see_but_not_edit(demo, user_client):
    client = user_client("xa.benthuy")
    assert client.get(f"/don-vi/{demo['THCS-BENTHUY'].pk}/sua/").status_code == 403
    assert client.post(f"/don-vi/{demo['XA-BENTHUY'].pk}/them-don-vi/", _form()).status_code == 403
    assert not Unit.objects.filter(code="TH-BENTHUY2").exists()


def test_school_admin_cannot_touch_parent(demo, user_client):
    client = user_client("thcs.quantri")
    assert client.get(f"/don-vi/{demo['XA-BENTHUY'].pk}/sua/").status_code == 404
    assert client.post(f"/don-vi/{demo['XA-BENTHUY'].pk}/trang-thai/").status_code == 404
    assert Unit.objects.get(code="XA-BENTHUY").is_active


def test_edit_unit_and_duplicate_code_refused(demo, user_client):
    client = user_client("xa.benthuy.quantri")
    unit = demo["THCS-BENTHUY"]
    data = _form(name="Trường THCS Bến Thủy (mới)", code="THCS-BENTHUY", unit_type=unit.unit_type_id)
    assert client.post(f"/don-vi/{unit.pk}/sua/", data).status_code == 302
    unit.refresh_from_db()
    assert unit.name == "Trường THCS Bến Thủy (mới)"
    response = client.post(f"/don-vi/{unit.pk}/sua/", _form(code="thcs-hongson", unit_type=unit.unit_type_id))
    assert response.status_code == 200
    assert "Mã đơn vị này đã được dùng." in response.content.decode()
    unit.refresh_from_db()
    assert unit.code == "THCS-BENTHUY"


def test_missing_name_gives_vietnamese_error(demo, user_client):
    before = snapshot()
    response = user_client("xa.benthuy.quantri").post(
        f"/don-vi/{demo['XA-BENTHUY'].pk}/them-don-vi/", _form(name="")
    )
    assert response.status_code == 200
    assert "bắt buộc" in response.content.decode()
    assert snapshot() == before


def test_deactivate_and_reactivate_keeps_data(demo, user_client):
    client = user_client("xa.benthuy.quantri")
    school = demo["MN-HOASEN"]
    client.post(f"/don-vi/{school.pk}/trang-thai/")
    school.refresh_from_db()
    assert not school.is_active
    assert Unit.objects.filter(pk=school.pk).exists()
    client.post(f"/don-vi/{school.pk}/trang-thai/")
    school.refresh_from_db()
    assert school.is_active


def test_unit_admin_cannot_deactivate_own_unit(demo, user_client):
    response = user_client("thcs.quantri").post(f"/don-vi/{demo['THCS-BENTHUY'].pk}/trang-thai/")
    assert response.status_code == 403
    assert Unit.objects.get(code="THCS-BENTHUY").is_active


def test_cannot_deactivate_unit_with_active_children(demo, user_client):
    client = user_client("so.quantri")
    response = client.post(f"/don-vi/{demo['XA-BENTHUY'].pk}/trang-thai/", follow=True)
    assert "còn đơn vị trực thuộc đang hoạt động" in response.content.decode()
    assert Unit.objects.get(code="XA-BENTHUY").is_active


@pytest.mark.parametrize("method", ["get", "post"])
def test_teacher_gets_403_on_own_unit_management(demo, user_client, method):
    client = user_client("thcs.giaovien")
    response = getattr(client, method)(f"/don-vi/{demo['THCS-BENTHUY'].pk}/sua/")
    assert response.status_code == 403
