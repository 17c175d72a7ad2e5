"""`mangxanh watch check`: check every registered website (run it from cron, e.g. every 15 minutes)."""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Giám sát an ninh các trang web chính thức: `watch check` kiểm tra mọi trang đã đăng ký."

    def add_arguments(self, parser):
        parser.add_argument("action", choices=["check", "prune", "remind"],
                            help="check: kiểm tra các trang web; prune: xóa kết quả kiểm tra cũ không có sự cố; "
                                 "remind: nhắc hạn 72 giờ thông báo lộ dữ liệu cá nhân và hạn rà soát phương án bảo vệ an ninh mạng.")
        parser.add_argument("--now", action="store_true", help="Kiểm tra ngay trong tiến trình này, không qua hàng đợi.")
        parser.add_argument("--unit", help="Chỉ các kênh của đơn vị có mã này (và đơn vị cấp dưới).")

    def handle(self, *args, action: str, now: bool = False, unit: str | None = None, **options):
        from mangxanh.org.models import Unit
        from mangxanh.watch.checks import check_site, prune, site_for, websites
        from mangxanh.watch.tasks import check_website

        if action == "remind":
            from mangxanh.watch.incidents import remind_notification_deadlines
            from mangxanh.watch.security_plan import remind_reviews

            self.stdout.write(f"Đã nhắc {remind_notification_deadlines()} sự cố sắp hoặc đã quá hạn thông báo.")
            self.stdout.write(f"Đã nhắc rà soát {remind_reviews()} phương án bảo vệ an ninh mạng.")
            return
        if action == "prune":
            self.stdout.write(f"Đã xóa {prune()} lượt kiểm tra cũ.")
            return

        channels = websites().select_related("unit")
        if unit:
            root = Unit.objects.filter(code=unit).first()
            if root is None:
                raise CommandError(f"Không có đơn vị mã {unit}.")
            channels = channels.filter(unit__path__startswith=root.path)
        count = incidents = down = 0
        for channel in channels:
            if now:
                check = check_site(site_for(channel))
                incidents += check.incidents_opened
                if not check.ok:
                    down += 1
                    self.stderr.write(f"{channel.address}: {check.error or 'không truy cập được'}")
            else:
                check_website.enqueue(channel.pk)
            count += 1
        if now:
            self.stdout.write(f"Đã kiểm tra {count} trang web: {down} không truy cập được, {incidents} sự cố mới.")
        else:
            self.stdout.write(f"Đã đưa {count} trang web vào hàng đợi kiểm tra.")
        self._feeds(now, root if unit else None)

    def _feeds(self, now: bool, root) -> None:
        """The channels' feeds join the same cycle (page name, link-in-bio, posting pattern, approval codes)."""
        from mangxanh.review.feeds import run_source
        from mangxanh.review.models import FeedSource
        from mangxanh.review.tasks import fetch_source
        from mangxanh.watch.models import SecurityIncident

        sources = FeedSource.objects.filter(active=True, channel__active=True, channel__unit__is_active=True)
        if root is not None:
            sources = sources.filter(channel__unit__path__startswith=root.path)
        sources = list(sources.select_related("channel__unit"))
        if not sources:
            return
        if not now:
            for source in sources:
                fetch_source.enqueue(source.pk)
            self.stdout.write(f"Đã đưa {len(sources)} nguồn tin của kênh vào hàng đợi.")
            return
        before, errors = SecurityIncident.objects.count(), 0
        for source in sources:
            run = run_source(source)
            if not run.ok:
                errors += 1
                self.stderr.write(f"{source.url}: {run.error}")
        self.stdout.write(f"Đã tải {len(sources)} nguồn tin của kênh: {errors} lỗi, "
                          f"{SecurityIncident.objects.count() - before} sự cố mới.")
