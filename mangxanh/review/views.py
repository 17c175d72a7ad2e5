"""Screens for drafts, the review queue, official channels and monitoring.

Objects of another unit are 404 (mangxanh.org.permissions.get_in_scope_or_404); the workflow rules
live in mangxanh.review.drafts, the views only translate requests and errors.
"""

from __future__ import annotations

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.cache import cache
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from mangxanh import audit
from mangxanh.core.client_ip import client_ip
from mangxanh.files.storage import (
    DOCUMENTS,
    IMAGES,
    UploadError,
    detect_mime,
    store_bytes,
    strip_image_metadata,
)
from mangxanh.org import permissions
from mangxanh.org.models import Unit
from mangxanh.review import drafts as flow
from mangxanh.review.channels import check_channel
from mangxanh.review.drafts import WorkflowError
from mangxanh.review.forms import (
    ChannelCheckForm,
    ChannelForm,
    DraftForm,
    PublishForm,
    QueueFilterForm,
    SourceForm,
    TaskDecisionForm,
    UploadForm,
)
from mangxanh.review.models import (
    Draft,
    DraftAttachment,
    DraftStatus,
    DraftVersion,
    FeedSource,
    FlaggedTask,
    Notification,
    OfficialChannel,
    RescanJob,
    TaskStatus,
)
from mangxanh.scanning.models import Scan, ScanStatus
from mangxanh.scanning.service import highlight

MAX_UPLOAD = 10 * 1024 * 1024


def _require_role(user, capability: str) -> None:
    permissions.require_anywhere(user, capability, "Bạn không có vai trò phù hợp để dùng chức năng này.")


def _draft(request, pk: int, capability: str = "review.view") -> Draft:
    return permissions.get_in_scope_or_404(Draft.objects.select_related("unit", "author"), request.user, capability,
                                           pk=pk)


def _back(draft: Draft):
    return redirect("review:draft_detail", pk=draft.pk)


# --- Drafts ---------------------------------------------------------------------------------------


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


def _can_write(user) -> bool:
    return permissions.can_anywhere(user, "review.edit")


