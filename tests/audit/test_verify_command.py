"""`mangxanh audit verify` passes on a clean log and names the entry after any tampering."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from mangxanh import audit
from mangxanh.audit.chain import compute_hash
from mangxanh.audit.models import AuditEntry

TABLE = AuditEntry._meta.db_table


@pytest.fixture
def log(db) -> list[AuditEntry]:
    return [audit.record("approve", object_repr=f"Bài viết số {n}", message="Đồng ý đăng") for n in range(1, 11)]


def run(*args: str) -> tuple[str, str]:
    out, err = StringIO(), StringIO()
    call_command("audit", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def fails(*args: str) -> str:
    err = StringIO()
    with pytest.raises(CommandError) as exc:
        call_command("audit", *args, stdout=StringIO(), stderr=err)
    assert exc.value.returncode == 1
    assert "KHÔNG toàn vẹn" in str(exc.value)
    return err.getvalue()


def sql(statement: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def test_clean_log_passes(log):
    out, _ = run("verify")
    assert "Nhật ký toàn vẹn: 10 bản ghi" in out
    assert log[-1].entry_hash in out


def test_empty_log_passes(db):
    out, _ = run("verify")
    assert "Nhật ký toàn vẹn: 0 bản ghi" in out


def test_edited_entry_is_named(log):
    sql(f"UPDATE {TABLE} SET message = %s WHERE seq = 4", ["Không đồng ý"])
    err = fails("verify")
    assert f"Bản ghi #4 (id {log[3].pk}," in err and "bị sửa" in err
    assert "#5" not in err


def test_edited_entry_with_recomputed_hash_breaks_the_link(log):
    row = AuditEntry.objects.filter(seq=4).values().get()
    forged = compute_hash({**row, "message": "Không đồng ý"})
    sql(f"UPDATE {TABLE} SET message = %s, entry_hash = %s WHERE seq = 4", ["Không đồng ý", forged])
    err = fails("verify")
    assert "Bản ghi #5" in err and "không nối với bản ghi #4" in err


def test_deleted_entry_is_named(log):
    sql(f"DELETE FROM {TABLE} WHERE seq = 6")
    err = fails("verify")
    assert "Bản ghi #7" in err and "thiếu 1 bản ghi giữa #5 và #7" in err


def test_deleted_first_entry(log):
    sql(f"DELETE FROM {TABLE} WHERE seq = 1")
    assert "không bắt đầu từ #1" in fails("verify")


def test_reordered_entries_are_detected(log):
    sql(f"UPDATE {TABLE} SET seq = 1000 WHERE seq = 3")
    sql(f"UPDATE {TABLE} SET seq = 3 WHERE seq = 4")
    sql(f"UPDATE {TABLE} SET seq = 4 WHERE seq = 1000")
    err = fails("verify")
    assert "Bản ghi #3" in err and "Bản ghi #4" in err


def test_edited_last_entry_is_detected(log):
    sql(f"UPDATE {TABLE} SET actor_username = %s WHERE seq = 10", ["nguoi.khac"])
    assert "Bản ghi #10" in fails("verify")


def test_truncation_is_caught_only_with_an_anchor(log, tmp_path):
    anchors = tmp_path / "neo.txt"
    out, _ = run("anchor", str(anchors))
    assert "Đã ghi neo: 10 " in out
    sql(f"DELETE FROM {TABLE} WHERE seq >= 9")
    # Without a head file (no commit here ran its on-commit hook) only an anchor shows it.
    out, _ = run("verify")
    assert "Nhật ký toàn vẹn: 8 bản ghi" in out
    err = fails("verify", "--anchors", str(anchors))
    assert "Bản ghi #10 đã được neo nhưng không còn" in err


def test_anchor_of_a_replaced_entry(log, tmp_path):
    anchors = tmp_path / "neo.txt"
    anchors.write_text(f"5 {'a' * 64}\n", encoding="utf-8")
    assert "#5 có mã băm khác" in fails("verify", "--anchors", str(anchors))


@pytest.mark.parametrize("content", ["không phải neo\n", "5 xyz\n", b"\xff\xfe\x00"])
def test_bad_anchor_file_gives_a_vietnamese_message(log, tmp_path, content):
    anchors = tmp_path / "neo.txt"
    if isinstance(content, bytes):
        anchors.write_bytes(content)
    else:
        anchors.write_text(content, encoding="utf-8")
    with pytest.raises(CommandError, match="(?i)tệp neo"):
        run("verify", "--anchors", str(anchors))
    with pytest.raises(CommandError, match="Không đọc được tệp neo"):
        run("verify", "--anchors", str(tmp_path / "khong-co.txt"))


def test_head(log):
    out, _ = run("head")
    assert out.strip() == f"10 {log[-1].entry_hash}"


def test_missing_subcommand_is_explained(db):
    with pytest.raises(CommandError, match="Hãy chọn một lệnh"):
        run()
