"""The unit's security plan («phương án bảo vệ an ninh mạng»): the plans template
`phuong-an-an-ninh-mang` fills its systems, responsible people, rules, response steps and contacts
from the channel registry and the hygiene checklist; the plan is reviewed yearly (a reminder to the
unit's leaders and administrators from 30 days before the review is due)."""

from __future__ import annotations

from datetime import date, timedelta

from django.urls import reverse
from django.utils import timezone

from mangxanh.org.models import Membership, Role, Unit, UnitKind
from mangxanh.review.models import OfficialChannel
from mangxanh.watch import hygiene
from mangxanh.watch.incidents import NOTIFY_AGENCY
from mangxanh.watch.models import CHECKLIST, ChannelHygiene

TEMPLATE_CODE = "phuong-an-an-ninh-mang"
REVIEW_EVERY = timedelta(days=365)
REMIND_BEFORE = timedelta(days=30)
REMIND_EVERY = timedelta(days=7)

ALLOWED = [
    "Đăng tin, bài đã được duyệt và mang mã phê duyệt của đơn vị lên các kênh chính thức.",
    "Quản trị kênh bằng tài khoản được ghi tên trong sổ đăng ký, đã bật xác thực hai bước.",
    "Dùng thư điện tử thuộc tên miền của đơn vị làm thư khôi phục tài khoản.",
    "Cập nhật phần mềm, giao diện, tiện ích của trang thông tin điện tử từ nguồn chính thức.",
    "Báo ngay cho người phụ trách khi thấy dấu hiệu bất thường (tên trang, liên kết, bài lạ, không đăng nhập được).",
]
NOT_ALLOWED = [
    "Dùng chung mật khẩu quản trị, gửi mật khẩu qua tin nhắn, mạng xã hội hoặc thư điện tử.",
    "Đăng nhập tài khoản quản trị trên máy tính công cộng, thiết bị không rõ nguồn gốc.",
    "Dùng thư điện tử cá nhân làm thư khôi phục; để một người duy nhất giữ quyền quản trị.",
    "Đăng tải thông tin cá nhân, hình ảnh học sinh khi chưa có đồng ý của cha mẹ, người giám hộ.",
    "Cài tiện ích, mã nhúng, liên kết quảng cáo không rõ nguồn gốc lên trang của đơn vị.",
    "Tự ý đổi tên trang, liên kết giới thiệu, người quản trị khi chưa được lãnh đạo đơn vị đồng ý.",
]


def _lines(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)


def _people(unit: Unit, role: str) -> list[str]:
    members = Membership.objects.filter(unit=unit, role=role, user__is_active=True).select_related("user")
    return sorted({m.user.full_name or m.user.get_username() for m in members})


def _department(unit: Unit) -> Unit | None:
    """The Sở above (or the unit itself): the nearest department among the unit and its ancestors."""
    paths = [unit.path[:i] for i in range(unit.steplen, len(unit.path) + 1, unit.steplen)]
    return Unit.objects.filter(path__in=paths, unit_type__kind=UnitKind.DEPARTMENT).order_by("-depth").first()


def _contact(unit: Unit) -> str:
    parts = [f"điện thoại {unit.phone}" if unit.phone else "", f"thư điện tử {unit.email}" if unit.email else "",
             f"người liên hệ {unit.contact_person}" if unit.contact_person else ""]
    return "; ".join(p for p in parts if p) or "…"


def _channel_line(channel: OfficialChannel, report: hygiene.ChannelHygieneReport, recovery: str) -> str:
    admins = ", ".join(hygiene.admin_names(channel)) or "chưa ghi tên"
    reviewed = f"{channel.last_security_review:%d/%m/%Y}" if channel.last_security_review else "chưa rà soát"
    return (f"- {channel.name} ({channel.get_kind_display()}): {channel.address}"
            + (f"; mục đích: {channel.purpose}" if channel.purpose else "")
            + f"; người chịu trách nhiệm: {channel.responsible_person or 'chưa phân công'}"
            + f"; quản trị: {admins}; xác thực hai bước: {'đã bật' if channel.two_factor_enabled else 'chưa bật'}"
            + f"; thư khôi phục: {recovery or 'chưa khai báo'}; rà soát bảo mật gần nhất: {reviewed}"
            + f"; đạt {report.passed}/{len(report.results)} tiêu chí an toàn tài khoản.")


def _scope(unit: Unit, compliance: hygiene.UnitCompliance) -> str:
    if not compliance.channels:
        return ("1. Hệ thống thông tin của đơn vị: đơn vị chưa đăng ký kênh chính thức nào; cần đăng ký đầy đủ "
                "trang thông tin điện tử, trang mạng xã hội, tài khoản Zalo OA… trước khi ban hành phương án.")
    recovery = dict(ChannelHygiene.objects.filter(channel__unit=unit).values_list("channel_id", "recovery_email"))
    lines = ["1. Các hệ thống thông tin, kênh thông tin của đơn vị (theo sổ đăng ký kênh chính thức):"]
    lines += [_channel_line(r.channel, r, recovery.get(r.channel.pk, "")) for r in compliance.channels]
    lines.append(f"2. Mức độ tuân thủ an toàn tài khoản: {compliance.percent}% theo các tiêu chí: "
                 + "; ".join(label.lower() for label in hygiene.CHECKS.values()) + ".")
    failing = [r for r in compliance.channels if r.passed < len(r.results)]
    if failing:
        lines.append("Những việc cần khắc phục ngay:")
        lines += [f"- {r.channel.name}: chưa đạt " + "; ".join(label for label, ok in r.items if not ok) + "."
                  for r in failing]
    return "\n".join(lines)