@login_required
def draft_create(request):
    _require_role(request.user, "review.edit")
    form = DraftForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        draft = Draft(unit=data["unit"], author=request.user)
        _fill(draft, data)
        try:
            flow.save_version(draft, request.user, data["title"], data["body"])
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            draft.target_channels.set(data["target_channels"])
            messages.success(request, "Đã lưu bài viết. Kết quả rà soát sẽ hiện ngay khi quét xong.")
            return _back(draft)
    return render(request, "review/draft_form.html", {"form": form})


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
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        _fill(draft, data)
        try:
            flow.save_version(draft, request.user, data["title"], data["body"])
        except WorkflowError as exc:
            form.add_error(None, str(exc))
        else:
            draft.save()
            draft.target_channels.set(data["target_channels"])
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
        flow.submit(draft, request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã gửi bài cho ban biên tập duyệt.")
    return _back(draft)


@login_required
@require_POST
def draft_upload(request, pk: int):
    draft = _draft(request, pk, "review.edit")
    form = UploadForm(request.POST, request.FILES)
    if not draft.is_editable:
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
    """Store an upload; images are re-encoded without metadata first, so the original with
    its GPS position or owner name never reaches the disk."""
    if upload.size > MAX_UPLOAD:
        raise UploadError(f"Tệp quá lớn: tối đa {MAX_UPLOAD // (1024 * 1024)} MB.")
    data = b"".join(upload.chunks())
    warnings: list[str] = []
    if detect_mime(data[:8192]) in IMAGES:
        clean = strip_image_metadata(data)
        data, warnings = clean.data, clean.warnings
    stored = store_bytes(data, name=upload.name, allowed=IMAGES | DOCUMENTS, max_bytes=MAX_UPLOAD)
    return DraftAttachment.objects.create(draft=draft, file=stored.file, name=stored.name,
                                          is_image=stored.file.is_image, warnings=warnings, uploaded_by=user)


@login_required
def draft_attachment(request, pk: int, attachment_pk: int):
    draft = _draft(request, pk)
    attachment = draft.attachments.select_related("file").filter(pk=attachment_pk).first()
    if attachment is None:
        raise Http404("Không tìm thấy.")
    audit.log_download(request, attachment, reason=f"Tải tệp đính kèm của bài viết #{draft.pk}", unit=draft.unit)
    return FileResponse(attachment.file.open(), content_type=attachment.file.mime_type,
                        as_attachment=not attachment.is_image, filename=attachment.name)


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
    left, right = versions[a], versions[b]
    table = difflib.HtmlDiff(wrapcolumn=70).make_table(
        left.scan_text().splitlines(), right.scan_text().splitlines(),
        fromdesc=f"Phiên bản {a}", todesc=f"Phiên bản {b}", context=False,
    )
    return render(request, "review/draft_diff.html",
                  {"draft": draft, "table": table, "a": a, "b": b, "numbers": sorted(versions)})


@login_required
def draft_ready(request, pk: int):
    draft = _draft(request, pk)
    version = draft.approved_version
    channels = OfficialChannel.objects.filter(unit=draft.unit, active=True)
    return render(request, "review/draft_ready.html", {"draft": draft, "version": version,
                                                       "attachments": draft.attachments.all(),
                                                       "publish_form": PublishForm(), "channels": channels})


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


# --- Review queue ---------------------------------------------------------------------------------


def _queue(user):
    drafts = permissions.scoped(Draft.objects.select_related("unit", "author", "claimed_by"), user, "review.decide")
    return drafts.filter(status=DraftStatus.SUBMITTED).order_by("submitted_at", "pk")


@login_required
def queue(request):
    _require_role(request.user, "review.decide")
    form = QueueFilterForm(request.GET or None)
    drafts = permissions.scoped(Draft.objects.select_related("unit", "author", "claimed_by"), request.user, "review.decide")
    data = form.cleaned_data if form.is_valid() else {}
    status = data.get("status") or DraftStatus.SUBMITTED
    if status != "all":
        drafts = drafts.filter(status=status)
    if data.get("mine"):
        drafts = drafts.filter(claimed_by=request.user)
    if data.get("q"):
        drafts = drafts.filter(versions__title__icontains=data["q"]).distinct()
    rows = []
    for draft in drafts.order_by("submitted_at", "pk")[:300]:
        scan = Scan.objects.latest_for(draft.latest_version) if draft.latest_version else None
        if data.get("verdict") and (scan is None or scan.verdict != data["verdict"]):
            continue
        rows.append((draft, scan, draft.claim_holder()))
    # Drafts the engine would block come first (DESIGN.md §2.3), then "review", each oldest first.
    urgency = {"block": 0, "review": 1}
    rows.sort(key=lambda row: urgency.get(row[1].verdict if row[1] else "", 2))
    return render(request, "review/queue.html", {"form": form, "rows": rows})


@login_required
@require_POST
def draft_claim(request, pk: int):
    draft = _draft(request, pk, "review.decide")
    try:
        won = flow.claim(draft, request.user)
    except WorkflowError as exc:
        messages.error(request, str(exc))
        return _back(draft)
    if won:
        messages.success(request, "Bạn đã nhận duyệt bài này (giữ trong 30 phút).")
    elif draft.status != DraftStatus.SUBMITTED:
        messages.error(request, "Bài viết không còn ở trạng thái chờ duyệt.")
    else:
        holder = draft.claim_holder()
        messages.error(request, f"Bài này đang do {holder.full_name or holder.username} duyệt." if holder
                       else "Không nhận duyệt được; hãy thử lại.")
    return _back(draft)


@login_required
@require_POST
def draft_release(request, pk: int):
    draft = _draft(request, pk, "review.decide")
    flow.release(draft, request.user)
    messages.success(request, "Đã trả lại quyền duyệt để người khác nhận.")
    return _back(draft)


@login_required
@require_POST
def draft_decide(request, pk: int):
    draft = _draft(request, pk, "review.decide")
    version = draft.latest_version
    passages = []
    quote = request.POST.get("quote", "").strip()
    note = request.POST.get("passage_comment", "").strip()
    if quote and note and version is not None:
        text = version.scan_text()
        start = _int(request.POST.get("start"))
        end = _int(request.POST.get("end"))
        if start is None or end is None or text[start:end] != quote:
            found = text.find(quote)
            start, end = (found, found + len(quote)) if found >= 0 else (None, None)
        passages.append((start, end, quote, note))
    try:
        flow.decide(draft, request.user, request.POST.get("action", ""), request.POST.get("comment", ""),
                    request.POST.get("override_reason", ""), passages)
    except WorkflowError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, "Đã ghi nhận quyết định.")
    return _back(draft)


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


