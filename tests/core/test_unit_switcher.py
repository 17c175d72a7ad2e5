"""The unit switcher accepts only the person's own units and safe redirect targets."""

import pytest

from mangxanh.org.middleware import SESSION_KEY


@pytest.fixture
def teacher(demo, user_client):
    return user_client("gv.haitruong")


def test_switching_to_own_second_school(teacher, demo):
    target = demo["THCS-BENTHUY"]
    response = teacher.post("/chon-don-vi/", {"unit": target.pk, "next": "/don-vi/"})
    assert response.status_code == 302
    assert response["Location"] == "/don-vi/"
    assert teacher.session[SESSION_KEY] == target.pk
    assert "Đơn vị: <strong>Trường THCS Bến Thủy</strong>" in teacher.get("/").content.decode()


@pytest.mark.parametrize("value", ["", "abc", "1.5", "9" * 40, "Trường", "-1", "1 OR 1=1"])
def test_bad_unit_values_are_404_and_change_nothing(teacher, value):
    before = teacher.session.get(SESSION_KEY)
    response = teacher.post("/chon-don-vi/", {"unit": value})
    assert response.status_code == 404
    assert "Không tìm thấy" in response.content.decode()
    assert teacher.session.get(SESSION_KEY) == before


def test_broken_utf8_is_404(teacher):
    response = teacher.post(
        "/chon-don-vi/", data=b"unit=%C6%B0%FF%FE&next=%FF", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 404
    assert SESSION_KEY not in teacher.session


def test_another_schools_unit_is_404(teacher, demo):
    response = teacher.post("/chon-don-vi/", {"unit": demo["THCS-HONGSON"].pk})
    assert response.status_code == 404
    assert SESSION_KEY not in teacher.session


def test_missing_unit_field_is_404(teacher):
    assert teacher.post("/chon-don-vi/", {}).status_code == 404


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/x", "javascript:alert(1)"])
def test_redirects_only_inside_the_site(teacher, demo, target):
    response = teacher.post("/chon-don-vi/", {"unit": demo["THCS-BENTHUY"].pk, "next": target})
    assert response.status_code == 302
    assert response["Location"] == "/"


def test_get_is_not_allowed(teacher):
    assert teacher.get("/chon-don-vi/").status_code == 405
