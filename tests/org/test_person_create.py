"""Creating a person sends an invitation with a set-password link instead of a typed password."""

import re

from django.contrib.auth import get_user_model
from django.core import mail

from mangxanh.org.models import Membership, Role

from .helpers import snapshot

User = get_user_model()


def _data(demo, **extra):
    data = {
        "full_name": "Lê Thị Hoa",
        "username": "le.hoa",
        "email": "Le.Hoa@THCS.vn",
        "phone": "0912 345 678",
        "unit": demo["THCS-BENTHUY"].pk,
        "roles": [Role.TEACHER, Role.EDITOR],
    }
    data.update(extra)
    return data


def test_create_person_sends_invitation_that_sets_password(demo, user_client, client):
    response = user_client("thcs.quantri").post("/don-vi/nguoi-dung/them/", _data(demo))
    assert response.status_code == 302
    person = User.objects.get(username="le.hoa")
    assert person.email == "le.hoa@thcs.vn"
    assert not person.has_usable_password()
    assert set(Membership.objects.filter(user=person).values_list("role", flat=True)) == {
        Role.TEACHER,
        Role.EDITOR,
    }
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["le.hoa@thcs.vn"]
    assert "Mời bạn tham gia Mạng Xanh" in message.subject
    assert "Tên đăng nhập: le.hoa" in message.body
    link = re.search(r"http://testserver(/tai-khoan/dat-lai-mat-khau/\S+)", message.body).group(1)
    page = client.get(link, follow=True)
    assert page.status_code == 200
    form_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    client.post(form_url, {"new_password1": "Cay-Xanh-2026!", "new_password2": "Cay-Xanh-2026!"})
    person.refresh_from_db()
    assert person.check_password("Cay-Xanh-2026!")


def test_create_refuses_unit_outside_scope(demo, user_client):
    before = snapshot()
    response = user_client("thcs.quantri").post(
        "/don-vi/nguoi-dung/them/", _data(demo, unit=demo["THCS-HONGSON"].pk)
    )
    assert response.status_code == 200
    assert snapshot() == before
    assert not mail.outbox


def test_create_refuses_duplicate_username_and_email(demo, user_client):
    before = snapshot()
    response = user_client("thcs.quantri").post(
        "/don-vi/nguoi-dung/them/",
        _data(demo, username="THCS.BIENTAP", email="so.lanhdao@demo.songlam.edu.vn"),
    )
    body = response.content.decode()
    assert "Tên đăng nhập này đã có người dùng." in body
    assert "E-mail này đã được dùng" in body
    assert snapshot() == before
