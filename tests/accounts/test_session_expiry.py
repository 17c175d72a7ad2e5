"""Sessions end after inactivity and at browser close; log-out is by POST only."""

from datetime import timedelta

from django.contrib.sessions.models import Session
from django.utils import timezone

from tests.accounts.conftest import log_in


def test_cookie_ends_with_the_browser(client, user):
    response = log_in(client, "lan.nguyen")
    cookie = response.cookies["sessionid"]
    assert not cookie["expires"] and not cookie["max-age"]
    assert cookie["httponly"]


def test_each_request_extends_the_session(settings, client, user):
    log_in(client, "lan.nguyen")
    session = Session.objects.get()
    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))
    client.get("/")
    renewed = Session.objects.get(pk=session.pk).expire_date
    assert renewed > timezone.now() + timedelta(seconds=settings.SESSION_COOKIE_AGE - 60)


def test_expired_session_is_sent_to_log_in(client, user):
    log_in(client, "lan.nguyen")
    assert client.get("/tai-khoan/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))
    response = client.get("/tai-khoan/")
    assert response.status_code == 302
    assert response["Location"].startswith("/tai-khoan/dang-nhap/?next=/tai-khoan/")


def test_logout_get_only_asks(client, user):
    log_in(client, "lan.nguyen")
    response = client.get("/tai-khoan/dang-xuat/")
    assert response.status_code == 200
    assert "Bạn muốn đăng xuất khỏi Mạng Xanh?" in response.content.decode()
    assert client.get("/").status_code == 200


def test_logout_post_ends_the_session(client, user):
    log_in(client, "lan.nguyen")
    old_key = client.session.session_key
    response = client.post("/tai-khoan/dang-xuat/")
    assert response.status_code == 302
    assert response["Location"] == "/tai-khoan/dang-nhap/"
    assert not Session.objects.filter(pk=old_key).exists()
    assert client.get("/tai-khoan/").status_code == 302


def test_logout_other_methods_refused(client, user):
    log_in(client, "lan.nguyen")
    assert client.put("/tai-khoan/dang-xuat/").status_code == 405
    assert client.get("/").status_code == 200
