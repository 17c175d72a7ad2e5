from datetime import timedelta

from django import template

register = template.Library()


@register.filter
def duration_vi(value) -> str:
    """timedelta(minutes=90) -> "1 giờ 30 phút"; axes passes its cool-off time as a timedelta."""
    if not isinstance(value, timedelta):
        return ""
    minutes = max(1, round(value.total_seconds() / 60))
    hours, minutes = divmod(minutes, 60)
    parts = []
    if hours:
        parts.append(f"{hours} giờ")
    if minutes:
        parts.append(f"{minutes} phút")
    return " ".join(parts)
