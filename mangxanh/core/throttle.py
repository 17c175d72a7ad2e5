"""Fixed-window counters in the cache (the shared one when CACHE_URL is set): rate limits, lock-outs."""

from __future__ import annotations

import hashlib
import time

from django.core.cache import cache


def _key(name: str, subject: str, window: int) -> str:
    # Hashed: the subject may be an e-mail address or a typed user name, and cache keys must be short and safe.
    digest = hashlib.sha256(subject.encode("utf-8", "surrogatepass")).hexdigest()[:32]
    return f"mx:t:{name}:{digest}:{int(time.time() // window)}"


def count(name: str, subject: str, window: int) -> int:
    return cache.get(_key(name, subject, window)) or 0


def hit(name: str, subject: str, window: int) -> int:
    """Count one event in the current window; returns the count including it."""
    key = _key(name, subject, window)
    cache.add(key, 0, timeout=window)
    try:
        return cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.set(key, 1, timeout=window)
        return 1


# Per-address limits: every rate limit on the platform goes through these (intake, learning, public check, log-in).

def address(request) -> str:
    """The subject of a per-address limit: core.client_ip, or "unknown" when the request has no usable address."""
    from mangxanh.core.client_ip import client_ip

    return client_ip(request) or "unknown"


def under(name: str, subject: str, limit: int, window: int) -> bool:
    """Whether the subject may still act in this window; counts nothing (call hit() for what is accepted)."""
    return count(name, subject, window) < limit


def take(name: str, subject: str, limit: int, window: int) -> bool:
    """Count one event; False when that event goes over the limit."""
    return hit(name, subject, window) <= limit
