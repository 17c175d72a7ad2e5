"""Backup and restore: the database, the stored files and the audit head, with a manifest of hashes.

A backup folder holds
  database.sqlite3   SQLite: a consistent copy through SQLite's online backup API, or
  database.pgdump    PostgreSQL with pg_dump installed: pg_dump's custom format (pg_restore), or
  database.xml       otherwise: `dumpdata` with natural keys (XML keeps microseconds), loadable anywhere;
  files/             the stored files (MEDIA_ROOT), content-addressed by SHA-256;
  audit-head/head    the audit chain's head as recorded outside the database (mangxanh/audit/head.py);
  manifest.json      the SHA-256 of every file above, the head, and counts.

The head is read before the database is copied: the file only lags behind the chain, so the head
in the backup is always in the backed-up chain.

Restore refuses to write over data: the database must be empty (no tables, or freshly migrated
with no people and no audit entries) and the files folder empty. It checks every hash before
touching anything, restores, writes the head file for the new database, and then verifies the
audit chain (as `mangxanh audit verify`) and that every stored file's content matches its hash.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.management import call_command
from django.db import connections
from django.utils import timezone

from mangxanh.audit.head import Head, HeadState, head_path, inspect_head, write_head

FORMAT = 1
MANIFEST = "manifest.json"
SQLITE_FILE = "database.sqlite3"
# XML, not JSON: Django's JSON encoder cuts timestamps to milliseconds, which breaks the audit hashes.
DUMP_FILE = "database.xml"
PG_DUMP_FILE = "database.pgdump"
HEAD_FILE = "audit-head/head"
FILES_DIR = "files"
CHUNK = 1 << 20
PG_DUMP, PG_RESTORE = "pg_dump", "pg_restore"
# Rebuilt by `migrate` in the new database, or not worth keeping.
DUMP_EXCLUDE = ["contenttypes", "auth.permission", "sessions", "admin.logentry"]


class BackupError(Exception):
    """A Vietnamese message for the operator."""


@dataclass
class Restored:
    audit_entries: int = 0
    stored_files: int = 0
    problems: list[str] = field(default_factory=list)


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _media_root() -> Path:
    return Path(settings.MEDIA_ROOT)


def _files_under(root: Path) -> list[Path]:
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- backup -----------------------------------------------------------------------------------------


def _copy_sqlite(using: str, target: Path) -> None:
    conn = connections[using]
    conn.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        conn.connection.backup(destination)  # a consistent snapshot, even while others write
        destination.execute("PRAGMA journal_mode=DELETE")  # one self-contained file, no -wal beside it
    finally:
        destination.close()


def _pg_env(using: str) -> tuple[list[str], dict]:
    """Connection arguments for pg_dump / pg_restore; the password goes through the environment."""
    db = connections[using].settings_dict
    args = ["--host", db.get("HOST") or "127.0.0.1", "--port", str(db.get("PORT") or 5432),
            "--username", db.get("USER") or "postgres", "--dbname", db["NAME"]]
    env = {**os.environ}
    if db.get("PASSWORD"):
        env["PGPASSWORD"] = db["PASSWORD"]
    return args, env


def _run(command: list[str], env: dict, what: str) -> None:
    done = subprocess.run(command, env=env, capture_output=True, text=True)
    if done.returncode:
        raise BackupError(f"{what} không thành công: {done.stderr.strip()[-1000:]}")


def _pg_dump(using: str, target: Path) -> None:
    args, env = _pg_env(using)
    _run([PG_DUMP, "--format=custom", "--no-owner", "--no-privileges", "--file", str(target), *args], env,
         "pg_dump")


def backup(dest: Path, using: str = "default", *, force_dumpdata: bool = False) -> dict:
    """Write a backup into dest (a new or empty folder); returns the manifest."""
    dest = Path(dest)
    if dest.exists() and (not dest.is_dir() or any(dest.iterdir())):
        raise BackupError(f"Thư mục sao lưu {dest} đã có dữ liệu; hãy chọn một thư mục mới hoặc trống.")
    dest.mkdir(parents=True, exist_ok=True)
    head_state, head = inspect_head(head_path(using))  # before the database: see the module note
    conn = connections[using]
    if conn.vendor == "sqlite":
        database = SQLITE_FILE
        _copy_sqlite(using, dest / database)
    elif conn.vendor == "postgresql" and shutil.which(PG_DUMP) and not force_dumpdata:
        database = PG_DUMP_FILE
        _pg_dump(using, dest / database)
    else:
        database = DUMP_FILE
        call_command("dumpdata", natural_foreign=True, natural_primary=True, exclude=DUMP_EXCLUDE,
                     format="xml", output=str(dest / database), database=using, verbosity=0)
    for path in _files_under(_media_root()):
        target = dest / FILES_DIR / path.relative_to(_media_root())
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(path, target)
    if head is not None:
        write_head(dest / HEAD_FILE, head)
    hashes = {p.relative_to(dest).as_posix(): sha256_file(p) for p in _files_under(dest)}
    manifest = {
        "format": FORMAT,
        "created_at": timezone.now().isoformat(),
        "database": {"vendor": conn.vendor, "file": database},
        "audit_head": {"seq": head.seq, "entry_hash": head.entry_hash, "genesis": head.genesis} if head else None,
        "audit_head_state": head_state,
        "hashes": hashes,
    }
    (dest / MANIFEST).write_text(json.dumps(manifest, ensure_ascii=False, indent=1), encoding="utf-8")
    return manifest


# --- restore ----------------------------------------------------------------------------------------


def read_manifest(src: Path) -> dict:
    try:
        manifest = json.loads((Path(src) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise BackupError(f"Không đọc được tệp mô tả {MANIFEST} trong {src}: đây không phải bản sao lưu "
                          f"hợp lệ ({exc}).") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT or not isinstance(
            manifest.get("hashes"), dict):
        raise BackupError(f"Tệp {MANIFEST} không đúng định dạng bản sao lưu Mạng Xanh.")
    return manifest


def _safe_relative(name: str) -> PurePosixPath:
    path = PurePosixPath(name)
    if path.is_absolute() or ".." in path.parts or not path.parts:
        raise BackupError(f"Tệp mô tả nêu một đường dẫn không hợp lệ: {name!r}.")
    return path


def check_backup(src: Path, manifest: dict) -> None:
    """Every file the manifest lists is there with its hash, and nothing unlisted hides among them."""
    src = Path(src)
    listed = set()
    for name, digest in manifest["hashes"].items():
        path = src / _safe_relative(name)
        listed.add(path)
        if not path.is_file():
            raise BackupError(f"Bản sao lưu thiếu tệp {name}.")
        if sha256_file(path) != digest:
            raise BackupError(f"Tệp {name} trong bản sao lưu đã bị thay đổi hoặc hỏng (mã băm SHA-256 không khớp).")
    extra = [p for p in _files_under(src) if p not in listed and p.name != MANIFEST]
    if extra:
        raise BackupError(f"Bản sao lưu có tệp không nằm trong tệp mô tả: {extra[0].relative_to(src)}.")
    database = manifest.get("database") or {}
    if database.get("file") not in (SQLITE_FILE, DUMP_FILE, PG_DUMP_FILE) or database["file"] not in manifest["hashes"]:
        raise BackupError("Bản sao lưu không có tệp cơ sở dữ liệu.")


def _database_is_empty(using: str) -> bool:
    conn = connections[using]
    tables = set(conn.introspection.table_names())
    if "django_migrations" not in tables:
        return not tables
    from django.contrib.auth import get_user_model

    from mangxanh.audit.models import AuditEntry

    for model in (get_user_model(), AuditEntry):
        if model._meta.db_table in tables and model.objects.using(using).exists():
            return False
    return True


def _restore_database(src: Path, manifest: dict, using: str) -> None:
    conn = connections[using]
    name = manifest["database"]["file"]
    if name == SQLITE_FILE:
        if conn.vendor != "sqlite":
            raise BackupError("Bản sao lưu SQLite chỉ khôi phục được vào SQLite. Để chuyển sang PostgreSQL, "
                              "hãy khôi phục vào SQLite rồi sao lưu lại từ một bản cài đặt dùng PostgreSQL.")
        conn.ensure_connection()
        source = sqlite3.connect(f"{(src / name).resolve().as_uri()}?mode=ro", uri=True)
        try:
            source.backup(conn.connection)
        finally:
            source.close()
        conn.close()
        call_command("migrate", database=using, interactive=False, verbosity=0)  # newer code, older backup
    elif name == PG_DUMP_FILE:
        if conn.vendor != "postgresql":
            raise BackupError("Bản sao lưu pg_dump chỉ khôi phục được vào PostgreSQL.")
        if not shutil.which(PG_RESTORE):
            raise BackupError("Cần chương trình pg_restore (gói postgresql-client) để khôi phục bản sao lưu này.")
        if set(conn.introspection.table_names()):
            raise BackupError("Cơ sở dữ liệu PostgreSQL đích phải hoàn toàn trống (chưa chạy migrate).")
        conn.close()
        args, env = _pg_env(using)
        _run([PG_RESTORE, "--no-owner", "--no-privileges", "--exit-on-error", *args, str(src / name)], env,
             "pg_restore")
        call_command("migrate", database=using, interactive=False, verbosity=0)
    else:
        call_command("migrate", database=using, interactive=False, verbosity=0)
        call_command("loaddata", str(src / name), database=using, verbosity=0)


def _restore_files(src: Path, manifest: dict) -> None:
    root = _media_root()
    prefix = f"{FILES_DIR}/"
    for name, digest in manifest["hashes"].items():
        if not name.startswith(prefix):
            continue
        target = root / _safe_relative(name[len(prefix):])
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(src / name, target)
        if sha256_file(target) != digest:
            raise BackupError(f"Tệp {name} chép vào {target} không khớp mã băm; hãy kiểm tra ổ đĩa.")


def _restore_head(manifest: dict, using: str) -> None:
    recorded = manifest.get("audit_head")
    path = head_path(using)
    if recorded and path is not None:
        write_head(path, Head(int(recorded["seq"]), recorded["entry_hash"], recorded["genesis"]))


def verify_restored(using: str = "default") -> Restored:
    """The audit chain (and its head file) is intact and every stored file matches its SHA-256."""
    from mangxanh.audit.chain import verify
    from mangxanh.files.models import StoredFile

    report = Restored()
    chain = verify(using=using)
    report.audit_entries = chain.count
    report.problems += [f"Nhật ký kiểm toán: {problem.text}" for problem in chain.problems[:20]]
    for stored in StoredFile.objects.using(using).iterator():
        report.stored_files += 1
        if not stored.path.is_file():
            report.problems.append(f"Thiếu tệp {stored.sha256} ({stored.size} byte).")
        elif sha256_file(stored.path) != stored.sha256:
            report.problems.append(f"Tệp {stored.sha256} có nội dung không khớp mã băm.")
    return report


def restore(src: Path, using: str = "default") -> Restored:
    """Restore the backup in src into the (empty) database and files folder, then verify everything."""
    src = Path(src)
    manifest = read_manifest(src)
    check_backup(src, manifest)
    if not _database_is_empty(using):
        raise BackupError("Cơ sở dữ liệu đích đã có dữ liệu (người dùng hoặc nhật ký). Chỉ khôi phục vào một "
                          "cơ sở dữ liệu trống để không ghi đè dữ liệu đang dùng.")
    if _files_under(_media_root()):
        raise BackupError(f"Thư mục tệp {_media_root()} không trống. Chỉ khôi phục vào một thư mục trống.")
    if manifest.get("audit_head") is None and manifest.get("audit_head_state") not in (HeadState.OFF,
                                                                                        HeadState.MISSING):
        raise BackupError("Bản sao lưu không có đầu chuỗi nhật ký hợp lệ "
                          f"(trạng thái khi sao lưu: {manifest.get('audit_head_state')}).")
    _restore_database(src, manifest, using)
    _restore_files(src, manifest)
    _restore_head(manifest, using)
    report = verify_restored(using)
    if report.problems:
        listed = "\n".join(f"- {p}" for p in report.problems[:20])
        raise BackupError(f"Đã khôi phục nhưng kiểm tra KHÔNG đạt ({len(report.problems)} lỗi):\n{listed}")
    return report
