"""Each role's home page says what that person does next, and only about their own units."""

import pytest
from django.contrib.auth import get_user_model

from mangxanh.org.demo import USERS
from mangxanh.org.models import Role


def _home(user_client, username: str) -> str:
    response = user_client(username).get("/")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "username, expected, absent",
    [
        ("thcs.bientap", "Soạn tin bài", "Duyệt hoặc trả lại"),
        ("thcs.duyet", "Duyệt hoặc trả lại", "Soạn tin bài"),
        ("thcs.xuly", "Tiếp nhận, xác minh và phân loại tin báo", "Soạn tin bài"),
        ("thcs.baovetre", "can thiệp trong vòng 12 giờ", "Soạn tin bài"),
        ("thcs.quantri", "Quản lý người dùng và vai trò", "Soạn tin bài"),
        ("thcs.giaovien", "Báo cáo nội dung độc hại", "Quản lý người dùng"),
        ("so.lanhdao", "ký và gửi báo cáo định kỳ", "Soạn tin bài"),
    ],
)
def test_next_steps_follow_the_role(demo, user_client, username, expected, absent):
    body = _home(user_client, username)
    assert "Việc cần làm" in body
    assert expected in body
    assert absent not in body


def test_every_demo_role_has_something_to_do(demo, user_client):
    for username, *_ in USERS:
        body = _home(user_client, username)
        assert "Việc cần làm" in body, username
        assert "Không có việc cần làm." not in body.split("Việc cần làm", 1)[1].split("</section>", 1)[0], username


def test_school_people_see_no_units_below_and_no_system_state(demo, user_client):
    body = _home(user_client, "thcs.hieutruong")
    assert "Đơn vị trực thuộc" not in body
    assert "Tình trạng hệ thống" not in body


def test_commune_leader_sees_only_own_schools(demo, user_client):
    body = _home(user_client, "xa.benthuy")
    assert "Đơn vị trực thuộc" in body
    for name in ("Trường Mầm non Hoa Sen", "Trường Tiểu học Bến Thủy", "Trường THCS Bến Thủy"):
        assert name in body
    assert "Hồng Sơn" not in body
    assert "Trường THPT" not in body


def test_system_administrator_sees_queue_state(demo, user_client):
    body = _home(user_client, "admin")
    assert "Tình trạng hệ thống" in body
    assert "Tác vụ đang chờ" in body
    assert 'href="/suc-khoe/"' in body


def test_person_without_a_unit_is_told_whom_to_ask(db, client):
    user = get_user_model().objects.create_user(username="moi.vao", password="x" * 12, full_name="Người Mới")
    client.force_login(user)
    body = client.get("/").content.decode()
    assert "chưa được gán vào đơn vị nào" in body
    assert "Việc cần làm" not in body


def test_roles_of_an_ancestor_unit_count_on_the_home_page(demo, user_client):
    # so.quantri administers the Sở; their home page lists the units below it.
    body = _home(user_client, "so.quantri")
    assert Role.UNIT_ADMIN.label in body
    assert "UBND phường Bến Thủy (3 trường)" in body
