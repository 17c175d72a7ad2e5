"""Remind about overdue flagged items and drafts waiting too long (the worker's scheduler runs it hourly)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from mangxanh.review.reminders import send_overdue_reminders


class Command(BaseCommand):
    help = "Nhắc việc quá hạn: bài đã đăng cần xử lý quá hạn, bài chờ duyệt quá 48 giờ."

    def handle(self, *args, **options):
        self.stdout.write(f"Đã gửi {send_overdue_reminders()} thông báo nhắc việc.")
