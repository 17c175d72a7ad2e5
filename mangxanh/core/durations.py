"""Durations in Vietnamese («58 phút», «2 giờ 5 phút», «3 ngày 4 giờ»): one function for templates,
e-mails and messages, instead of Django's timesince/timeuntil (English here, and rounded oddly)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django.utils import timezone

_UNITS = (("ngày", 86_400), ("giờ", 3_600), ("phút", 60))


def duration_vi(value: timedelta, *, parts: int = 2) -> str:
    """The two largest units, rounded down: 2 h 5 min 40 s -> «2 giờ 5 phút»; under a minute -> «dưới 1 phút»."""
    seconds = abs(int(value.total_seconds()))
    out = []
    for name, size in _UNITS:
        amount, seconds = divmod(seconds, size)
        if amount or out:
            if amount:
                out.append(f"{amount} {name}")
            if len(out) == parts or out and amount == 0:
                break
    return " ".join(out) or "dưới 1 phút"


def until_vi(when: datetime, now: datetime | None = None) -> str:
    """«còn 58 phút» before `when`, «quá hạn 2 giờ 5 phút» after it."""
    left = when - (now or timezone.now())
    return f"còn {duration_vi(left)}" if left >= timedelta(0) else f"quá hạn {duration_vi(left)}"
