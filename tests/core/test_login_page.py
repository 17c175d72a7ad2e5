import pytest


@pytest.mark.django_db
def test_login_page_is_vietnamese(client):
    response = client.get("/tai-khoan/dang-nhap/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Tên đăng nhập hoặc e-mail" in body


@pytest.mark.django_db
def test_home_requires_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/")


def test_each_demo_user_logs_in_with_printed_password(client, demo):
    from mangxanh.org.demo import DEMO_PASSWORD, USERS

    for username, *_ in USERS:
        response = client.post("/tai-khoan/dang-nhap/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        home = client.get("/")
        assert home.status_code == 200
        assert "Xin chào" in home.content.decode()
        client.post("/tai-khoan/dang-xuat/")
