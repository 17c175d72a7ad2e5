from django.core.management.base import BaseCommand, CommandError

from mangxanh.learning import starter
from mangxanh.org.models import Unit


class Command(BaseCommand):
    help = "Nạp bộ bài học và ngân hàng câu hỏi ban đầu (đã quét) vào một đơn vị, mặc định là đơn vị gốc (Sở)."

    def add_arguments(self, parser):
        parser.add_argument("--unit", help="mã đơn vị nhận bộ nội dung (mặc định: đơn vị gốc)")

    def handle(self, *args, **options):
        unit = Unit.objects.filter(code=options["unit"]).first() if options["unit"] else Unit.objects.filter(
            depth=1).first()
        if unit is None:
            raise CommandError("Không tìm thấy đơn vị.")
        numbers = starter.load(unit)
        self.stdout.write(self.style.SUCCESS(
            f"{unit}: {numbers['lessons']} bài học mới ({numbers['published']} đã xuất bản), "
            f"{numbers['questions']} câu hỏi mới."))
        if numbers["draft_lessons"]:
            self.stdout.write(f"{numbers['draft_lessons']} bài học còn là bản nháp (kết quả quét cần xem lại).")
