"""mangxanh apikey create --unit CODE --scope reports:write [--name ...] [--days N] [--webhook URL] [--platform CODE]
mangxanh apikey list | revoke PREFIX"""

from __future__ import annotations

from datetime import timedelta

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from mangxanh import audit
from mangxanh.intake.models import SCOPES, Agency, AgencyKind, ApiKey
from mangxanh.org.models import Unit


class Command(BaseCommand):
    help = "Tạo, liệt kê, thu hồi khóa API của đối tác."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        create = sub.add_parser("create", help="Tạo khóa mới (khóa chỉ hiện một lần).")
        create.add_argument("--unit", required=True, help="Mã đơn vị/đối tác")
        create.add_argument("--scope", action="append", required=True, help=f"Quyền: {', '.join(SCOPES)}")
        create.add_argument("--name", default="", help="Tên đối tác")
        create.add_argument("--days", type=int, default=None, help="Hết hạn sau số ngày")
        create.add_argument("--webhook", default="", help="Địa chỉ nhận webhook")
        create.add_argument("--platform", default="", help="Mã nền tảng (vd. facebook) nếu khóa của một nền tảng: "
                                                           "yêu cầu gỡ bỏ gửi tới nền tảng đó đến webhook này")
        sub.add_parser("list", help="Liệt kê khóa")
        revoke = sub.add_parser("revoke", help="Thu hồi khóa theo tiền tố")
        revoke.add_argument("prefix")

    def handle(self, *args, action: str, **opts):
        with audit.acting_as(None):
            getattr(self, f"_{action}")(**opts)

    def _create(self, unit: str, scope: list[str], name: str, days: int | None, webhook: str, platform: str = "",
                **_):
        if days is not None and days < 1:
            # A key that has expired before it is handed out is a mistake, never a wish.
            raise CommandError(f"Số ngày hiệu lực phải từ 1 trở lên (đã nhập {days}); bỏ --days để khóa không hết hạn.")
        found = Unit.objects.filter(code=unit).first()
        if found is None:
            raise CommandError(f"Không có đơn vị với mã “{unit}”.")
        agency = None
        if platform:
            agency = Agency.objects.filter(code=platform, kind=AgencyKind.PLATFORM).first()
            if agency is None:
                raise CommandError(f"Không có nền tảng với mã “{platform}”.")
        scopes = sorted({s for item in scope for s in item.split(",") if s})
        unknown = [s for s in scopes if s not in SCOPES]
        if unknown:
            raise CommandError(f"Quyền không hợp lệ: {', '.join(unknown)}. Các quyền có: {', '.join(SCOPES)}.")
        expires = timezone.now() + timedelta(days=days) if days else None
        key, raw = ApiKey.issue(unit=found, name=name or found.name, scopes=scopes, expires_at=expires,
                                webhook_url=webhook)
        if agency is not None:
            key.platform = agency
            key.save(update_fields=["platform"])
        self.stdout.write(raw)
        self.stderr.write(
            f"Đã tạo khóa {key.prefix}… cho {key.name} (quyền: {', '.join(scopes)}). "
            "Hãy lưu khóa ngay: hệ thống chỉ giữ mã băm, không thể xem lại.\n"
            f"Bí mật ký webhook: {key.webhook_secret}"
        )

    def _list(self, **_):
        for key in ApiKey.objects.select_related("unit").order_by("created_at"):
            state = "đã thu hồi" if key.revoked_at else ("hết hạn" if not key.is_usable else "đang dùng")
            self.stdout.write(f"{key.prefix}…\t{key.unit.code}\t{','.join(key.scopes)}\t{state}\t{key.name}")

    def _revoke(self, prefix: str, **_):
        count = 0
        for key in ApiKey.objects.filter(prefix__startswith=prefix, revoked_at__isnull=True):
            key.revoked_at = timezone.now()
            key.save(update_fields=["revoked_at"])
            count += 1
        if not count:
            raise CommandError("Không có khóa đang dùng nào có tiền tố này.")
        self.stdout.write(f"Đã thu hồi {count} khóa.")
