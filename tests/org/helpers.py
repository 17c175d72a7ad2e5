"""Small helpers shared by the org tests: counts that must not change after a refused action."""

from __future__ import annotations

from django.contrib.auth import get_user_model

from mangxanh.org.models import Membership, Unit, UnitMove


def snapshot() -> tuple[int, int, int, int]:
    return (
        get_user_model().objects.count(),
        Membership.objects.count(),
        Unit.objects.count(),
        UnitMove.objects.count(),
    )
