"""`mangxanh backup` and `mangxanh restore`, run as an operator would, on throw-away databases:
a round trip gives a verified copy; a changed file, a changed audit entry, a changed stored file or
a non-empty target is refused with a Vietnamese message. SQLite always; PostgreSQL when it answers
(TEST_POSTGRES_URL), with pg_dump and with the portable dumpdata copy restored into SQLite."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from mangxanh.core.backup import sha256_file

ROOT = Path(__file__).resolve().parents[2]
PG_URL = os.environ.get("TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
pytestmark = pytest.mark.slow

MAKE_DATA = """
import django
django.setup()
from mangxanh.files.storage import store_bytes
from mangxanh.org import demo
demo.load()  # units, people and their audit entries
store_bytes("%PDF-1.4 bằng chứng".encode(), name="a.pdf", allowed=["application/pdf"], max_bytes=10**6)
store_bytes("%PDF-1.4 thứ hai".encode(), name="b.pdf", allowed=["application/pdf"], max_bytes=10**6)
"""


def _env(var: Path, database_url: str | None = None) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "MANGXANH_AUDIT_HEAD_DIR"}}
    env.update(MANGXANH_VAR_DIR=str(var), DJANGO_SETTINGS_MODULE="mangxanh.settings")
    if database_url:
        env["DATABASE_URL"] = database_url
    return env


def mangxanh(env: dict, *args: str, code: str | None = None) -> subprocess.CompletedProcess:
    command = [sys.executable, "-c", code] if code else [sys.executable, "-m", "mangxanh", *args]
    return subprocess.run(command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=300)


def ok(done: subprocess.CompletedProcess) -> str:
    assert done.returncode == 0, done.stdout + done.stderr
    return done.stdout


def refused(done: subprocess.CompletedProcess, *phrases: str) -> str:
    assert done.returncode != 0, done.stdout
    for phrase in phrases:
        assert phrase in done.stderr, done.stderr
    assert "Traceback" not in done.stderr
    return done.stderr


def _source(var: Path, database_url: str | None = None) -> dict:
    env = _env(var, database_url)
    ok(mangxanh(env, "migrate", "-v0"))
    ok(mangxanh(env, code=MAKE_DATA))
    return env


@pytest.fixture(scope="module")
def sqlite_backup(tmp_path_factory) -> Path:
    base = tmp_path_factory.mktemp("backup")
    env = _source(base / "source")
    assert "Đã sao lưu" in ok(mangxanh(env, "backup", str(base / "copy")))
    assert "Đã sao lưu" not in mangxanh(env, "backup", str(base / "copy")).stdout  # never over a backup
    return base / "copy"


def _copy(backup: Path, tmp_path: Path) -> Path:
    target = tmp_path / "copy"
    shutil.copytree(backup, target)
    return target


def _sql(backup: Path, statement: str) -> None:
    db = sqlite3.connect(backup / "database.sqlite3")
    try:
        with db:
            db.execute(statement)
    finally:
        db.close()


def _rehash(backup: Path, name: str) -> None:
    """What someone editing a backup would also do: fix the manifest's hash."""
    manifest = json.loads((backup / "manifest.json").read_text(encoding="utf-8"))
    manifest["hashes"][name] = sha256_file(backup / name)
    (backup / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")


def test_sqlite_round_trip_restores_a_verified_copy(sqlite_backup, tmp_path):
    manifest = json.loads((sqlite_backup / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["database"]["file"] == "database.sqlite3" and manifest["audit_head"]["seq"] > 10
    stored = [name for name in manifest["hashes"] if name.startswith("files/")]
    assert len(stored) == 2 and all(manifest["hashes"][n] == n.rsplit("/", 1)[-1] for n in stored)

    env = _env(tmp_path / "restored")
    out = ok(mangxanh(env, "restore", str(sqlite_backup)))
    assert "nhật ký toàn vẹn" in out and "2 tệp khớp mã băm" in out
    assert "Nhật ký toàn vẹn" in ok(mangxanh(env, "audit", "verify"))
    db = sqlite3.connect(tmp_path / "restored" / "mangxanh.sqlite3")
    try:
        assert db.execute("SELECT max(seq) FROM audit_auditentry").fetchone()[0] == manifest["audit_head"]["seq"]
    finally:
        db.close()
    # A second restore over the restored data is refused.
    refused(mangxanh(env, "restore", str(sqlite_backup)), "Cơ sở dữ liệu đích đã có dữ liệu")


def test_a_changed_file_in_the_backup_is_refused_before_anything_is_written(sqlite_backup, tmp_path):
    backup = _copy(sqlite_backup, tmp_path)
    name = next(n for n in json.loads((backup / "manifest.json").read_text())["hashes"] if n.startswith("files/"))
    (backup / name).write_bytes(b"%PDF-1.4 da bi thay")
    env = _env(tmp_path / "restored")
    refused(mangxanh(env, "restore", str(backup)), "mã băm SHA-256 không khớp")
    assert not (tmp_path / "restored" / "files").exists()
    refused(mangxanh(env, "restore", str(tmp_path / "khong-co")), "Không đọc được tệp mô tả")


def test_an_edited_audit_entry_fails_the_restore(sqlite_backup, tmp_path):
    backup = _copy(sqlite_backup, tmp_path)
    _sql(backup, "UPDATE audit_auditentry SET message = 'đã sửa' WHERE seq = 3")
    _rehash(backup, "database.sqlite3")
    refused(mangxanh(_env(tmp_path / "restored"), "restore", str(backup)),
            "kiểm tra KHÔNG đạt", "Nhật ký kiểm toán", "#3")


def test_a_stored_file_whose_content_does_not_match_its_hash_fails_the_restore(sqlite_backup, tmp_path):
    backup = _copy(sqlite_backup, tmp_path)
    name = next(n for n in json.loads((backup / "manifest.json").read_text())["hashes"] if n.startswith("files/"))
    (backup / name).write_bytes(b"%PDF-1.4 da bi thay")
    _rehash(backup, name)
    refused(mangxanh(_env(tmp_path / "restored"), "restore", str(backup)), "có nội dung không khớp mã băm")


def test_deleted_newest_audit_entries_fail_against_the_backed_up_head(sqlite_backup, tmp_path):
    backup = _copy(sqlite_backup, tmp_path)
    _sql(backup, "DELETE FROM audit_auditentry WHERE seq > (SELECT max(seq) - 2 FROM audit_auditentry)")
    _rehash(backup, "database.sqlite3")
    refused(mangxanh(_env(tmp_path / "restored"), "restore", str(backup)), "kiểm tra KHÔNG đạt")


def _pg_database(name: str) -> str:
    psycopg = pytest.importorskip("psycopg")
    try:
        with psycopg.connect(PG_URL, autocommit=True, connect_timeout=3) as conn:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}"')
            conn.execute(f'CREATE DATABASE "{name}"')
    except psycopg.OperationalError:
        pytest.skip("PostgreSQL does not answer")
    return PG_URL.rsplit("/", 1)[0] + f"/{name}"


def _drop(*names: str) -> None:
    import psycopg

    with psycopg.connect(PG_URL, autocommit=True) as conn:
        for name in names:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_postgresql_round_trip_with_pg_dump_and_portable_copy(tmp_path):
    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    suffix = uuid.uuid4().hex[:8]
    names = (f"mx_backup_src_{suffix}", f"mx_backup_dst_{suffix}")
    try:
        source, target = (_pg_database(n) for n in names)
        env = _source(tmp_path / "source", source)
        ok(mangxanh(env, "backup", str(tmp_path / "pg")))
        ok(mangxanh(env, "backup", "--dumpdata", str(tmp_path / "xml")))
        assert (tmp_path / "pg" / "database.pgdump").exists() and (tmp_path / "xml" / "database.xml").exists()

        out = ok(mangxanh(_env(tmp_path / "restored-pg", target), "restore", str(tmp_path / "pg")))
        assert "2 tệp khớp mã băm" in out
        # The portable copy goes into SQLite, microseconds and all: the audit chain still verifies.
        out = ok(mangxanh(_env(tmp_path / "restored-sqlite"), "restore", str(tmp_path / "xml")))
        assert "2 tệp khớp mã băm" in out
    finally:
        _drop(*names)
