"""Periodic and on-request jobs for intake:

mangxanh intake remind          enqueue reminders and escalation now (the worker runs them every 5 minutes)
mangxanh intake remind --now    run it here and print the count
mangxanh intake purge           erase reports of cases closed longer than their retention period
mangxanh intake export-person CONTACT   everything held about a reporter, as JSON
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from mangxanh.intake import reminders


class Command(BaseCommand):
    help = "Nhắc hạn, chuyển cấp trên khi quá hạn, xóa dữ liệu hết hạn lưu trữ, xuất dữ liệu một người."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        remind = sub.add_parser("remind")
        remind.add_argument("--now", action="store_true", help="Chạy ngay, không qua hàng đợi")
        sub.add_parser("purge")
        export = sub.add_parser("export-person")
        export.add_argument("contact")

    def handle(self, *args, action: str, **opts):
        if action == "remind":
            if opts["now"]:
                self.stdout.write(f"Đã chuyển cấp trên {reminders.escalate()} thời hạn quá hạn.")
            else:
                from mangxanh.intake.tasks import escalate_overdue

                escalate_overdue.enqueue()
                self.stdout.write("Đã đưa việc nhắc hạn vào hàng đợi.")
        elif action == "purge":
            self.stdout.write(f"Đã xóa dữ liệu của {reminders.purge()} phản ánh hết hạn lưu trữ.")
        else:
            self.stdout.write(json.dumps(reminders.export_person(opts["contact"]), ensure_ascii=False, indent=2))
