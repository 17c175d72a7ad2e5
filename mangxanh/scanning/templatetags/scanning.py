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


# Why a finding matters, for the person fixing the post (shown under each finding).
CATEGORY_WHY = {
    "personal_data": "Thông tin cá nhân của học sinh, phụ huynh được pháp luật bảo vệ (Luật Trẻ em 2016, Điều 21 về "
                     "bí mật đời sống riêng tư; pháp luật về bảo vệ dữ liệu cá nhân). Đăng lên mạng thì ai cũng chép "
                     "được và kẻ xấu có thể dùng để lừa đảo, bắt nạt; chỉ giữ lại khi thật cần và đã có đồng ý.",
    "harassment": "Bài của nhà trường không được bêu tên, chê bai hay xúc phạm cá nhân; em bị nêu tên có thể bị "
                  "bắt nạt tiếp trên mạng.",
    "offensive": "Lời lẽ thô tục trên kênh của nhà trường làm mất uy tín đơn vị và không phù hợp với học sinh.",
    "hate": "Lời lẽ kỳ thị làm tổn thương học sinh và gia đình, trái với môi trường giáo dục an toàn.",
    "violence": "Lời đe dọa hoặc cổ vũ bạo lực có thể bị hiểu là đe dọa thật và khiến học sinh sợ hãi.",
    "sexual": "Nội dung đồi trụy không được đăng trên kênh có học sinh theo dõi.",
    "child_abuse": "Nội dung liên quan đến xâm hại trẻ em phải được báo ngay cho cán bộ bảo vệ trẻ em, không đăng lại.",
    "self_harm": "Nói về tự gây hại cần được xử lý thận trọng: không đăng chi tiết, báo cán bộ bảo vệ trẻ em.",
    "scam": "Nội dung giống lừa đảo (xin chuyển tiền, mã OTP) làm phụ huynh mất tiền và mất tin vào kênh của trường.",
    "drugs_gambling": "Nội dung về ma túy, cờ bạc không được xuất hiện trên kênh của nhà trường.",
    "misinformation": "Thông tin chưa kiểm chứng cần được xác minh với nguồn chính thức trước khi đăng.",
    "impersonation": "Nội dung mạo danh cơ quan, trường học dễ khiến phụ huynh tin nhầm và bị lừa.",
}


@register.filter
def category_why(code: str) -> str:
    return CATEGORY_WHY.get(code, "")


@register.filter
def severity_label(code: str) -> str:
    return SEVERITY_LABELS.get(code, code)


@register.filter
def verdict_label(code: str) -> str:
    return VERDICT_LABELS.get(code, code)
