"""Per-address limits for the anonymous pages, kept in Django's cache (no third-party captcha)."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.cache import cache

from mangxanh.core.client_ip import client_ip as core_client_ip


def client_ip(request) -> str:
    return core_client_ip(request) or "unknown"


def _slot(request, bucket: str) -> tuple[str, int, int]:
    limits = getattr(settings, "INTAKE_RATE_LIMITS", {"report": (10, 600), "lookup": (20, 600)})
    count, window = limits.get(bucket, (10, 600))
    slot = int(time.time() // window)
    return f"intake:rl:{bucket}:{client_ip(request)}:{slot}", count, window


def allowed(request, bucket: str) -> bool:
    """Whether the address may still use this bucket; counts nothing (see record())."""
    key, count, _ = _slot(request, bucket)
    return (cache.get(key) or 0) < count


def record(request, bucket: str) -> None:
    """Count one accepted use (a stored report), not an attempt that failed validation."""
    hit(request, bucket)


def hit(request, bucket: str) -> bool:
    """Count one request; False when the address is over its limit for this bucket."""
    key, count, window = _slot(request, bucket)
    cache.add(key, 0, timeout=window)
    try:
        used = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        used = 1
    return used <= count
