"""Who sees which part of the unit tree."""

import pytest


def _codes(response) -> str:
    return response.content.decode()


def test_commune_leader_sees_own_schools_only(demo, user_client):
    body = _codes(user_client("xa.benthuy").get("/don-vi/"))
    for code in ("XA-BENTHUY", "MN-HOASEN", "TH-BENTHUY", "THCS-BENTHUY"):
        assert code in body
    for code in ("XA-HONGSON", "THCS-HONGSON", "SGD-SL", "THPT-NGUYENDU", "PGD-NAMDAN"):
        assert code not in body


def test_school_user_sees_only_their_school(demo, user_client):
    body = _codes(user_client("thcs.bientap").get("/don-vi/"))
    assert "THCS-BENTHUY" in body
    for code in ("XA-BENTHUY", "TH-BENTHUY", "MN-HOASEN", "THCS-HONGSON", "SGD-SL"):
        assert code not in body


def test_department_leader_sees_whole_province(demo, user_client):
    body = _codes(user_client("so.lanhdao").get("/don-vi/"))
    for code in demo:
        assert code in body


@pytest.mark.parametrize(
    ("username", "code", "status"),
    [
        ("xa.benthuy", "THCS-BENTHUY", 200),
        ("xa.benthuy", "THCS-HONGSON", 404),
        ("xa.benthuy", "SGD-SL", 404),
        ("thcs.bientap", "THCS-BENTHUY", 200),
        ("thcs.bientap", "XA-BENTHUY", 404),
        ("thcs.bientap", "THCS-HONGSON", 404),
        ("hongson.bientap", "THCS-BENTHUY", 404),
    ],
)
def test_unit_detail_outside_scope_is_404(demo, user_client, username, code, status):
    assert user_client(username).get(f"/don-vi/{demo[code].pk}/").status_code == status


def test_filters_by_type_active_and_search(demo, user_client):
    client = user_client("so.lanhdao")
    body = _codes(client.get("/don-vi/", {"unit_type": "truong-thcs"}))
    assert "THCS-BENTHUY" in body and "THCS-HONGSON" in body
    assert "TH-BENTHUY<" not in body and "XA-BENTHUY" not in body
    body = _codes(client.get("/don-vi/", {"q": "Hồng Sơn"}))
    assert "THCS-HONGSON" in body and "THCS-BENTHUY" not in body
    demo["MN-SONCA"].is_active = False
    demo["MN-SONCA"].save()
    body = _codes(client.get("/don-vi/", {"active": "0"}))
    assert "MN-SONCA" in body and "THCS-HONGSON" not in body


def test_tree_shows_people_counts_and_detail_shows_people(demo, user_client):
    response = user_client("xa.benthuy").get(f"/don-vi/{demo['THCS-BENTHUY'].pk}/")
    body = response.content.decode()
    assert "Ngô Thanh Hương" in body and "Người soạn tin" in body
    assert "Lịch sử chuyển đơn vị" in body


def test_anonymous_is_sent_to_login(demo, client):
    response = client.get("/don-vi/")
    assert response.status_code == 302
    assert "/tai-khoan/dang-nhap/" in response["Location"]
