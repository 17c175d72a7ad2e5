from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from mangxanh.audit.middleware import AuditContext, reset_context, set_context
from mangxanh.org import importing, rules
from mangxanh.org.invitations import send_invitations


class Command(BaseCommand):
    help = (
        "Import people from an .xlsx or UTF-8 .csv file on behalf of an administrator: "
        "`mangxanh import_people FILE --by USERNAME`. Nothing is imported if any row has an error."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument(
            "--by", required=True, help="username of the unit or system administrator importing"
        )
        parser.add_argument("--dry-run", action="store_true", help="only check the file")
        parser.add_argument("--no-invite", action="store_true", help="do not send invitation e-mails")
        parser.add_argument("--base-url", default=None, help="site address used in invitation links")

    def handle(self, *args, **options):
        User = get_user_model()
        try:
            by = User.objects.get(username=options["by"], is_active=True)
        except User.DoesNotExist as exc:
            raise CommandError(f"Không có người dùng '{options['by']}' đang hoạt động.") from exc
        if not rules.is_manager(by):
            raise CommandError(f"'{by.username}' không phải quản trị đơn vị hay quản trị hệ thống.")
        path: Path = options["file"]
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp {path}.")
        # The audit log names the administrator on whose behalf the console import runs.
        token = set_context(AuditContext(user_id=by.pk, username=by.get_username()))
        try:
            with path.open("rb") as fileobj:
                if options["dry_run"]:
                    result = importing.validate(fileobj, by)
                else:
                    result = importing.import_people(fileobj, by)
        finally:
            reset_context(token)
        if result.errors:
            for error in result.errors:
                self.stderr.write(error)
            raise CommandError(f"Không nhập được: {len(result.errors)} lỗi; chưa nhập người nào.")
        if options["dry_run"]:
            self.stdout.write(self.style.SUCCESS(f"Tệp hợp lệ: {len(result.rows)} người sẽ được nhập."))
            return
        sent = (
            0
            if options["no_invite"]
            else send_invitations(result.created, options["base_url"], invited_by=by)
        )
        self.stdout.write(
            self.style.SUCCESS(f"Đã nhập {len(result.created)} người dùng; đã gửi {sent} thư mời.")
        )
