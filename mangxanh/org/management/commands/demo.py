from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from mangxanh.org import demo


class Command(BaseCommand):
    help = "Demo province: `mangxanh demo load` creates a fictional Sở GDĐT with its units and users."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["load"])

    def handle(self, *args, **options):
        if settings.PRODUCTION:
            raise CommandError("Không nạp dữ liệu thử nghiệm khi đang bật cấu hình vận hành thật (MANGXANH_PRODUCTION).")
        try:
            demo.load()
        except RuntimeError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS("Đã nạp tỉnh thử nghiệm Sông Lam."))
        from django.apps import apps

        if apps.is_installed("mangxanh.learning"):
            from mangxanh.learning.starter import load_demo

            numbers = load_demo()
            self.stdout.write(f"Học tập: {numbers['published']} bài học đã xuất bản, {numbers['questions']} câu hỏi; "
                              "mã lớp thử BT8A26 tại /hoc-tap/vao-thi/.")
        self.stdout.write(f"Mật khẩu chung của các tài khoản thử nghiệm: {demo.DEMO_PASSWORD}")
        for username, description in demo.demo_logins():
            self.stdout.write(f"  {username:<22} {description}")
