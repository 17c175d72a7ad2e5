"""mangxanh scan [FILE|-] [--policy FILE] [--model FILE] [--workers N]: see mangxanh/engine/cli.py."""

import sys

from django.core.management.base import BaseCommand

from mangxanh.engine.cli import run_scan


class Command(BaseCommand):
    help = "Quét nội dung (JSON Lines {\"id\", \"text\"} hoặc văn bản thường, mỗi dòng một mục)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", default="-", help="Tệp đầu vào; '-' hoặc bỏ trống: đọc từ stdin.")
        parser.add_argument("--policy", help="Tệp chính sách YAML của đơn vị (ghép lên chính sách mặc định).")
        parser.add_argument("--model", help="Tệp mô hình thống kê thay cho mô hình mặc định.")
        parser.add_argument("--workers", type=int, default=1, help="Số tiến trình quét song song (mặc định 1).")

    def handle(self, *args, **options):
        workers = options["workers"]
        if workers < 1:
            self.stderr.write("Lỗi: --workers phải là số nguyên dương.")
            sys.exit(2)
        code = run_scan(
            options["file"],
            policy=options["policy"],
            model=options["model"],
            workers=workers,
            stdout=self.stdout,
            stderr=self.stderr,
        )
        if code:
            sys.exit(code)
