"""{% load phones %}: {{ text|tel_links }} turns the emergency numbers in a plain text into tel: links."""

from __future__ import annotations

import re

from django import template
from django.utils.html import conditional_escape
from django.utils.safestring import SafeString, mark_safe

register = template.Library()

# Only the free national emergency lines: other digits in the text (dates, codes) stay text.
EMERGENCY = re.compile(r"(?<![\w/.])(111|113|114|115)(?![\w/.])")


@register.filter
def tel_links(value) -> SafeString:
    escaped = str(conditional_escape(value or ""))
    return mark_safe(EMERGENCY.sub(r'<a class="tel" href="tel:\1">\1</a>', escaped))  # the text was escaped above
