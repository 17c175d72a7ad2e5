from django import template

from mangxanh.engine.result import CATEGORY_LABELS, SEVERITY_LABELS, VERDICT_LABELS

register = template.Library()


@register.filter
def category_label(code: str) -> str:
    if code.startswith("custom:"):
        return f"Nhóm riêng: {code.removeprefix('custom:')}"
    return CATEGORY_LABELS.get(code, code)


# What a finding's rule points at, as a noun a teacher uses («Che tất cả ngày sinh»); rule ids such as
# «pii.cccd» are never shown to people.
RULE_LABELS = {
    "pii.date_of_birth": "ngày sinh",
    "pii.address": "địa chỉ nhà",
    "pii.email": "địa chỉ e-mail",
    "pii.vietqr": "mã QR chuyển tiền",
    "pii.cccd": "số căn cước (CCCD)",
    "pii.cmnd": "số CMND",
    "pii.tax_code": "mã số thuế",
    "pii.phone": "số điện thoại",
    "pii.bank_account": "số tài khoản ngân hàng",
    "pii.minor_sensitive": "thông tin nhạy cảm của học sinh",
    "pii.minor_name": "tên học sinh",
}


@register.filter
def rule_label(code: str) -> str:
    """The kind of thing a rule found, in Vietnamese ('' when the rule names no such thing)."""
    if code in RULE_LABELS:
        return RULE_LABELS[code]
    return "thông tin cá nhân" if code.startswith("pii.") else ""


@register.filter
def severity_label(code: str) -> str:
    return SEVERITY_LABELS.get(code, code)


@register.filter
def verdict_label(code: str) -> str:
    return VERDICT_LABELS.get(code, code)
