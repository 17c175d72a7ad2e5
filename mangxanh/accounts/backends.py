from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend

# Longer input cannot be a username (150) or an e-mail address (254).
MAX_LOGIN_LENGTH = 254


def find_user(login: str | None):
    """The user a log-in name points at: exact username, then case-insensitive username, then e-mail.

    A case-insensitive username match counts only when it is unambiguous, so "Admin" never
    logs in as one of two accounts "admin" and "ADMIN".
    """
    User = get_user_model()
    value = (login or "").strip()
    if not value or len(value) > MAX_LOGIN_LENGTH or "\x00" in value:
        return None
    user = User.objects.filter(username=value).first()
    if user is not None:
        return user
    candidates = list(User.objects.filter(username__iexact=value)[:2])
    if len(candidates) == 1:
        return candidates[0]
    if "@" in value:
        return User.objects.filter(email__iexact=value).first()
    return None


class UsernameOrEmailBackend(ModelBackend):
    """Log in with either the username or the e-mail address, case-insensitively."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if username is None or password is None:
            return None
        user = find_user(username)
        if user is None:
            # Spend the same time as a real check so timing does not reveal accounts.
            get_user_model()().set_password(password)
            return None
        if user.check_password(password) and self.user_can_authenticate(user):
            return user
        return None

    def user_can_authenticate(self, user) -> bool:
        # Demo passwords are printed in the README: never let them in on a real installation.
        if settings.PRODUCTION and getattr(user, "is_demo", False):
            return False
        return super().user_can_authenticate(user)
