"""{% load words %}: {{ text|truncate_on_word:80 }} shortens a text to at most 80 characters on a whole word."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def truncate_on_word(value, limit: int) -> str:
    """At most `limit` characters, "…" included, ending on the last whole word that fits.

    Django's truncatechars cuts mid-word ("…con tôi (12 tuổi), k…"), which reads as a typo in a title.
    A single word longer than the limit (a pasted link) is still cut, as there is no space to end on."""
    text = " ".join(str(value or "").split())
    try:
        limit = int(limit)
    except (TypeError, ValueError):
        return text
    if len(text) <= limit or limit < 1:
        return text
    room = text[:limit - 1]  # "…" takes the last character
    if text[limit - 1] != " " and " " in room:  # the next character goes on a word: drop its start
        room = room.rsplit(" ", 1)[0]
    return room.rstrip(" ,.;:-–") + "…"
