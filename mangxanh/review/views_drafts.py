"""Screens for drafts: write, scan, fix, submit, attach, compare and record publication."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from mangxanh import audit
from mangxanh.files.limits import upload_limit
from mangxanh.files.storage import DOCUMENTS, IMAGES, UploadError, too_large_message
from mangxanh.files.thumbs import thumbnail_response
from mangxanh.files.uploads import accept_upload, viewing_response
from mangxanh.org import permissions
from mangxanh.review import drafts as flow
from mangxanh.review.diff import side_by_side
from mangxanh.review.drafts import NeedsConfirmation, WorkflowError
from mangxanh.review.forms import DraftForm, PublishForm, UploadForm
from mangxanh.review.models import (
    Draft,
    DraftAttachment,
    DraftStatus,
    DraftVersion,
    OfficialChannel,
)
from mangxanh.review.views_common import (
    _back,
    _can_write,
    _draft,
    _int,
    _require_role,
)
from mangxanh.review.views_queue import _queue
from mangxanh.scanning.models import Scan, ScanStatus
from mangxanh.scanning.service import highlight

MAX_UPLOAD = 10 * 1024 * 1024


@login_required
def draft_list(request):
    _require_role(request.user, "review.view")
    drafts = permissions.scoped(Draft.objects.select_related("unit", "author"), request.user, "review.view")
    status = request.GET.get("status", "")
    if status in DraftStatus.values:
        drafts = drafts.filter(status=status)
    drafts = drafts.prefetch_related("versions")[:200]
    return render(request, "review/draft_list.html", {"drafts": drafts, "status": status,
                                                      "statuses": DraftStatus.choices,
                                                      "can_write": _can_write(request.user)})



@login_required
def draft_create(request):
    _require_role(request.user, "review.edit")
    form = DraftForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        draft = Draft(unit=form.cleaned_data["unit"], author=request.user)
        if _save_form(request, form, draft):
            messages.success(request, "Đã lưu bài viết. Kết quả rà soát sẽ hiện ngay khi quét xong.")
            return _back(draft)
    return render(request, "review/draft_form.html", {"form": form})


def _save_form(request, form, draft: Draft) -> bool:
    """Store the form as a new version; False (with the error on the form) when the workflow refuses."""
    data = form.cleaned_data
    _fill(draft, data)
    try:
        flow.save_version(draft, request.user, data["title"], data["body"])
    except WorkflowError as exc:
        form.add_error(None, str(exc))
        return False
    # Only the form's fields: the scan verdict may already have been copied by the worker.
    draft.save(update_fields=[*FILLED_FIELDS, "updated_at"])
    draft.target_channels.set(data["target_channels"])
    return True


FILLED_FIELDS = ("planned_date", "names_students", "parental_consent", "consent_reference")


def _fill(draft: Draft, data) -> None:
    draft.planned_date = data["planned_date"]
    draft.names_students = data["names_students"]
    draft.parental_consent = data["parental_consent"]
    draft.consent_reference = data["consent_reference"].strip()


@login_required
def draft_edit(request, pk: int):
    draft = _draft(request, pk, "review.edit")
    if not draft.is_editable:
        messages.error(request, "Bài viết đang chờ duyệt hoặc đã duyệt, không sửa được.")
        return _back(draft)
    latest = draft.latest_version
    initial = {"unit": draft.unit, "title": latest.title if latest else "", "body": flow.editor_text(latest.body_html) if latest else "",
               "target_channels": draft.target_channels.all(), "planned_date": draft.planned_date,
               "names_students": draft.names_students, "parental_consent": draft.parental_consent,
               "consent_reference": draft.consent_reference}
    form = DraftForm(request.POST or None, user=request.user, draft=draft, initial=initial)
    if request.method == "POST" and form.is_valid() and _save_form(request, form, draft):
        messages.success(request, "Đã lưu phiên bản mới. Kết quả rà soát sẽ hiện ngay khi quét xong.")
        return _back(draft)
    return render(request, "review/draft_form.html", {"form": form, "draft": draft})


def _findings_context(version: DraftVersion | None) -> dict:
    scan = Scan.objects.latest_for(version) if version else None
    findings = list(scan.findings.all()) if scan and scan.status == ScanStatus.DONE else []
    segments = highlight(version.scan_text(), findings) if version else []
    numbered = {f.pk: i for i, f in enumerate(findings, 1)}
    return {"version": version, "scan": scan, "findings": findings, "segments": segments, "numbers": numbered,
            "pending": scan is not None and scan.status == ScanStatus.PENDING, "mask_groups": _mask_groups(findings),
            "finding_categories": list(dict.fromkeys(f.category for f in findings))}


def _mask_groups(findings) -> list[tuple[str, int]]:
    """Kinds with several maskable findings: one button masks them all («Che tất cả ngày sinh»)."""
    counts: dict[str, int] = {}
    for f in findings:
        if f.suggestion:
            counts[f.rule] = counts.get(f.rule, 0) + 1
    return [(rule, n) for rule, n in counts.items() if n >= 2]


@login_required
def draft_detail(request, pk: int):
    draft = _draft(request, pk)
    user = request.user
    versions = list(draft.versions.order_by("-number"))
    can_edit = draft.is_editable and permissions.can(user, "review.edit", draft.unit)
    can_review = flow.can_review(user, draft)
    holder = draft.claim_holder()
    context = {
        "draft": draft,
        "versions": versions,
        "can_edit": can_edit,
        "can_review": can_review,
        "can_override": permissions.can(user, "review.override", draft.unit),
        "holder": holder,
        "i_hold": holder is not None and holder.pk == user.pk,
        "comments": draft.comments.select_related("author", "version"),
        "events": draft.events.select_related("actor"),
        "attachments": draft.attachments.all(),
        "publish_form": PublishForm(),
        "upload_form": UploadForm(),
        "submit_warnings": flow.submit_warnings(draft) if can_edit else [],
        **_findings_context(draft.latest_version),
    }
    if can_review:
        queue = list(_queue(user).values_list("pk", flat=True)[:500])
        if pk in queue:
            i = queue.index(pk)
            context["prev_pk"] = queue[i - 1] if i > 0 else None
            context["next_pk"] = queue[i + 1] if i + 1 < len(queue) else None
    return render(request, "review/draft_detail.html", context)


@login_required
def draft_findings(request, pk: int):
    draft = _draft(request, pk)
    can_edit = draft.is_editable and permissions.can(request.user, "review.edit", draft.unit)
    return render(request, "review/_findings.html",
                  {"draft": draft, "can_edit": can_edit, **_findings_context(draft.latest_version)})


@login_required
@require_POST
def draft_fix(request, pk: int):
    draft = _draft(request, pk, "review.edit")
    if not draft.is_editable:
        messages.error(request, "Bài viết đang chờ duyệt hoặc đã duyệt, không sửa được.")
        return _back(draft)
    scan = Scan.objects.latest_for(draft.latest_version)
    if request.POST.get("action") == "mask_all":
        return _mask_all(request, draft, scan)
    finding = scan.findings.filter(pk=_int(request.POST.get("finding")) or 0).first() if scan else None
    if finding is None:
        messages.error(request, "Phát hiện không còn hợp lệ; hãy tải lại trang.")
        return _back(draft)
    try:
        flow.apply_fix(draft, request.user, finding, request.POST.get("action", ""))
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã sửa và lưu phiên bản mới; đang quét lại.")
    return _back(draft)


def _mask_all(request, draft: Draft, scan):
    from mangxanh.scanning.templatetags.scanning import rule_label

    rule = (request.POST.get("rule") or "")[:100]
    findings = list(scan.findings.filter(rule=rule).exclude(suggestion="")) if scan and rule else []
    label = rule_label(rule) or "phát hiện cùng loại"
    try:
        flow.mask_all(draft, request.user, findings, label)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, f"Đã che tất cả {label} ({len(findings)} chỗ) và lưu phiên bản mới; đang quét lại.")
    return _back(draft)


@login_required
@require_POST
def draft_submit(request, pk: int):
    draft = _draft(request, pk, "review.edit")
    try:
        flow.submit(draft, request.user, confirmed=request.POST.get("confirm") == "1")
    except NeedsConfirmation as exc:
        # Asked on the server: a click that skipped the page's warning still lands here.
        return render(request, "review/draft_submit_confirm.html", {"draft": draft, "warnings": exc.warnings})
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã gửi bài cho ban biên tập duyệt.")
    return _back(draft)


@upload_limit(MAX_UPLOAD)
@login_required
@require_POST
def draft_upload(request, pk: int):
    draft = _draft(request, pk, "review.edit")
    form = UploadForm(request.POST, request.FILES)
    if request.upload_too_large:
        messages.error(request, too_large_message(MAX_UPLOAD))
    elif not draft.is_editable:
        messages.error(request, "Bài viết đang chờ duyệt hoặc đã duyệt, không thêm tệp được.")
    elif not form.is_valid():
        messages.error(request, "Hãy chọn một tệp để tải lên.")
    else:
        try:
            attachment = attach(draft, request.user, form.cleaned_data["file"])
        except UploadError as exc:
            messages.error(request, str(exc))
        else:
            for note in attachment.warnings:
                messages.warning(request, note)
            messages.success(request, f"Đã tải lên “{attachment.name}”.")
    return _back(draft)


def attach(draft: Draft, user, upload) -> DraftAttachment:
    """Store an upload; an image keeps only its copy without metadata, so the original with
    its GPS position or owner name never reaches the disk."""
    accepted = accept_upload(upload, allowed=IMAGES | DOCUMENTS, max_bytes=MAX_UPLOAD)
    return DraftAttachment.objects.create(draft=draft, **accepted.fields(), is_image=accepted.file.is_image,
                                          warnings=list(accepted.warnings), uploaded_by=user)


@login_required
def draft_attachment(request, pk: int, attachment_pk: int):
    draft = _draft(request, pk)
    attachment = draft.attachments.select_related("file").filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404("Không tìm thấy.")
    audit.log_download(request, attachment, reason=f"Tải tệp đính kèm của bài viết #{draft.pk}", unit=draft.unit)
    return viewing_response(attachment, download=not attachment.is_image)


@login_required
def draft_attachment_thumb(request, pk: int, attachment_pk: int):
    """A small copy made on the server from the pixels only: seeing it is not a download of the file."""
    draft = _draft(request, pk)
    attachment = draft.attachments.select_related("file").filter(pk=attachment_pk, is_image=True).first()
    if attachment is None:
        raise Http404("Không có ảnh thu nhỏ.")
    return thumbnail_response(attachment.file)


@login_required
def draft_diff(request, pk: int):
    draft = _draft(request, pk)
    versions = {v.number: v for v in draft.versions.all()}
    if not versions:
        raise Http404("Không tìm thấy.")
    newest = max(versions)
    try:
        b = int(request.GET.get("b", newest))
        a = int(request.GET.get("a", b - 1))
    except ValueError:
        a, b = newest - 1, newest
    if a not in versions or b not in versions:
        a, b = max(1, newest - 1), newest
    rows = side_by_side(versions[a].scan_text(), versions[b].scan_text())
    return render(request, "review/draft_diff.html",
                  {"draft": draft, "rows": rows, "a": a, "b": b, "numbers": sorted(versions)})


@login_required
def draft_ready(request, pk: int):
    draft = _draft(request, pk)
    version = draft.approved_version
    channels = OfficialChannel.objects.filter(unit=draft.unit, active=True)
    return render(request, "review/draft_ready.html", {
        "draft": draft, "version": version, "attachments": draft.attachments.all(), "publish_form": PublishForm(),
        "channels": channels, "can_publish": permissions.can(request.user, "review.edit", draft.unit)})


@login_required
@require_POST
def draft_publish(request, pk: int):
    draft = _draft(request, pk, "review.edit")
    form = PublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Đường dẫn bài đã đăng không hợp lệ (cần dạng https://…).")
        return redirect("review:draft_ready", pk=draft.pk)
    try:
        flow.record_publication(draft, request.user, form.cleaned_data["url"], form.cleaned_data["published_at"])
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return redirect("review:draft_ready", pk=draft.pk)
    messages.success(request, "Đã ghi nhận nơi và thời điểm đăng bài.")
    return _back(draft)
