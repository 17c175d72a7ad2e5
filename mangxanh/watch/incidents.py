"""Handling a security incident: containment checklist, status, the 72-hour personal-data
notification clock (Law 91/2025 on personal data protection) with its draft, and the DOCX report."""

from __future__ import annotations

import hashlib
import io
from datetime import timedelta

from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from mangxanh.org import permissions
from mangxanh.watch.models import CHECKLIST, NOTIFY_WITHIN, IncidentStatus, SecurityIncident

# The agency that receives personal-data breach notifications (Ministry of Public Security).
NOTIFY_AGENCY = "Cục An ninh mạng và phòng, chống tội phạm sử dụng công nghệ cao (A05), Bộ Công an"


REMIND_BEFORE = timedelta(hours=24)
REMIND_EVERY = timedelta(hours=12)


class IncidentError(ValueError):
    """Vietnamese, safe to show."""


def open_channel_incident(channel, *, kind: str, severity: str, title: str, key: str, categories=(),
                          page_url: str = "", location: str = "", before: str = "", after: str = "",
                          before_sha: str = "", after_sha: str = "") -> SecurityIncident:
    """Open an incident on a registered channel, or return the still-open one with the same key
    (the same finding seen again on the next check is not a new incident)."""
    fingerprint = hashlib.sha256(key.encode("utf-8", "surrogatepass")).hexdigest()
    existing = SecurityIncident.objects.filter(fingerprint=fingerprint).exclude(status=IncidentStatus.CLOSED).first()
    if existing:
        return existing
    incident = SecurityIncident.objects.create(
        unit=channel.unit, channel=channel, kind=kind, severity=severity, title=title[:300],
        categories=list(categories), page_url=page_url[:1000], location=location[:500], before_snippet=before,
        after_snippet=after, before_sha256=before_sha, after_sha256=after_sha, fingerprint=fingerprint,
    )
    transaction.on_commit(lambda: _notify(incident))
    return incident


def _notify(incident: SecurityIncident) -> None:
    from mangxanh.review.notify import notify, people_of

    url = reverse("watch:incident_detail", kwargs={"pk": incident.pk})
    notify(people_of(incident.unit, permissions.roles_for("watch.view")), "security",
           f"Sự cố an ninh mạng {incident.number}: {incident.title}", url)


def set_checklist(incident: SecurityIncident, done: set[str], *, user) -> None:
    permissions.require_person(user, "watch.view", incident.unit)
    incident.checklist = {key: key in done for key in CHECKLIST}
    incident.save(update_fields=["checklist"])


def mark_personal_data_risk(incident: SecurityIncident, *, user, now=None) -> None:
    """Personal data may have leaked: the 72-hour clock runs from when the incident was detected."""
    permissions.require_person(user, "watch.view", incident.unit)
    if incident.personal_data_risk:
        return
    incident.personal_data_risk = True
    incident.notify_due_at = incident.detected_at + NOTIFY_WITHIN
    incident.save(update_fields=["personal_data_risk", "notify_due_at"])


def mark_notified(incident: SecurityIncident, *, user, now=None) -> None:
    permissions.require_person(user, "watch.view", incident.unit)
    if not incident.personal_data_risk:
        raise IncidentError("Sự cố chưa được đánh dấu có nguy cơ lộ dữ liệu cá nhân.")
    incident.notified_at = now or timezone.now()
    incident.save(update_fields=["notified_at"])


def save_notes(incident: SecurityIncident, notes: str, *, user) -> None:
    permissions.require_person(user, "watch.view", incident.unit)
    incident.notes = (notes or "")[:20_000]
    incident.save(update_fields=["notes"])


def change_status(incident: SecurityIncident, status: str, *, user, now=None) -> None:
    permissions.require_person(user, "watch.view", incident.unit)
    now = now or timezone.now()
    if status not in IncidentStatus.values:
        raise IncidentError("Trạng thái không hợp lệ.")
    if incident.status == IncidentStatus.CLOSED:
        raise IncidentError("Sự cố đã đóng.")
    if status == IncidentStatus.CLOSED:
        missing = [label for key, label, done in incident.checklist_items if not done]
        if missing:
            raise IncidentError("Chưa thể đóng sự cố, còn các bước: " + "; ".join(missing) + ".")
        if incident.personal_data_risk and not incident.notified_at:
            raise IncidentError("Chưa thể đóng sự cố: chưa ghi nhận đã thông báo về việc lộ dữ liệu cá nhân.")
        incident.closed_at, incident.closed_by = now, user
    if status in (IncidentStatus.CONTAINED, IncidentStatus.CLOSED) and incident.contained_at is None:
        incident.contained_at = now
    incident.status = status
    incident.save()


def _local(moment) -> str:
    return timezone.localtime(moment).strftime("%H:%M ngày %d/%m/%Y") if moment else "…"


