"""Per-address limits for the anonymous pages, kept in Django's cache (no third-party captcha)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache


def client_ip(request) -> str:
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def hit(request, bucket: str) -> bool:
    """Count one request; False when the address is over its limit for this bucket."""
    limits = getattr(settings, "INTAKE_RATE_LIMITS", {"report": (10, 600), "lookup": (20, 600)})
    count, window = limits.get(bucket, (10, 600))
    slot = int(time.time() // window)
    key = f"intake:rl:{bucket}:{client_ip(request)}:{slot}"
    cache.add(key, 0, timeout=window)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        used = 1
    return used <= count
