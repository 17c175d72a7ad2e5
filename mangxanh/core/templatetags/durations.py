"""{% load durations %}: {{ td|duration_vi }}, {{ when|until_vi }} («còn 58 phút» / «quá hạn 2 giờ 5 phút»)."""

from __future__ import annotations

from datetime import datetime, timedelta

from django import template

from mangxanh.core import durations

register = template.Library()


@register.filter
def duration_vi(value: timedelta | None) -> str:
    return durations.duration_vi(value) if isinstance(value, timedelta) else ""


@register.filter
def until_vi(value: datetime | None) -> str:
    return durations.until_vi(value) if isinstance(value, datetime) else ""
