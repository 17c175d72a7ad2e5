from __future__ import annotations

import django_otp
from axes.helpers import get_lockout_response
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.messages.views import SuccessMessageMixin
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from mangxanh.accounts import lockout, throttle, twofactor
from mangxanh.accounts.forms import ProfileForm, TokenForm
from mangxanh.org import rules
from mangxanh.org.models import Role

# Backup codes are shown exactly once: stored here by the view that creates them, popped on display.
BACKUP_CODES_SESSION_KEY = "accounts_new_backup_codes"


def _next_url(request: HttpRequest, default: str = "/") -> str:
    target = request.POST.get("next") or request.GET.get("next") or default
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return default
    return target


class LogoutView(auth_views.LogoutView):
    """Log-out changes state, so it happens on POST only; GET shows a confirmation button."""

    http_method_names = ["get", "post", "options"]

    def get(self, request, *args, **kwargs):
        return render(request, "accounts/logout_confirm.html")


class PasswordResetView(auth_views.PasswordResetView):
    """Reset mails are throttled per address here and per account in the form (mangxanh.accounts.throttle)."""

    def form_valid(self, form):
        if not throttle.reset_allowed_for_address(self.request):
            form.add_error(None, throttle.RESET_REFUSED)
            response = self.form_invalid(form)
            response.status_code = 429
            return response
        return super().form_valid(form)


class PasswordChangeView(SuccessMessageMixin, auth_views.PasswordChangeView):
    template_name = "accounts/password_change.html"
    success_url = reverse_lazy("accounts:profile")
    success_message = "Đã đổi mật khẩu."


@login_required
def two_factor(request: HttpRequest) -> HttpResponse:
    """Second step of the log-in: a code from the authenticator app or a backup code."""
    user = request.user
    target = _next_url(request)
    if user.is_verified():
        return HttpResponseRedirect(target)
    if not twofactor.has_two_factor(user):
        return HttpResponseRedirect(target)
    if lockout.is_locked(request, user):
        logout(request)
        return get_lockout_response(request, credentials=lockout.credentials_for(user))

    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device, error = twofactor.verify(user, form.cleaned_data["token"])
        if device is not None:
            django_otp.login(request, device)
            request.session.cycle_key()
            lockout.reset(request, user)
            if device.__class__.__name__ == "StaticDevice":
                left = twofactor.remaining_backup_codes(user)
                messages.warning(request, f"Bạn vừa dùng một mã dự phòng; còn lại {left} mã.")
            return HttpResponseRedirect(target)
        form.add_error("token", error)
        if error == twofactor.WRONG_CODE and lockout.record_failure(request, user):
            # AxesMiddleware turns this response into the lock-out page.
            logout(request)
    return render(request, "accounts/two_factor.html", {"form": form, "next": target})


@login_required
def security(request: HttpRequest) -> HttpResponse:
    user = request.user
    return render(
        request,
        "accounts/security.html",
        {
            "enabled": twofactor.has_two_factor(user),
            "required": twofactor.is_required(user),
            "backup_left": twofactor.remaining_backup_codes(user),
            "form": TokenForm(),
        },
    )


@login_required
def two_factor_setup(request: HttpRequest) -> HttpResponse:
    user = request.user
    if twofactor.has_two_factor(user):
        return redirect("accounts:security")
    device = twofactor.pending_device(user)
    form = TokenForm(request.POST or None, allow_backup=False)
    if request.method == "POST" and form.is_valid():
        codes, error = twofactor.confirm_setup(device, form.cleaned_data["token"])
        if codes is not None:
            device.refresh_from_db()
            django_otp.login(request, device)
            request.session[BACKUP_CODES_SESSION_KEY] = codes
            messages.success(request, "Đã bật xác thực hai bước.")
            return redirect("accounts:backup_codes")
        form.add_error("token", error)
    return render(
        request,
        "accounts/two_factor_setup.html",
        {
            "form": form,
            "qr_svg": twofactor.qr_svg(device),
            "secret": twofactor.secret_for_display(device),
            "required": twofactor.is_required(user),
        },
    )


@login_required
def backup_codes(request: HttpRequest) -> HttpResponse:
    codes = request.session.pop(BACKUP_CODES_SESSION_KEY, None)
    if not codes:
        return redirect("accounts:security")
    return render(request, "accounts/backup_codes.html", {"codes": codes})


def _check_current_code(request: HttpRequest) -> bool:
    form = TokenForm(request.POST)
    if not form.is_valid():
        messages.error(request, form.errors["token"][0])
        return False
    device, error = twofactor.verify(request.user, form.cleaned_data["token"])
    if device is None:
        messages.error(request, error)
        if error == twofactor.WRONG_CODE and lockout.record_failure(request, request.user):
            logout(request)
        return False
    return True


@login_required
@require_POST
def two_factor_disable(request: HttpRequest) -> HttpResponse:
    user = request.user
    if twofactor.is_required(user):
        messages.error(request, "Quản trị viên bắt buộc phải dùng xác thực hai bước; không thể tắt.")
        return redirect("accounts:security")
    if not twofactor.has_two_factor(user):
        return redirect("accounts:security")
    if _check_current_code(request):
        twofactor.disable(user)
        request.session.pop(django_otp.DEVICE_ID_SESSION_KEY, None)
        messages.success(request, "Đã tắt xác thực hai bước.")
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return redirect("accounts:security")


@login_required
@require_POST
def backup_codes_regenerate(request: HttpRequest) -> HttpResponse:
    if not twofactor.has_two_factor(request.user):
        return redirect("accounts:security")
    if _check_current_code(request):
        request.session[BACKUP_CODES_SESSION_KEY] = twofactor.regenerate_backup_codes(request.user)
        messages.success(request, "Đã tạo bộ mã dự phòng mới; các mã cũ không còn dùng được.")
        return redirect("accounts:backup_codes")
    if not request.user.is_authenticated:
        return redirect("accounts:login")
    return redirect("accounts:security")


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    user = request.user
    form = ProfileForm(request.POST or None, instance=user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Đã lưu thông tin tài khoản.")
        return redirect("accounts:profile")
    if request.method == "POST":
        # Keep showing the stored values next to the rejected input.
        user.refresh_from_db()
    role_labels = dict(Role.choices)
    held = sorted(rules.memberships(user), key=lambda m: (m.unit.path, m.role))
    return render(
        request,
        "accounts/profile.html",
        {
            "form": form,
            "memberships": [(m.unit, role_labels.get(m.role, m.role)) for m in held],
            "two_factor_enabled": twofactor.has_two_factor(user),
        },
    )