def notification_draft(incident: SecurityIncident) -> str:
    """A Vietnamese notification of a personal-data breach, to be completed and sent by the unit."""
    unit = incident.unit
    channel = incident.channel.name if incident.channel else "hệ thống thông tin của đơn vị"
    return "\n".join([
        f"{unit.name.upper()}",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập – Tự do – Hạnh phúc",
        "",
        "THÔNG BÁO VI PHẠM QUY ĐỊNH VỀ BẢO VỆ DỮ LIỆU CÁ NHÂN",
        "",
        f"Kính gửi: {NOTIFY_AGENCY}.",
        "",
        "Căn cứ Luật Bảo vệ dữ liệu cá nhân số 91/2025/QH15, đơn vị thông báo sự cố như sau:",
        f"1. Đơn vị: {unit.name}; địa chỉ: {unit.address or '…'}; điện thoại: {unit.phone or '…'}; "
        f"thư điện tử: {unit.email or '…'}.",
        f"2. Người liên hệ: {unit.contact_person or '…'}.",
        f"3. Thời điểm phát hiện: {_local(incident.detected_at)}. Hạn thông báo (72 giờ): "
        f"{_local(incident.notify_due_at)}.",
        f"4. Mô tả sự cố: {incident.title} (mã {incident.number}) trên {channel}"
        f"{', trang ' + incident.page_url if incident.page_url else ''}.",
        "5. Loại và số lượng dữ liệu cá nhân có thể bị ảnh hưởng: …",
        "6. Hậu quả, thiệt hại có thể xảy ra: …",
        "7. Biện pháp đã thực hiện: " + _done_steps(incident) + ".",
        "8. Biện pháp dự kiến tiếp theo: …",
        "",
        "Đơn vị cam kết phối hợp với cơ quan chức năng trong quá trình xác minh, xử lý.",
        "",
        "THỦ TRƯỞNG ĐƠN VỊ",
        "(Ký, ghi rõ họ tên, đóng dấu)",
    ])


def _done_steps(incident: SecurityIncident) -> str:
    done = [label.lower() for _, label, ok in incident.checklist_items if ok]
    return "; ".join(done) if done else "đang triển khai khoanh vùng"


def report_docx(incident: SecurityIncident) -> bytes:
    """The post-incident report («báo cáo sự cố an ninh mạng»)."""
    from docx import Document

    doc = Document()
    doc.add_heading(f"BÁO CÁO SỰ CỐ AN NINH MẠNG {incident.number}", level=1)
    doc.add_paragraph(f"Đơn vị: {incident.unit.name}")
    table = doc.add_table(rows=0, cols=2)
    table.style = "Table Grid"
    rows = [
        ("Tiêu đề", incident.title),
        ("Kênh", incident.channel.name if incident.channel else ""),
        ("Loại sự cố", incident.get_kind_display()),
        ("Mức độ", incident.get_severity_display()),
        ("Trạng thái", incident.get_status_display()),
        ("Nhóm nguy cơ", ", ".join(incident.categories)),
        ("Phát hiện lúc", _local(incident.detected_at)),
        ("Khoanh vùng lúc", _local(incident.contained_at)),
        ("Đóng lúc", _local(incident.closed_at)),
        ("Trang", incident.page_url),
        ("Vị trí trong trang", incident.location),
        ("SHA-256 trước", incident.before_sha256),
        ("SHA-256 sau", incident.after_sha256),
    ]
    for label, value in rows:
        cells = table.add_row().cells
        cells[0].text, cells[1].text = label, value or "—"
    doc.add_heading("Bằng chứng", level=2)
    doc.add_paragraph("Trước: " + (incident.before_snippet or "(không có trong bản lưu trước đó)"))
    doc.add_paragraph("Sau: " + (incident.after_snippet or "—"))
    doc.add_heading("Các bước khoanh vùng", level=2)
    for _, label, done in incident.checklist_items:
        doc.add_paragraph(f"[{'x' if done else ' '}] {label}")
    doc.add_heading("Dữ liệu cá nhân", level=2)
    if incident.personal_data_risk:
        doc.add_paragraph(f"Có nguy cơ lộ dữ liệu cá nhân. Hạn thông báo: {_local(incident.notify_due_at)}. "
                          f"Đã thông báo: {_local(incident.notified_at) if incident.notified_at else 'chưa'}.")
    else:
        doc.add_paragraph("Không ghi nhận nguy cơ lộ dữ liệu cá nhân.")
    doc.add_heading("Ghi chú xử lý và bài học", level=2)
    doc.add_paragraph(incident.notes or "…")
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def remind_notification_deadlines(now=None) -> int:
    """Remind the unit's leaders and administrators of a 72-hour notification due within 24 hours
    or already overdue, at most every 12 hours per incident."""
    from django.db.models import Q

    from mangxanh.org import permissions
    from mangxanh.review.notify import notify, people_of

    now = now or timezone.now()
    due = SecurityIncident.objects.filter(personal_data_risk=True, notified_at__isnull=True,
                                          notify_due_at__lte=now + REMIND_BEFORE).filter(
        Q(reminded_at__isnull=True) | Q(reminded_at__lte=now - REMIND_EVERY)).select_related("unit")
    count = 0
    for incident in due:
        late = "đã quá hạn" if incident.notify_due_at <= now else "sắp đến hạn"
        notify(people_of(incident.unit, permissions.roles_for("watch.view")), "security",
               f"Thông báo lộ dữ liệu cá nhân của sự cố {incident.number} {late} "
               f"({_local(incident.notify_due_at)}).",
               reverse("watch:incident_detail", kwargs={"pk": incident.pk}))
        incident.reminded_at = now
        incident.save(update_fields=["reminded_at"])
        count += 1
    return count
