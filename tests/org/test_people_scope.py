"""A unit administrator manages people only inside their own subtree."""

from django.contrib.auth import get_user_model

from .helpers import snapshot

User = get_user_model()


def _pk(username: str) -> int:
    return User.objects.get(username=username).pk


def _listed(body: str, username: str) -> bool:
    return f"<td>{username}</td>" in body


def test_school_admin_lists_only_own_school(demo, user_client):
    body = user_client("thcs.quantri").get("/don-vi/nguoi-dung/").content.decode()
    assert _listed(body, "thcs.bientap")
    for other in ("hongson.bientap", "so.lanhdao", "xa.benthuy", "thpt.bientap", "admin"):
        assert not _listed(body, other)


def test_school_admin_cannot_open_or_edit_people_elsewhere(demo, user_client):
    client = user_client("thcs.quantri")
    before = snapshot()
    for username in ("hongson.bientap", "so.lanhdao", "xa.benthuy"):
        pk = _pk(username)
        assert client.get(f"/don-vi/nguoi-dung/{pk}/").status_code == 404
        assert (
            client.post(f"/don-vi/nguoi-dung/{pk}/sua/", {"full_name": "X", "email": "x@x.vn"}).status_code
            == 404
        )
        assert client.post(f"/don-vi/nguoi-dung/{pk}/trang-thai/").status_code == 404
    assert snapshot() == before
    assert User.objects.get(username="so.lanhdao").is_active


def test_non_managers_have_no_people_screens(demo, user_client):
    for username in ("thcs.giaovien", "so.lanhdao", "xa.benthuy"):
        assert user_client(username).get("/don-vi/nguoi-dung/").status_code == 403


def test_commune_admin_sees_people_of_its_schools(demo, user_client):
    body = user_client("xa.benthuy.quantri").get("/don-vi/nguoi-dung/").content.decode()
    assert _listed(body, "thcs.bientap") and _listed(body, "gv.haitruong")
    assert not _listed(body, "hongson.bientap")


def test_filter_by_unit_and_role(demo, user_client):
    client = user_client("so.quantri")
    body = client.get("/don-vi/nguoi-dung/", {"role": "editor"}).content.decode()
    assert (
        _listed(body, "thcs.bientap") and _listed(body, "hongson.bientap") and not _listed(body, "thcs.duyet")
    )
    body = client.get("/don-vi/nguoi-dung/", {"unit": demo["XA-HONGSON"].pk}).content.decode()
    assert _listed(body, "hongson.bientap") and not _listed(body, "thcs.bientap")
    body = client.get("/don-vi/nguoi-dung/", {"q": "Hương"}).content.decode()
    assert _listed(body, "thcs.bientap") and not _listed(body, "hongson.bientap")


def test_edit_and_deactivate_person_in_scope(demo, user_client):
    client = user_client("thcs.quantri")
    pk = _pk("thcs.bientap")
    response = client.post(
        f"/don-vi/nguoi-dung/{pk}/sua/",
        {"full_name": "Ngô Thanh Hương", "email": "huong@thcs.vn", "phone": ""},
    )
    assert response.status_code == 302
    assert User.objects.get(pk=pk).email == "huong@thcs.vn"
    client.post(f"/don-vi/nguoi-dung/{pk}/trang-thai/")
    assert not User.objects.get(pk=pk).is_active
    client.post(f"/don-vi/nguoi-dung/{pk}/trang-thai/")
    assert User.objects.get(pk=pk).is_active


def test_edit_with_taken_email_is_refused(demo, user_client):
    pk = _pk("thcs.bientap")
    response = user_client("thcs.quantri").post(
        f"/don-vi/nguoi-dung/{pk}/sua/",
        {"full_name": "Ngô Thanh Hương", "email": "SO.LANHDAO@demo.songlam.edu.vn", "phone": ""},
    )
    assert response.status_code == 200
    assert "E-mail này đã được dùng" in response.content.decode()
    assert User.objects.get(pk=pk).email == "thcs.bientap@demo.songlam.edu.vn"


def test_person_with_roles_elsewhere_cannot_be_edited_by_school_admin(demo, user_client):
    # gv.haitruong teaches at TH-BENTHUY and THCS-BENTHUY; the THCS admin sees only the THCS role.
    client = user_client("thcs.quantri")
    pk = _pk("gv.haitruong")
    page = client.get(f"/don-vi/nguoi-dung/{pk}/").content.decode()
    assert "Và 1 vai trò ở đơn vị khác" in page
    assert "Trường Tiểu học Bến Thủy" not in page
    assert (
        client.post(f"/don-vi/nguoi-dung/{pk}/sua/", {"full_name": "X", "email": "x@x.vn"}).status_code == 403
    )
    assert client.post(f"/don-vi/nguoi-dung/{pk}/trang-thai/").status_code == 403
    assert User.objects.get(pk=pk).is_active
    # The commune admin above both schools may edit.
    assert user_client("xa.benthuy.quantri").get(f"/don-vi/nguoi-dung/{pk}/sua/").status_code == 200


def test_admin_cannot_lock_themselves_out(demo, user_client):
    response = user_client("thcs.quantri").post(f"/don-vi/nguoi-dung/{_pk('thcs.quantri')}/trang-thai/")
    assert response.status_code == 403
    assert User.objects.get(username="thcs.quantri").is_active
