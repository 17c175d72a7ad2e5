"""mangxanh apikey: the key is printed once and only its hash is stored."""

from __future__ import annotations

import io

import pytest
from django.core.management import CommandError, call_command

from mangxanh.intake.models import ApiKey, key_digest


def test_create_prints_key_once_stores_hash(demo):
    out, err = io.StringIO(), io.StringIO()
    call_command("apikey", "create", "--unit", "SGD-SL", "--scope", "reports:write", "--scope", "files:write",
                 stdout=out, stderr=err)
    raw = out.getvalue().strip()
    key = ApiKey.objects.get()
    assert raw.startswith("mx_") and key.key_hash == key_digest(raw)
    assert raw not in str(ApiKey.objects.values().get())
    assert key.scopes == ["files:write", "reports:write"]
    assert "chỉ giữ mã băm" in err.getvalue()
    listing = io.StringIO()
    call_command("apikey", "list", stdout=listing)
    assert key.prefix in listing.getvalue() and raw not in listing.getvalue()
    call_command("apikey", "revoke", key.prefix, stdout=io.StringIO())
    key.refresh_from_db()
    assert key.revoked_at and not key.is_usable


@pytest.mark.parametrize("args, message", [
    (["--unit", "KHONG-CO", "--scope", "reports:write"], "Không có đơn vị"),
    (["--unit", "SGD-SL", "--scope", "admin:all"], "Quyền không hợp lệ"),
    (["--unit", "SGD-SL", "--scope", "reports:write", "--days", "-1"], "Số ngày hiệu lực phải từ 1"),
    (["--unit", "SGD-SL", "--scope", "reports:write", "--days", "0"], "Số ngày hiệu lực phải từ 1"),
    (["--unit", "SGD-SL", "--scope", "reports:write", "--platform", "khong-co"], "Không có nền tảng"),
])
def test_create_refuses_bad_input(demo, args, message):
    with pytest.raises(CommandError, match=message):
        call_command("apikey", "create", *args, stdout=io.StringIO(), stderr=io.StringIO())
    assert not ApiKey.objects.exists()


def test_admin_screen_creates_key_shown_once(user_client, demo):
    client = user_client("admin")
    response = client.post("/quan-tri/intake/apikey/add/", {
        "unit": demo["SGD-SL"].pk, "name": "Đối tác qua màn hình", "scopes": ["reports:write"],
    }, follow=True)
    html = response.content.decode()
    key = ApiKey.objects.get()
    raw = html.split("hãy lưu lại ngay): ")[1].split(" ")[0]
    assert key.key_hash == key_digest(raw) and key.scopes == ["reports:write"]
