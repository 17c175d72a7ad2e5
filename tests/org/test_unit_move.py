"""Moving a unit under another unit: only within the mover's scope, and the history is kept."""

from mangxanh.org.models import Unit, UnitMove

from .helpers import snapshot


def test_department_admin_moves_school_and_history_shows(demo, user_client):
    client = user_client("so.quantri")
    school = demo["TH-NAMDAN"]
    response = client.post(
        f"/don-vi/{school.pk}/chuyen/",
        {"new_parent": demo["XA-HUNGLOC"].pk, "reason": "Sắp xếp sau sáp nhập"},
    )
    assert response.status_code == 302
    school.refresh_from_db()
    assert school.parent_unit().code == "XA-HUNGLOC"
    move = UnitMove.objects.get(unit=school)
    assert move.from_parent.code == "PGD-NAMDAN"
    assert move.to_parent.code == "XA-HUNGLOC"
    assert move.moved_by.username == "so.quantri"
    body = client.get(f"/don-vi/{school.pk}/").content.decode()
    assert "Sắp xếp sau sáp nhập" in body
    assert "Phòng GDĐT Nam Đàn (cũ)" in body


def test_history_survives_a_second_move(demo, user_client):
    client = user_client("so.quantri")
    school = demo["TH-NAMDAN"]
    client.post(f"/don-vi/{school.pk}/chuyen/", {"new_parent": demo["XA-HUNGLOC"].pk})
    client.post(f"/don-vi/{school.pk}/chuyen/", {"new_parent": demo["XA-NGHIPHONG"].pk})
    assert UnitMove.objects.filter(unit=school).count() == 2
    assert Unit.objects.get(pk=school.pk).parent_unit().code == "XA-NGHIPHONG"


def test_commune_admin_cannot_move_to_neighbour_commune(demo, user_client):
    before = snapshot()
    client = user_client("xa.benthuy.quantri")
    response = client.post(
        f"/don-vi/{demo['THCS-BENTHUY'].pk}/chuyen/", {"new_parent": demo["XA-HONGSON"].pk}
    )
    assert response.status_code == 200  # the form refuses: that unit is not a choice
    assert "lựa chọn hợp lệ" in response.content.decode()
    assert snapshot() == before
    assert Unit.objects.get(code="THCS-BENTHUY").parent_unit().code == "XA-BENTHUY"


def test_cannot_move_unit_of_another_commune(demo, user_client):
    before = snapshot()
    response = user_client("xa.benthuy.quantri").post(
        f"/don-vi/{demo['THCS-HONGSON'].pk}/chuyen/", {"new_parent": demo["XA-BENTHUY"].pk}
    )
    assert response.status_code == 404
    assert snapshot() == before


def test_cannot_move_into_own_subtree(demo, user_client):
    before = snapshot()
    response = user_client("so.quantri").post(
        f"/don-vi/{demo['XA-BENTHUY'].pk}/chuyen/", {"new_parent": demo["THCS-BENTHUY"].pk}
    )
    assert response.status_code == 200
    assert snapshot() == before


def test_leader_cannot_move(demo, user_client):
    response = user_client("so.lanhdao").post(
        f"/don-vi/{demo['TH-NAMDAN'].pk}/chuyen/", {"new_parent": demo["XA-HUNGLOC"].pk}
    )
    assert response.status_code == 403
    assert not UnitMove.objects.exists()


def test_the_move_and_edit_forms_show_their_heading_lead_and_buttons(demo, user_client):
    """The org form pages share one template (org/form_page.html); each keeps its own words and links."""
    client = user_client("so.quantri")
    school = demo["TH-NAMDAN"]
    body = client.get(f"/don-vi/{school.pk}/chuyen/").content.decode()
    assert f"<h1>Chuyển đơn vị: {school.name}</h1>" in body and "Hiện trực thuộc:" in body
    assert '<button type="submit">Chuyển</button>' in body and f'href="/don-vi/{school.pk}/"' in body
