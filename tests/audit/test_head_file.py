"""The head file outside the database catches deletion of the newest entries (mangxanh/audit/head.py)."""

from __future__ import annotations

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.db import connection, transaction

from mangxanh import audit
from mangxanh.audit import chain
from mangxanh.audit.head import head_path, read_head, record_head
from mangxanh.audit.models import AuditEntry

TABLE = AuditEntry._meta.db_table


def append(n: int) -> list[AuditEntry]:
    """n entries, each committed at once (autocommit: on-commit callbacks run)."""
    return [audit.record("approve", object_repr=f"Bài viết số {i + 1}") for i in range(n)]


def verify_fails() -> str:
    err = StringIO()
    with pytest.raises(CommandError, match="KHÔNG toàn vẹn"):
        call_command("audit", "verify", stdout=StringIO(), stderr=err)
    return err.getvalue()


def verify_passes() -> str:
    out = StringIO()
    call_command("audit", "verify", stdout=out, stderr=StringIO())
    return out.getvalue()


def sql(statement: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement)


# Real commits: the head is written only when a transaction commits.
pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def log() -> list[AuditEntry]:
    return append(10)


def test_commit_writes_the_head(log):
    head = read_head(head_path())
    assert (head.seq, head.entry_hash, head.genesis) == (10, log[-1].entry_hash, log[0].entry_hash)
    assert "Nhật ký toàn vẹn: 10 bản ghi" in verify_passes()


def test_deleting_the_newest_entries_is_named(log):
    sql(f"DELETE FROM {TABLE} WHERE seq >= 9")
    err = verify_fails()
    assert "Bản ghi #10 đã được ghi là đầu chuỗi" in err and "từ #9 đến #10 đã bị xoá" in err


def test_deleting_every_entry_is_caught(log):
    sql(f"DELETE FROM {TABLE}")
    assert "từ #1 đến #10 đã bị xoá" in verify_fails()


def test_replaced_newest_entry_is_caught(log):
    sql(f"UPDATE {TABLE} SET entry_hash = '{'b' * 64}' WHERE seq = 10")
    assert "#10 có mã băm khác với đầu chuỗi" in verify_fails()


def test_rolled_back_append_leaves_the_head(log):
    with pytest.raises(RuntimeError):
        with transaction.atomic():
            audit.record("approve", object_repr="Bài bị hủy")
            raise RuntimeError("rollback")
    assert read_head(head_path()).seq == 10
    assert "Nhật ký toàn vẹn: 10 bản ghi" in verify_passes()


def test_one_head_write_per_transaction(monkeypatch):
    calls = []
    monkeypatch.setattr(chain, "record_head", lambda using, **kw: calls.append(using) or record_head(using, **kw))
    with transaction.atomic():
        for i in range(5):
            audit.record("approve", object_repr=f"Bài {i}")
    assert calls == ["default"]
    assert read_head(head_path()).seq == 5


def test_savepoint_rolled_back_still_writes_the_head_of_the_outer_commit():
    with transaction.atomic():
        try:
            with transaction.atomic():
                audit.record("approve", object_repr="Trong điểm lưu bị hủy")
                raise RuntimeError("rollback")
        except RuntimeError:
            pass
        audit.record("approve", object_repr="Sau điểm lưu")
    assert read_head(head_path()).seq == 1


def test_recreated_database_replaces_the_head_of_the_old_chain():
    path = head_path()
    path.parent.mkdir(parents=True)
    path.write_text(f"500 {'a' * 64} {'c' * 64}\n", encoding="ascii")  # another chain's head
    entries = append(2)
    assert read_head(path).seq == 2 and read_head(path).genesis == entries[0].entry_hash
    assert "Nhật ký toàn vẹn: 2 bản ghi" in verify_passes()


def test_unwritable_head_dir_does_not_stop_the_audited_change(settings, tmp_path, caplog):
    blocker = tmp_path / "not-a-dir"
    blocker.write_text("x")
    settings.AUDIT_HEAD_DIR = str(blocker)
    entries = append(1)
    assert AuditEntry.objects.filter(pk=entries[0].pk).exists()
    assert "could not write the audit head file" in caplog.text


def test_head_file_can_be_switched_off(settings):
    settings.AUDIT_HEAD_DIR = ""
    append(2)
    assert head_path() is None
    assert "Nhật ký toàn vẹn: 2 bản ghi" in verify_passes()


def test_each_database_has_its_own_file(settings, monkeypatch):
    here = head_path()
    assert here.parent == Path(settings.AUDIT_HEAD_DIR) and here.name.endswith(".head")
    # Another database on the same machine (a benchmark's, a second site's) writes elsewhere.
    monkeypatch.setitem(connection.settings_dict, "NAME", "another-database")
    assert head_path() != here


# --- The head file is required once its folder is configured -------------------------------------

def test_a_new_empty_database_without_a_head_file_verifies():
    assert not head_path().exists()
    assert "Nhật ký toàn vẹn: 0 bản ghi" in verify_passes()


def test_deleting_the_newest_entries_and_the_head_file_is_caught(log):
    sql(f"DELETE FROM {TABLE} WHERE seq >= 9")
    head_path().unlink()
    err = verify_fails()
    assert "Tệp đầu chuỗi" in err and "không còn trong khi nhật ký có 8 bản ghi" in err
    # The next commit (a log-in, any change) does not quietly start a new file for the shortened chain.
    append(1)
    assert not head_path().exists()
    assert "không còn trong khi nhật ký có 9 bản ghi" in verify_fails()


@pytest.mark.parametrize("content, words", [
    (b"", "bị rỗng"),
    (b"   \n", "bị rỗng"),
    (b"10 not-a-hash\n", "bị hỏng"),
    (b"\xff\xfe garbage", "bị hỏng"),
])
def test_an_empty_or_garbled_head_file_is_caught(log, content, words):
    head_path().write_bytes(content)
    err = verify_fails()
    assert words in err and "mangxanh audit head --write" in err
    append(1)  # nor does a commit paper over a damaged file
    assert head_path().read_bytes() == content


def test_a_garbled_head_file_fails_even_without_entries():
    path = head_path()
    path.parent.mkdir(parents=True)
    path.write_text("rác\n", encoding="utf-8")
    assert "bị hỏng" in verify_fails()


def test_a_head_file_of_another_chain_is_caught(log):
    head_path().write_text(f"10 {'a' * 64} {'c' * 64}\n", encoding="ascii")
    assert "ghi một chuỗi khác" in verify_fails()


def test_an_operator_writes_the_head_again_after_checking(log):
    head_path().unlink()
    verify_fails()
    out = StringIO()
    call_command("audit", "head", "--write", stdout=out, stderr=StringIO())
    assert "Đã ghi tệp đầu chuỗi" in out.getvalue()
    newest = AuditEntry.objects.order_by("-seq").first()
    assert newest.action == "audit_head" and newest.seq == 11  # the rewrite is itself in the log
    assert read_head(head_path()).seq == 11
    assert "Nhật ký toàn vẹn: 11 bản ghi" in verify_passes()


def test_the_head_is_not_written_for_a_tampered_chain(log):
    head_path().unlink()
    sql(f"UPDATE {TABLE} SET message = 'sửa lén' WHERE seq = 4")
    with pytest.raises(CommandError, match="KHÔNG toàn vẹn"):
        call_command("audit", "head", "--write", stdout=StringIO(), stderr=StringIO())
    assert not head_path().exists()
