"""Every file test stores into its own temporary folder, with the public form's rate limits out of the way."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INTAKE_RATE_LIMITS = {"report": (1000, 600), "lookup": (1000, 600)}
    from django.core.cache import cache

    cache.clear()
    return settings.MEDIA_ROOT
