from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mangxanh.plans.reminders import send_reminders


class Command(BaseCommand):
    help = "Nhắc hạn báo cáo định kỳ và báo cấp trên khi đơn vị quá hạn (chạy hằng ngày)."

    def add_arguments(self, parser):
        parser.add_argument("--days-before", type=int, default=3, help="Nhắc trước hạn bao nhiêu ngày (mặc định 3).")
        parser.add_argument("--today", help="Ngày chạy, dạng YYYY-MM-DD (mặc định hôm nay).")

    def handle(self, *args, days_before: int, today: str | None, **options):
        if days_before < 0 or days_before > 60:
            raise CommandError("Số ngày nhắc trước phải từ 0 đến 60.")
        try:
            day = dt.date.fromisoformat(today) if today else timezone.localdate()
        except ValueError as exc:
            raise CommandError("Ngày không hợp lệ; dùng dạng YYYY-MM-DD.") from exc
        sent = send_reminders(day, days_before=days_before)
        self.stdout.write(f"Đã gửi {sent.reminders} thư nhắc hạn và {sent.escalations} thư báo quá hạn.")
