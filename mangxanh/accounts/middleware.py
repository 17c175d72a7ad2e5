from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect
from django.urls import reverse

from mangxanh.accounts import twofactor

# Pages a logged-in user may reach before the second factor is done.
PENDING_ALLOWED = frozenset({"accounts:two_factor", "accounts:logout", "core:health"})
# Pages an administrator who must use two-factor may reach before setting it up.
SETUP_ALLOWED = PENDING_ALLOWED | {
    "accounts:security",
    "accounts:two_factor_setup",
    "accounts:backup_codes",
}


class RequireTwoFactorMiddleware:
    """Hold logged-in users at the two-factor step until it is done.

    - A user who turned two-factor on must enter a code before reaching any page.
    - With MANGXANH_REQUIRE_ADMIN_2FA, system and unit administrators without a device are
      sent to set one up and cannot use other pages until they do.
    Runs in process_view so it can decide by URL name rather than by path prefix.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return None
        is_verified = getattr(user, "is_verified", None)
        if is_verified is not None and is_verified():
            return None
        match = request.resolver_match
        view_name = match.view_name if match else ""
        if twofactor.has_two_factor(user):
            if view_name in PENDING_ALLOWED:
                return None
            return self._redirect(request, "accounts:two_factor")
        if twofactor.is_required(user):
            if view_name in SETUP_ALLOWED:
                return None
            messages.warning(
                request, "Tài khoản quản trị phải bật xác thực hai bước trước khi tiếp tục làm việc."
            )
            return self._redirect(request, "accounts:two_factor_setup")
        return None

    @staticmethod
    def _redirect(request, url_name: str):
        target = reverse(url_name)
        if request.method == "GET":
            target += "?" + urlencode({"next": request.get_full_path()})
        return redirect(target)
