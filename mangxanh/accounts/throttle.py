"""Slowing password guessing beyond django-axes' lock-out of one (account, address) pair.

- Per address, across accounts (password spraying): after LOGIN_FAILURES_PER_ADDRESS failures in
  the cool-off window, log-in from that address is refused until the window ends.
- Per account, across addresses (a botnet on one account): after LOGIN_FAILURES_PER_ACCOUNT
  failures, the account refuses log-in from addresses it has never logged in from (audit log,
  last KNOWN_ADDRESS_DAYS days). Its owner, at a usual address, still gets in: an attacker
  cannot keep someone else locked out by failing on purpose.
- Password-reset e-mails: at most RESET_PER_ADDRESS requests per address and RESET_PER_ACCOUNT
  mails per account an hour.

Counters live in the cache (mangxanh.core.throttle), shared between processes when CACHE_URL is set.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from mangxanh.core import throttle

KNOWN_ADDRESS_DAYS = 90
RESET_WINDOW = 3600

ADDRESS_REFUSED = ("Có quá nhiều lần đăng nhập sai từ địa chỉ mạng này. Vui lòng thử lại sau {minutes} phút "
                   "hoặc liên hệ quản trị viên.")
ACCOUNT_REFUSED = ("Tài khoản này đang bị thử mật khẩu nhiều lần nên tạm không nhận đăng nhập từ địa chỉ mạng lạ. "
                   "Vui lòng thử lại sau {minutes} phút, đăng nhập từ nơi bạn thường dùng, hoặc liên hệ quản trị viên.")
RESET_REFUSED = "Bạn đã yêu cầu đặt lại mật khẩu quá nhiều lần. Vui lòng thử lại sau một giờ."


def _window() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds())


def _minutes() -> int:
    return max(1, _window() // 60)


def _account(request, typed: str) -> str:
    from mangxanh.accounts.lockout import axes_username

    return axes_username(request, {"username": typed})


def known_address(username: str, address: str) -> bool:
    """Whether this account logged in successfully from this address lately (audit log)."""
    from django.contrib.auth import get_user_model

    from mangxanh.audit.models import Action, AuditEntry

    user = get_user_model().objects.filter(username__iexact=username).only("pk").first()
    if user is None:
        return False
    since = timezone.now() - timedelta(days=KNOWN_ADDRESS_DAYS)
    return AuditEntry.objects.filter(action=Action.LOGIN, object_type=user._meta.label_lower,
                                     object_id=str(user.pk), actor_ip=address, timestamp__gte=since).exists()


def login_refusal(request, typed: str) -> str:
    """A Vietnamese reason to refuse this log-in attempt before checking the password; "" to go on."""
    address = throttle.address(request)
    if throttle.count("login-address", address, _window()) >= settings.LOGIN_FAILURES_PER_ADDRESS:
        return ADDRESS_REFUSED.format(minutes=_minutes())
    account = _account(request, typed)
    if (account and throttle.count("login-account", account, _window()) >= settings.LOGIN_FAILURES_PER_ACCOUNT
            and not known_address(account, address)):
        return ACCOUNT_REFUSED.format(minutes=_minutes())
    return ""


def on_login_failed(sender, credentials, request=None, **kwargs) -> None:
    if request is None:
        return
    throttle.hit("login-address", throttle.address(request), _window())
    account = _account(request, str((credentials or {}).get("username") or ""))
    if account:
        throttle.hit("login-account", account, _window())


def reset_allowed_for_address(request) -> bool:
    return throttle.hit("reset-address", throttle.address(request), RESET_WINDOW) <= settings.PASSWORD_RESET_PER_ADDRESS


def reset_allowed_for_account(user) -> bool:
    return throttle.hit("reset-account", str(user.pk), RESET_WINDOW) <= settings.PASSWORD_RESET_PER_ACCOUNT


def connect() -> None:
    from django.contrib.auth.signals import user_login_failed

    user_login_failed.connect(on_login_failed, dispatch_uid="accounts-throttle-failed")
