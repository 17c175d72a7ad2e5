"""Successful imports: .xlsx and .csv (comma or semicolon, with or without BOM), web and console."""

import io

import openpyxl
import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.management import call_command

from mangxanh.org.models import Membership, Role

from .importfiles import HEADER, ROWS, csv_bytes, upload, xlsx_bytes

User = get_user_model()


def _assert_imported(demo):
    an = User.objects.get(username="nv.an")
    assert an.full_name == "Nguyễn Văn An"
    assert an.phone == "0912000001"
    assert not an.has_usable_password()
    bich = User.objects.get(username="tt.bich")
    assert set(bich.memberships.values_list("role", flat=True)) == {Role.EDITOR, Role.REVIEWER}
    cuong = User.objects.get(username="lq.cuong")
    assert cuong.memberships.get().unit == demo["TH-BENTHUY"]
    assert cuong.memberships.get().role == Role.TEACHER


def test_xlsx_import_through_the_web(demo, user_client):
    users, memberships = User.objects.count(), Membership.objects.count()
    response = user_client("xa.benthuy.quantri").post(
        "/don-vi/nguoi-dung/nhap-tep/",
        {"file": upload(xlsx_bytes(ROWS)), "send_invitations": "on"},
        follow=True,
    )
    assert "Đã nhập 3 người dùng; đã gửi 3 thư mời." in response.content.decode()
    assert User.objects.count() == users + 3
    assert Membership.objects.count() == memberships + 4
    assert len(mail.outbox) == 3
    _assert_imported(demo)


@pytest.mark.parametrize(("delimiter", "bom"), [(",", False), (",", True), (";", True), (";", False)])
def test_csv_import(demo, user_client, delimiter, bom):
    data = csv_bytes(ROWS, delimiter=delimiter, bom=bom)
    response = user_client("xa.benthuy.quantri").post(
        "/don-vi/nguoi-dung/nhap-tep/", {"file": upload(data, "danh-sach.csv")}, follow=True
    )
    assert "Đã nhập 3 người dùng" in response.content.decode()
    assert not mail.outbox  # invitations not ticked
    _assert_imported(demo)


def test_headers_without_diacritics_and_any_case(demo, user_client):
    header = ["HO VA TEN", "ten dang nhap", "Email", "dien thoai", "MÃ ĐƠN VỊ", "vai tro"]
    response = user_client("xa.benthuy.quantri").post(
        "/don-vi/nguoi-dung/nhap-tep/", {"file": upload(csv_bytes(ROWS, header=header), "a.csv")}, follow=True
    )
    assert "Đã nhập 3 người dùng" in response.content.decode()


def test_template_download_is_importable(demo, user_client, tmp_path):
    client = user_client("thcs.quantri")
    response = client.get("/don-vi/nguoi-dung/nhap-tep/mau-nhap-nguoi-dung.xlsx")
    assert response.status_code == 200
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    rows = list(workbook.worksheets[0].iter_rows(values_only=True))
    assert list(rows[0]) == HEADER
    assert rows[1][4] == "THCS-BENTHUY"
    result = client.post("/don-vi/nguoi-dung/nhap-tep/", {"file": upload(response.content)}, follow=True)
    assert "Đã nhập 1 người dùng" in result.content.decode()
    assert User.objects.filter(username="vidu.nguyen").exists()


def test_management_command(demo, tmp_path, capsys):
    path = tmp_path / "nguoi-dung.xlsx"
    path.write_bytes(xlsx_bytes(ROWS))
    call_command("import_people", str(path), "--by", "xa.benthuy.quantri", "--no-invite")
    assert "Đã nhập 3 người dùng" in capsys.readouterr().out
    _assert_imported(demo)


def test_management_command_dry_run_writes_nothing(demo, tmp_path, capsys):
    path = tmp_path / "nguoi-dung.csv"
    path.write_bytes(csv_bytes(ROWS))
    users = User.objects.count()
    call_command("import_people", str(path), "--by", "xa.benthuy.quantri", "--dry-run")
    assert "3 người sẽ được nhập" in capsys.readouterr().out
    assert User.objects.count() == users
