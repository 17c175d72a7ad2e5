"""`mangxanh restore SRC`: restore a backup into an empty database and files folder, then verify it all."""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from mangxanh.core.backup import BackupError, restore


class Command(BaseCommand):
    help = ("Khôi phục bản sao lưu vào cơ sở dữ liệu và thư mục tệp trống, rồi kiểm tra chuỗi nhật ký "
            "và mã băm của mọi tệp.")

    def add_arguments(self, parser):
        parser.add_argument("src", type=Path, help="Thư mục bản sao lưu (do mangxanh backup tạo).")
        parser.add_argument("--database", default="default")

    def handle(self, *args, src: Path, database: str, **options):
        try:
            report = restore(src, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(f"Đã khôi phục và kiểm tra: nhật ký toàn vẹn ({report.audit_entries} bản ghi), "
                          f"{report.stored_files} tệp khớp mã băm.")
