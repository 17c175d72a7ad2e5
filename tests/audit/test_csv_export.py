"""CSV export: Excel-friendly UTF-8, scoped like the screen, and itself audited."""

from __future__ import annotations

import csv
import io

import pytest
from django.contrib.auth import get_user_model
from django.urls import reverse

from mangxanh import audit
from mangxanh.audit.chain import verify
from mangxanh.audit.models import AuditEntry

User = get_user_model()


def download(client, **params) -> tuple[bytes, list[list[str]]]:
    response = client.get(reverse("audit:export"), params)
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="nhat-ky-kiem-toan-')
    body = b"".join(response.streaming_content)
    return body, list(csv.reader(io.StringIO(body.decode("utf-8-sig"))))


def test_export_is_utf8_with_bom_and_vietnamese_header(demo, user_client):
    audit.record("approve", object_repr="Thông báo phòng chống lừa đảo", unit=demo["THCS-BENTHUY"])
    body, table = download(user_client("thcs.quantri"), q="lừa đảo")
    assert body.startswith("\ufeff".encode())
    assert table[0][:3] == ["Số thứ tự", "Thời điểm", "Người thực hiện"]
    assert len(table) == 2
    assert table[1][8] == "Thông báo phòng chống lừa đảo"
    assert table[1][4] == "Trường THCS Bến Thủy"


def test_export_is_scoped_like_the_screen(demo, user_client):
    audit.record("approve", object_repr="Việc của trường mình", unit=demo["THCS-BENTHUY"])
    audit.record("approve", object_repr="Việc của trường khác", unit=demo["THCS-HONGSON"])
    audit.record("approve", object_repr="Việc của phường", unit=demo["XA-BENTHUY"])
    audit.record("approve", object_repr="Việc không thuộc đơn vị", unit=None)
    _, table = download(user_client("thcs.quantri"), q="Việc")
    assert [row[8] for row in table[1:]] == ["Việc của trường mình"]
    admin = User.objects.get(username="thcs.quantri")
    school = demo["THCS-BENTHUY"]
    _, everything = download(user_client("thcs.quantri"))
    exported = AuditEntry.objects.filter(seq__in=[int(r[0]) for r in everything[1:]]).select_related("unit")
    assert exported.count() == len(everything) - 1 > 0
    assert all(e.unit.path.startswith(school.path) for e in exported), admin


def test_export_is_audited_before_rows_leave(demo, user_client):
    client = user_client("xa.benthuy.quantri")
    client.get(reverse("audit:list"))  # settles the log-in entries
    _, table = download(client, action="create", date_from="01/01/2025")
    entry = AuditEntry.objects.get(action="export")
    assert entry.actor_username == "xa.benthuy.quantri"
    assert entry.unit_id == demo["XA-BENTHUY"].pk
    assert f"Xuất {len(table) - 1} bản ghi" in entry.message
    assert "Hành động: create" in entry.message and "Từ ngày: 01/01/2025" in entry.message
    assert entry.seq not in {int(r[0]) for r in table[1:]}
    assert verify().ok


def test_formula_cells_are_neutralised(demo, user_client):
    audit.record("approve", object_repr='=HYPERLINK("http://x.invalid","bấm")', message="+1 cộng", unit=demo["SGD-SL"])
    _, table = download(user_client("admin"), q="HYPERLINK")
    assert table[1][8].startswith("'=") and table[1][10].startswith("'+")


def test_bad_filters_export_nothing(demo, user_client):
    client = user_client("admin")
    response = client.get(reverse("audit:export"), {"date_from": "32/13/2025"})
    assert response.status_code == 400
    assert "dd/mm/yyyy" in response.content.decode()
    assert not AuditEntry.objects.filter(action="export").exists()


@pytest.mark.parametrize("username", ["thcs.giaovien", "so.lanhdao"])
def test_non_admins_cannot_export(demo, user_client, username):
    assert user_client(username).get(reverse("audit:export")).status_code == 403