def _contents() -> str:
    steps = [
        "Phát hiện: người quản trị, hệ thống giám sát của Mạng Xanh hoặc người dân phát hiện dấu hiệu bất thường "
        "(trang bị chèn liên kết cờ bạc, đồi trụy; trang đổi tên, đổi liên kết; bài đăng không có mã phê duyệt).",
        "Báo ngay lãnh đạo đơn vị và người chịu trách nhiệm kênh; ghi nhận sự cố, lưu bằng chứng (ảnh chụp, đường "
        "dẫn, thời gian).",
        *[f"Khoanh vùng: {label.lower()}." for label in CHECKLIST.values()],
        "Nếu có thể lộ dữ liệu cá nhân: thông báo trong 72 giờ kể từ khi phát hiện tới " + NOTIFY_AGENCY + ".",
        "Khôi phục hoạt động bình thường, kiểm tra lại toàn bộ tài khoản quản trị, rà soát nguyên nhân.",
        "Báo cáo cơ quan quản lý cấp trên; khi có dấu hiệu tội phạm, báo Công an (113).",
    ]
    return "\n".join([
        "1. Những việc được làm:", _lines(ALLOWED),
        "2. Những việc không được làm:", _lines(NOT_ALLOWED),
        "3. Quy trình ứng phó khi xảy ra sự cố:",
        "\n".join(f"Bước {i}. {step}" for i, step in enumerate(steps, start=1)),
    ])


def _organisation(unit: Unit, compliance: hygiene.UnitCompliance) -> str:
    leaders = ", ".join(_people(unit, Role.LEADER)) or "Thủ trưởng đơn vị"
    admins = ", ".join(_people(unit, Role.UNIT_ADMIN)) or "chưa phân công"
    lines = [
        "1. Phân công trách nhiệm:",
        f"- Thủ trưởng đơn vị ({leaders}): chịu trách nhiệm chung, phê duyệt và chỉ đạo xử lý sự cố.",
        f"- Quản trị hệ thống của đơn vị ({admins}): theo dõi cảnh báo, giữ danh mục an toàn tài khoản, "
        "tổ chức khắc phục sự cố.",
    ]
    for report in compliance.channels:
        channel = report.channel
        lines.append(f"- {channel.name}: {channel.responsible_person or 'chưa phân công người chịu trách nhiệm'}"
                     f" chịu trách nhiệm; quản trị: {', '.join(hygiene.admin_names(channel)) or 'chưa ghi tên'}.")
    department = _department(unit)
    lines += [
        "2. Danh bạ liên hệ khi xảy ra sự cố:",
        f"- {unit.name}: {_contact(unit)}.",
    ]
    if department is not None and department.pk != unit.pk:
        lines.append(f"- {department.name}: {_contact(department)}.")
    lines += [
        "- Công an (khẩn cấp): 113.",
        f"- {NOTIFY_AGENCY}: tiếp nhận thông báo vi phạm quy định về bảo vệ dữ liệu cá nhân (trong 72 giờ).",
        "- Tổng đài quốc gia bảo vệ trẻ em: 111.",
        "3. Phương án được rà soát, cập nhật hằng năm và mỗi khi thay đổi hệ thống, người quản trị; hạn rà soát "
        f"tiếp theo: {timezone.localdate() + REVIEW_EVERY:%d/%m/%Y}.",
    ]
    return "\n".join(lines)


def fill(unit: Unit) -> dict[str, str]:
    """Document fields of the plan, from the registry and the checklist as they are today."""
    compliance = hygiene.unit_compliance(unit)
    return {"scope": _scope(unit, compliance), "contents": _contents(),
            "organisation": _organisation(unit, compliance)}


# --- Yearly review ---------------------------------------------------------------------------------


def plan_reviews(units) -> dict[int, tuple]:
    """unit id -> (latest security plan, review due on), for the units that have one (one query)."""
    from mangxanh.plans.models import Document

    out: dict[int, tuple] = {}
    for plan in Document.objects.filter(template_code=TEMPLATE_CODE, unit__in=list(units)):
        issued = plan.issued_on or timezone.localdate(plan.created_at)
        if plan.unit_id not in out or issued + REVIEW_EVERY > out[plan.unit_id][1]:
            out[plan.unit_id] = (plan, issued + REVIEW_EVERY)
    return out


def review_due_on(unit: Unit) -> date | None:
    return plan_reviews([unit]).get(unit.pk, (None, None))[1]


def remind_reviews(today: date | None = None) -> int:
    """Remind leaders and administrators of each unit whose security plan is due for review within
    30 days (or overdue), at most once a week per plan; returns how many plans were reminded of."""
    from mangxanh.plans.models import Document
    from mangxanh.review.models import Notification
    from mangxanh.review.notify import notify, people_of

    today = today or timezone.localdate()
    count = 0
    unit_ids = Document.objects.filter(template_code=TEMPLATE_CODE).values_list("unit_id", flat=True).distinct()
    units = Unit.objects.filter(pk__in=unit_ids, is_active=True)
    reviews = plan_reviews(units)
    for unit in units:
        plan, due = reviews[unit.pk]
        if due - today > REMIND_BEFORE:
            continue
        url = reverse("plans:document_detail", kwargs={"pk": plan.pk})
        if Notification.objects.filter(kind="security", url=url, created_at__date__gt=today - REMIND_EVERY).exists():
            continue
        late = "đã quá hạn" if due < today else "đến hạn"
        notify(people_of(unit, [Role.LEADER, Role.UNIT_ADMIN]), "security",
               f"Phương án bảo vệ an ninh mạng của {unit.name} {late} rà soát hằng năm ({due:%d/%m/%Y}): "
               "hãy cập nhật theo sổ đăng ký kênh và danh mục an toàn tài khoản.", url)
        count += 1
    return count
