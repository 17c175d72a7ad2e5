"""Periodic job: enqueue one fetch task per active feed/sitemap source (the worker's scheduler does it hourly)."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from mangxanh.review.models import FeedSource


class Command(BaseCommand):
    help = "Đưa việc tải RSS/Atom/sitemap của các kênh chính thức vào hàng đợi."

    def add_arguments(self, parser):
        parser.add_argument("--now", action="store_true", help="Tải ngay trong tiến trình này, không qua hàng đợi.")
        parser.add_argument("--unit", help="Chỉ các kênh của đơn vị có mã này (và đơn vị cấp dưới).")

    def handle(self, *args, now: bool = False, unit: str | None = None, **options):
        from mangxanh.review.feeds import run_source
        from mangxanh.review.tasks import fetch_source

        sources = FeedSource.objects.filter(active=True, channel__active=True).select_related("channel__unit")
        if unit:
            sources = sources.filter(channel__unit__code=unit)
        count = errors = 0
        for source in sources:
            if now:
                run = run_source(source)
                if not run.ok:
                    errors += 1
                    self.stderr.write(f"{source.url}: {run.error}")
            else:
                fetch_source.enqueue(source.pk)
            count += 1
        verb = "Đã tải" if now else "Đã đưa vào hàng đợi"
        self.stdout.write(f"{verb} {count} nguồn" + (f", {errors} lỗi." if now else "."))
