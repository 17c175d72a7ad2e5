from django.contrib.auth.models import AbstractUser
from django.db import models
from django.db.models.functions import Lower


class User(AbstractUser):
    """A person who logs in. Roles live in org.Membership, one row per unit and role."""

    full_name = models.CharField("họ và tên", max_length=200, blank=True)
    phone = models.CharField("điện thoại", max_length=30, blank=True)
    email_notifications = models.BooleanField("nhận thông báo qua e-mail", default=True)
    # Demo accounts are refused when production settings are on.
    is_demo = models.BooleanField("tài khoản thử nghiệm", default=False)

    class Meta:
        verbose_name = "người dùng"
        verbose_name_plural = "người dùng"
        constraints = [
            models.UniqueConstraint(
                Lower("email"), condition=~models.Q(email=""), name="unique_user_email_ci"
            )
        ]

    def __str__(self) -> str:
        return self.get_full_name() or self.username

    def get_full_name(self) -> str:
        # One "họ và tên" field, not Django's first_name/last_name (always empty here).
        return self.full_name.strip()

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip().lower()
        super().save(*args, **kwargs)