# --- Official channels ----------------------------------------------------------------------------


def _channel(request, pk: int, capability: str = "channel.view") -> OfficialChannel:
    return permissions.get_in_scope_or_404(OfficialChannel.objects.select_related("unit"), request.user, capability,
                                           pk=pk)


@login_required
def channel_list(request):
    _require_role(request.user, "channel.view")
    channels = permissions.scoped(OfficialChannel.objects.select_related("unit"), request.user, "channel.view")
    if request.GET.get("no2fa"):
        channels = channels.filter(two_factor_enabled=False, active=True)
    can_manage = permissions.can_anywhere(request.user, "channel.manage")
    return render(request, "review/channel_list.html", {"channels": channels, "can_manage": can_manage})


@login_required
def channel_create(request):
    _require_role(request.user, "channel.manage")
    form = ChannelForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        channel = form.save()
        messages.success(request, "Đã thêm kênh chính thức.")
        return redirect("review:channel_detail", pk=channel.pk)
    return render(request, "review/channel_form.html", {"form": form})


@login_required
def channel_edit(request, pk: int):
    channel = _channel(request, pk, "channel.manage")
    form = ChannelForm(request.POST or None, instance=channel, user=request.user)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Đã lưu thông tin kênh.")
        return redirect("review:channel_detail", pk=channel.pk)
    return render(request, "review/channel_form.html", {"form": form, "channel": channel})


@login_required
def channel_detail(request, pk: int):
    channel = _channel(request, pk)
    return render(request, "review/channel_detail.html", {
        "channel": channel,
        "can_manage": permissions.can(request.user, "channel.manage", channel.unit),
        "sources": channel.sources.all(),
        "runs": channel.fetch_runs.all()[:10],
        "items": channel.items.all()[:50],
        "source_form": SourceForm(),
        "upload_form": UploadForm(),
    })


@login_required
@require_POST
def channel_source_add(request, pk: int):
    channel = _channel(request, pk, "channel.manage")
    form = SourceForm(request.POST)
    if form.is_valid():
        FeedSource.objects.get_or_create(channel=channel, url=form.cleaned_data["url"],
                                         defaults={"kind": form.cleaned_data["kind"]})
        messages.success(request, "Đã thêm nguồn theo dõi; nguồn được tải tự động mỗi giờ.")
    else:
        messages.error(request, "Địa chỉ nguồn không hợp lệ (cần dạng https://…).")
    return redirect("review:channel_detail", pk=channel.pk)


@login_required
@require_POST
def channel_import(request, pk: int):
    from mangxanh.review.feeds import EXPORT_MAX_BYTES, import_export

    channel = _channel(request, pk, "channel.manage")
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "Hãy chọn tệp CSV hoặc JSON đã xuất từ kênh.")
    elif upload.size > EXPORT_MAX_BYTES:
        messages.error(request, "Tệp xuất quá lớn (tối đa 10 MB).")
    else:
        run = import_export(channel, upload.read(), upload.name or "")
        if run.ok:
            messages.success(request, f"Đã nhập: {run.new_items} mục mới, {run.changed_items} mục thay đổi; đang quét.")
        else:
            messages.error(request, run.error)
    return redirect("review:channel_detail", pk=channel.pk)


# --- Public check -----------------------------------------------------------------------------------

CHECK_LIMIT = 30  # look-ups per address per minute


def public_check(request):
    form = ChannelCheckForm(request.GET or None)
    result = None
    limited = False
    if request.GET and form.is_valid():
        key = f"review:check:{client_ip(request) or 'unknown'}"
        cache.add(key, 0, 60)
        try:
            count = cache.incr(key)
        except ValueError:
            count = 1
        if count > CHECK_LIMIT:
            limited = True
        else:
            result = check_channel(form.cleaned_data["q"])
    response = render(request, "review/public_check.html", {"form": form, "result": result, "limited": limited})
    if limited:
        response.status_code = 429
    return response


# --- Monitoring after publication -------------------------------------------------------------------


