"""Optional TOTP two-factor authentication with backup codes (django-otp).

A user has two-factor turned on when they own a confirmed TOTP device. Backup codes live in
one static device created at the same time; turning two-factor off removes both.
"""

from __future__ import annotations

import base64
import re

import qrcode
import qrcode.image.svg
from django.conf import settings
from django.db import transaction
from django_otp.models import Device
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

from mangxanh.org import permissions

BACKUP_CODE_COUNT = 10
TOTP_RE = re.compile(r"[0-9]{6}")
# StaticToken.random_token(): 8 characters of lower-case base32.
BACKUP_RE = re.compile(r"[a-z2-7]{8}")

WRONG_CODE = "Mã xác thực không đúng hoặc đã hết hạn."


def has_two_factor(user) -> bool:
    return TOTPDevice.objects.filter(user=user, confirmed=True).exists()


def is_required(user) -> bool:
    """System and unit administrators must use two-factor when the settings say so."""
    if not settings.MANGXANH_REQUIRE_ADMIN_2FA:
        return False
    return bool(user.is_superuser or permissions.holds_role(user, "account.two_factor"))


def pending_device(user) -> TOTPDevice:
    """The unconfirmed device being set up; reused so the QR code stays the same on reload."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="Ứng dụng xác thực", confirmed=False)
    return device


def qr_svg(device: TOTPDevice) -> str:
    """The otpauth:// URL as an inline SVG, generated here (no external QR service)."""
    image = qrcode.make(device.config_url, image_factory=qrcode.image.svg.SvgPathImage, box_size=8)
    svg = image.to_string(encoding="unicode")
    # Drop the XML declaration so the SVG can sit inside HTML.
    return re.sub(r"^<\?xml[^>]*\?>\s*", "", svg)


def secret_for_display(device: TOTPDevice) -> str:
    """The key in base32, in groups of four, for apps where the QR code cannot be scanned."""
    secret = base64.b32encode(device.bin_key).decode().rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def throttled_message(device: Device) -> str | None:
    allowed, data = device.verify_is_allowed()
    if allowed:
        return None
    count = (data or {}).get("failure_count")
    if count:
        return f"Bạn đã nhập sai mã {count} lần liên tiếp. Vui lòng đợi ít giây rồi thử lại."
    return "Tạm thời chưa thể kiểm tra mã. Vui lòng thử lại sau."


def _new_backup_codes(user) -> list[str]:
    StaticDevice.objects.filter(user=user).delete()
    device = StaticDevice.objects.create(user=user, name="Mã dự phòng", confirmed=True)
    codes = [StaticToken.random_token() for _ in range(BACKUP_CODE_COUNT)]
    StaticToken.objects.bulk_create(StaticToken(device=device, token=code) for code in codes)
    return codes


@transaction.atomic
def confirm_setup(device: TOTPDevice, token: str) -> tuple[list[str] | None, str | None]:
    """Confirm a pending device with a code from the app; returns (backup codes, error)."""
    device = TOTPDevice.objects.select_for_update().get(pk=device.pk)
    message = throttled_message(device)
    if message:
        return None, message
    if not TOTP_RE.fullmatch(token) or not device.verify_token(token):
        return None, WRONG_CODE
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    TOTPDevice.objects.filter(user=device.user).exclude(pk=device.pk).delete()
    return _new_backup_codes(device.user), None


def verify(user, token: str) -> tuple[Device | None, str | None]:
    """Check a 6-digit code or a backup code; returns (the device that accepted it, error)."""
    model = TOTPDevice if TOTP_RE.fullmatch(token) else StaticDevice
    with transaction.atomic():
        for device in model.objects.select_for_update().filter(user=user, confirmed=True):
            message = throttled_message(device)
            if message:
                return None, message
            if device.verify_token(token):
                return device, None
    return None, WRONG_CODE


@transaction.atomic
def regenerate_backup_codes(user) -> list[str]:
    return _new_backup_codes(user)


def remaining_backup_codes(user) -> int:
    return StaticToken.objects.filter(device__user=user, device__confirmed=True).count()


@transaction.atomic
def disable(user) -> None:
    TOTPDevice.objects.filter(user=user).delete()
    StaticDevice.objects.filter(user=user).delete()
