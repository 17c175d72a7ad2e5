"""`mangxanh clean_stored_images`: strip metadata from images stored before the one upload path."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from mangxanh.files.backfill import clean_stored_images


class Command(BaseCommand):
    help = ("Xóa siêu dữ liệu (GPS, tên tác giả, chú thích) khỏi ảnh đã lưu trước đây: minh chứng hoạt động, "
            "tệp đính kèm bài viết, tệp bài học; thêm bản xem cho chứng cứ (bản gốc giữ nguyên).")

    def handle(self, *args, **options):
        result = clean_stored_images()
        self.stdout.write(f"Đã thay {result.replaced} ảnh bằng bản đã xóa siêu dữ liệu, "
                          f"thêm {result.viewing_copies} bản xem cho chứng cứ, xóa {result.deleted} tệp cũ; "
                          f"{result.unreadable} ảnh không đọc được (giữ nguyên).")
