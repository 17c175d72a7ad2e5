from django import template

from mangxanh.engine.result import CATEGORY_LABELS, SEVERITY_LABELS, VERDICT_LABELS

register = template.Library()


@register.filter
def category_label(code: str) -> str:
    if code.startswith("custom:"):
        return f"Nhóm riêng: {code.removeprefix('custom:')}"
    return CATEGORY_LABELS.get(code, code)


@register.filter
def severity_label(code: str) -> str:
    return SEVERITY_LABELS.get(code, code)


@register.filter
def verdict_label(code: str) -> str:
    return VERDICT_LABELS.get(code, code)
