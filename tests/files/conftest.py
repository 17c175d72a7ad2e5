import pytest


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Files of each test in its own folder; the intake rate limits out of the way of many uploads."""
    settings.MEDIA_ROOT = tmp_path / "files"
    settings.INTAKE_RATE_LIMITS = {"report": (1000, 600), "lookup": (1000, 600)}
    from django.core.cache import cache

    cache.clear()
    return settings.MEDIA_ROOT
