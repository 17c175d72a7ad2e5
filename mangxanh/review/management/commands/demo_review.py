from django.core.management.base import BaseCommand, CommandError

from mangxanh.review import demo


class Command(BaseCommand):
    help = "Nạp kênh chính thức và bài viết mẫu cho các đơn vị của tỉnh thử nghiệm (sau `mangxanh demo load`)."

    def handle(self, *args, **options):
        try:
            created = demo.load()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        if created:
            self.stdout.write(f"Đã tạo {created} kênh chính thức và bài viết mẫu cho các đơn vị của tỉnh thử nghiệm.")
        else:
            self.stdout.write("Dữ liệu mẫu đã có; không tạo thêm.")
