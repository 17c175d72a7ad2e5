"""Unit types are data a system administrator edits; a type in use cannot be deleted."""

from mangxanh.org.models import UnitType


def test_only_system_admin_manages_types(demo, user_client):
    assert user_client("so.quantri").get("/don-vi/loai-don-vi/").status_code == 403
    assert user_client("so.lanhdao").post("/don-vi/loai-don-vi/them/", {}).status_code == 403
    assert user_client("admin").get("/don-vi/loai-don-vi/").status_code == 200


def test_create_edit_and_delete_unused_type(demo, user_client):
    client = user_client("admin")
    response = client.post(
        "/don-vi/loai-don-vi/them/",
        {
            "code": "truong-chuyen-biet",
            "name": "Trường chuyên biệt",
            "kind": "school",
            "school_level": "lien_cap",
            "is_active": "on",
            "sort_order": 50,
        },
    )
    assert response.status_code == 302
    unit_type = UnitType.objects.get(code="truong-chuyen-biet")
    client.post(
        f"/don-vi/loai-don-vi/{unit_type.pk}/sua/",
        {
            "code": "truong-chuyen-biet",
            "name": "Trường giáo dục chuyên biệt",
            "kind": "school",
            "school_level": "lien_cap",
            "sort_order": 50,
        },
    )
    unit_type.refresh_from_db()
    assert unit_type.name == "Trường giáo dục chuyên biệt" and not unit_type.is_active
    client.post(f"/don-vi/loai-don-vi/{unit_type.pk}/xoa/")
    assert not UnitType.objects.filter(pk=unit_type.pk).exists()


def test_school_type_needs_level(demo, user_client):
    count = UnitType.objects.count()
    response = user_client("admin").post(
        "/don-vi/loai-don-vi/them/",
        {"code": "truong-x", "name": "Trường X", "kind": "school", "sort_order": 1},
    )
    assert "phải có cấp học" in response.content.decode()
    assert UnitType.objects.count() == count


def test_type_in_use_cannot_be_deleted(demo, user_client):
    in_use = UnitType.objects.get(code="truong-thcs")
    response = user_client("admin").post(f"/don-vi/loai-don-vi/{in_use.pk}/xoa/", follow=True)
    assert "Không thể xóa loại đơn vị đang được dùng" in response.content.decode()
    assert UnitType.objects.filter(pk=in_use.pk).exists()
