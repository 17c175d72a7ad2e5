import pytest


@pytest.mark.django_db
def test_login_page_is_vietnamese(client):
    response = client.get("/tai-khoan/dang-nhap/")
    assert response.status_code == 200
    body = response.content.decode()
    assert '<html lang="vi">' in body
    assert "Tên đăng nhập hoặc e-mail" in body


@pytest.mark.django_db
def test_anonymous_home_is_a_public_page(client):
    """A parent with no account lands on what they can do, not on a bare log-in form."""
    response = client.get("/")
    assert response.status_code == 200
    body = response.content.decode()
    assert 'action="/kenh-chinh-thuc/"' in body and 'name="q"' in body
    assert 'href="/phan-anh/"' in body
    assert 'href="tel:111"' in body and 'href="tel:113"' in body
    assert 'href="/tai-khoan/dang-nhap/"' in body and "Đăng nhập" in body
    assert "Xin chào" not in body and "Đăng xuất" not in body
    # the public check works from the home page's form
    assert client.get("/kenh-chinh-thuc/", {"q": "THCS Bến Thủy"}).status_code == 200


def test_logged_in_home_keeps_the_role_home(client, demo):
    from django.contrib.auth import get_user_model

    client.force_login(get_user_model().objects.get(username="thcs.bientap"))
    body = client.get("/").content.decode()
    assert "Xin chào" in body and 'id="public-actions"' not in body


def test_each_demo_user_logs_in_with_printed_password(client, demo):
    from mangxanh.org.demo import DEMO_PASSWORD, USERS

    for username, *_ in USERS:
        response = client.post("/tai-khoan/dang-nhap/", {"username": username, "password": DEMO_PASSWORD})
        assert response.status_code == 302, username
        home = client.get("/")
        assert home.status_code == 200
        assert "Xin chào" in home.content.decode()
        client.post("/tai-khoan/dang-xuat/")
