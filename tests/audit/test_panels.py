"""The home page shows administrators failed log-ins and sensitive views in their subtree."""

from __future__ import annotations

import re

import pytest
from django.test import Client
from django.urls import reverse

from mangxanh import audit
from mangxanh.org.models import Membership


def panel_html(client) -> str:
    html = client.get(reverse("core:home")).content.decode()
    start = html.find('data-panel="nhat-ky-kiem-toan"')
    return html[start : html.find("</section>", start)] if start >= 0 else ""


def test_admin_panel_counts_failed_logins_and_views_in_scope(demo, user_client):
    Client().post(reverse("accounts:login"), {"username": "thcs.giaovien", "password": "sai-mat-khau-1"})
    Client().post(reverse("accounts:login"), {"username": "hongson.bientap", "password": "sai-mat-khau-1"})
    record = Membership.objects.filter(unit=demo["THCS-BENTHUY"]).first()
    audit.log_view(None, record, reason="Xem hồ sơ")
    html = panel_html(user_client("thcs.quantri"))
    assert "Đăng nhập thất bại trong 7 ngày qua" in html
    assert 'action=login_failed' in html
    # The other school's failure is not counted.
    assert re.search(r'Đăng nhập thất bại trong 7 ngày qua</a> <span class="badge">1</span>', html)
    assert re.search(r'Lượt xem dữ liệu nhạy cảm trong 7 ngày qua</a> <span class="badge">1</span>', html)


@pytest.mark.parametrize("username", ["thcs.bientap", "so.lanhdao", "thcs.baovetre"])
def test_no_panel_for_others(demo, user_client, username):
    assert panel_html(user_client(username)) == ""
