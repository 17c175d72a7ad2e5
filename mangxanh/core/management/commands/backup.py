"""`mangxanh backup DEST`: database, stored files and audit head, with a manifest of SHA-256 hashes."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mangxanh.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu, các tệp đã lưu và đầu chuỗi nhật ký vào một thư mục mới (kèm mã băm)."

    def add_arguments(self, parser):
        parser.add_argument("dest", type=Path, help="Thư mục sao lưu (mới hoặc trống).")
        parser.add_argument("--database", default="default")
        parser.add_argument("--dumpdata", action="store_true",
                            help="PostgreSQL: dùng dumpdata (XML) thay cho pg_dump; khôi phục được cả vào SQLite.")

    def handle(self, *args, dest: Path, database: str, dumpdata: bool = False, **options):
        try:
            manifest = backup(dest, using=database, force_dumpdata=dumpdata)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        files = sum(1 for name in manifest["hashes"] if name.startswith("files/"))
        head = manifest["audit_head"]
        self.stdout.write(f"Đã sao lưu vào {dest}: cơ sở dữ liệu ({manifest['database']['file']}), {files} tệp"
                          + (f", đầu chuỗi nhật ký #{head['seq']}." if head else "."))