def _task(request, pk: int) -> FlaggedTask:
    return permissions.get_in_scope_or_404(FlaggedTask.objects.select_related("item__channel", "unit"), request.user,
                                     "monitor.handle", pk=pk)


@login_required
def task_list(request):
    _require_role(request.user, "monitor.handle")
    tasks = permissions.scoped(FlaggedTask.objects.select_related("item__channel", "unit"), request.user, "monitor.handle")
    if request.GET.get("all") != "1":
        tasks = tasks.exclude(status=TaskStatus.DONE)
    units = permissions.scoped(Unit.objects.filter(is_active=True), request.user, "monitor.handle", field=None)
    jobs = permissions.scoped(RescanJob.objects.select_related("unit"), request.user, "monitor.handle")[:5]
    return render(request, "review/task_list.html", {"tasks": tasks[:300], "units": units[:200], "jobs": jobs})


@login_required
def task_detail(request, pk: int):
    task = _task(request, pk)
    scan = task.scan
    findings = list(scan.findings.all()) if scan else []
    initial = {"decision": task.decision, "reason": task.reason, "correction_text": task.correction_text,
               "due_at": task.due_at, "done": task.status == TaskStatus.DONE}
    form = TaskDecisionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        task.decision, task.reason = data["decision"], data["reason"].strip()
        task.correction_text = data["correction_text"].strip()
        task.due_at = data["due_at"] or task.due_at
        task.decided_by, task.decided_at = request.user, timezone.now()
        task.status = TaskStatus.DONE if data["done"] else TaskStatus.IN_PROGRESS
        task.done_at = timezone.now() if data["done"] else None
        task.save()
        messages.success(request, "Đã lưu quyết định xử lý.")
        return redirect("review:task_detail", pk=task.pk)
    segments = highlight(task.item.scan_text(), findings)
    disclosure = any(f.context == "disclosure" for f in findings)
    return render(request, "review/task_detail.html",
                  {"task": task, "findings": findings, "segments": segments, "form": form, "disclosure": disclosure})


@login_required
@require_POST
def rescan_start(request):
    from mangxanh.review.tasks import rescan_archive

    _require_role(request.user, "monitor.handle")
    unit = permissions.get_in_scope_or_404(Unit.objects.all(), request.user, "monitor.handle", field=None,
                                     pk=_int(request.POST.get("unit")) or 0)
    job = RescanJob.objects.create(unit=unit, started_by=request.user)
    rescan_archive.enqueue(job.pk)
    messages.success(request, "Đã bắt đầu quét lại toàn bộ bài đã đăng.")
    return redirect("review:rescan_status", pk=job.pk)


@login_required
def rescan_status(request, pk: int):
    job = permissions.get_in_scope_or_404(RescanJob.objects.select_related("unit"), request.user, "monitor.handle", pk=pk)
    template = "review/_rescan.html" if request.headers.get("HX-Request") else "review/rescan.html"
    return render(request, template, {"job": job})


@login_required
def notifications(request):
    items = Notification.objects.filter(user=request.user)[:100]
    unread = [n.pk for n in items if n.read_at is None]
    response = render(request, "review/notifications.html", {"items": items, "unread": set(unread)})
    Notification.objects.filter(pk__in=unread).update(read_at=timezone.now())
    return response


# --- Numbers ------------------------------------------------------------------------------------------

@login_required
def stats(request):
    from mangxanh.review.stats import numbers_for

    _require_role(request.user, "review.stats")
    units = permissions.scoped(Unit.objects.filter(is_active=True), request.user, "review.stats", field=None)
    unit = units.filter(pk=_int(request.GET.get("unit")) or 0).first() or units.order_by("path").first()
    if unit is None:
        raise PermissionDenied("Bạn không có đơn vị nào để xem số liệu.")
    totals = numbers_for(unit)
    children = [numbers_for(child, with_findings=False) for child in unit.child_units().filter(is_active=True)]
    from mangxanh.scanning.templatetags.scanning import category_label

    chart = {"labels": [category_label(c) for c in totals.findings], "values": list(totals.findings.values())}
    return render(request, "review/stats.html", {"totals": totals, "children": children, "chart": chart,
                                                 "unit": unit, "units": units[:300],
                                                 "can_write": _can_write(request.user)})
