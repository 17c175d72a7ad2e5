"""The public side: report form, code + PIN, status page. No log-in."""

from __future__ import annotations

import time

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from mangxanh.core import throttle
from mangxanh.core.text import clean_text
from mangxanh.files.limits import upload_limit
from mangxanh.files.storage import IMAGES, VIDEO, UploadError, too_large_message
from mangxanh.files.uploads import Accepted, accept_upload
from mangxanh.intake import categories, services
from mangxanh.intake.forms import MAX_FILE_BYTES, AddInfoForm, LookupForm, ReportForm
from mangxanh.intake.guidance import guidance_for
from mangxanh.intake.models import Report, ReportMessage
from mangxanh.intake.notify import gets_email
from mangxanh.intake.search import find_units

ALLOWED_FILES = IMAGES | VIDEO | {"application/pdf"}
SESSION_DONE = "intake_submitted"
SESSION_OK = "intake_status_ok"
# How long the confirmation page keeps showing the PIN in the same browser (a reload, a lost tab).
RECEIPT_SECONDS = 2 * 3600


TOO_MANY = ("Phản ánh chưa được gửi: có quá nhiều phản ánh được gửi từ địa chỉ mạng này trong thời gian ngắn. "
            "Nội dung bạn đã nhập vẫn còn dưới đây; hãy thử gửi lại sau ít phút. "
            "Trường hợp khẩn cấp, gọi ngay 111 hoặc 113.")
FILES_AGAIN = "Các thông tin khác bạn đã nhập vẫn được giữ; hãy chọn lại tệp đính kèm."


def intake_limit(bucket: str) -> tuple[int, int]:
    """(uses, window seconds) per address for the report form and the code + PIN look-up."""
    limits = getattr(settings, "INTAKE_RATE_LIMITS", {"report": (10, 600), "lookup": (20, 600)})
    return limits.get(bucket, (10, 600))


@upload_limit(MAX_FILE_BYTES)
def report_form(request):
    status = 200
    if request.method == "POST":
        form = ReportForm(request.POST, request.FILES)
        if request.POST.get("website"):
            return render(request, "intake/report_refused.html", status=400)
        if request.POST.get("find_unit"):
            return _school_search_without_javascript(request)
        if request.upload_too_large:
            # The oversize file was dropped as it streamed in; nothing of it was kept.
            form.is_valid()
            form.add_error("files", f"{too_large_message(MAX_FILE_BYTES)} {FILES_AGAIN}")
        elif not throttle.under("intake-report", throttle.address(request), *intake_limit("report")):
            # Re-show what was typed: a frightened parent must not have to write it all again.
            form.is_valid()
            form.add_error(None, TOO_MANY)
            status = 429
        elif form.is_valid():
            try:
                with transaction.atomic():
                    keep = categories.keeps_original(form.cleaned_data["categories"])
                    files = [_store(upload, keep_original=keep) for upload in form.cleaned_data["files"]]
                    submitted = services.submit_report(form.to_input(files))
            except UploadError as exc:
                form.add_error("files", f"{exc} {FILES_AGAIN}")
            else:
                throttle.hit("intake-report", throttle.address(request), intake_limit("report")[1])  # only accepted reports count
                request.session[SESSION_DONE] = {"code": submitted.report.code, "pin": submitted.pin, "at": time.time()}
                return redirect("intake:report_done")
        elif "files" in form.errors or request.FILES:
            # A browser never sends chosen files again: say so instead of losing them silently.
            form.add_error("files", FILES_AGAIN)
    else:
        form = ReportForm()
    return render(request, "intake/report_form.html", {"form": form}, status=status)


def _school_search_without_javascript(request):
    """The school picker's «Tìm» button without JavaScript: the same form again, with results to choose from."""
    form = ReportForm.carried_over(request.POST)
    query = _search_text(request.POST.get("q", ""))
    context = {"form": form, "units": find_units(query), "q": query, "files_again": bool(request.FILES)}
    return render(request, "intake/report_form.html", context)


def _search_text(raw: str) -> str:
    try:
        return clean_text(raw[:100], field_label="Từ khóa", max_length=100)
    except ValidationError:
        return ""


def _store(upload, *, keep_original: bool) -> Accepted:
    try:
        return accept_upload(upload, allowed=ALLOWED_FILES, max_bytes=MAX_FILE_BYTES, keep_original=keep_original)
    except UploadError as exc:
        raise UploadError(f"Tệp “{upload.name[:100]}”: {exc}") from exc


def _receipt(request) -> dict | None:
    """The code and PIN just given, kept in this browser's session only (never in a URL or a log)."""
    done = request.session.get(SESSION_DONE)
    if not done or time.time() - done.get("at", 0) > RECEIPT_SECONDS:
        request.session.pop(SESSION_DONE, None)
        return None
    return done


@never_cache
def report_done(request):
    if request.method == "POST":  # «I have saved them»: forget the PIN in this browser
        request.session.pop(SESSION_DONE, None)
        return redirect("intake:report_status")
    done = _receipt(request)
    if not done:
        return redirect("intake:report_status")
    report = Report.objects.select_related("case__unit").filter(code=done["code"]).first()
    guidance = guidance_for(report) if report is not None else []
    context = {"code": done["code"], "pin": done["pin"], "guidance": guidance,
               "submitted_at": report.submitted_at if report else None,
               "gets_email": report is not None and gets_email(report)}
    return render(request, "intake/report_done.html", context)


@never_cache
@require_GET
def report_receipt(request):
    """The same code and PIN as a text file the reporter can keep."""
    done = _receipt(request)
    if not done:
        return redirect("intake:report_status")
    text = render_to_string("intake/report_receipt.txt", {
        "code": done["code"], "pin": done["pin"],
        "status_url": request.build_absolute_uri(reverse("intake:report_status")),
    })
    response = HttpResponse(text.replace("\n", "\r\n"), content_type="text/plain; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="bien-nhan-{done["code"]}.txt"'
    return response


def report_status(request):
    report = None
    # The e-mail's link carries the code (never the PIN), so the reporter types only the PIN.
    lookup = LookupForm(initial={"code": request.GET.get("ma", "")[:20]})
    add = AddInfoForm()
    ok_ids = request.session.get(SESSION_OK, [])
    if request.method == "POST" and request.POST.get("action") == "add":
        report = Report.objects.filter(pk__in=ok_ids, code=request.POST.get("code", "")).first()
        add = AddInfoForm(request.POST)
        if report is not None and add.is_valid():
            ReportMessage.objects.create(report=report, text=add.cleaned_data["text"], from_reporter=True)
            add = AddInfoForm()
            request.session["intake_flash"] = "Đã gửi thông tin bổ sung."
            return redirect(f"{request.path}?ma={report.code}")
    elif request.method == "POST":
        lookup = LookupForm(request.POST)
        if not throttle.take("intake-lookup", throttle.address(request), *intake_limit("lookup")):
            lookup.add_error(None, "Bạn đã thử quá nhiều lần. Hãy thử lại sau ít phút.")
        elif lookup.is_valid():
            found = Report.objects.filter(code=lookup.cleaned_data["code"]).first()
            if found is not None and found.check_pin(lookup.cleaned_data["pin"]):
                request.session[SESSION_OK] = [*ok_ids, found.pk][-10:]
                return redirect(f"{request.path}?ma={found.code}")
            lookup.add_error(None, "Mã phản ánh hoặc mã PIN không đúng.")
    elif request.GET.get("ma"):
        report = Report.objects.filter(pk__in=ok_ids, code=request.GET["ma"]).select_related("case").first()
    context = {"lookup": lookup, "report": report, "add": add, "flash": request.session.pop("intake_flash", "")}
    if report is not None:
        context["messages_for_reporter"] = report.messages.all()
    return render(request, "intake/report_status.html", context)


@require_GET
def unit_search(request):
    """Public search of the unit tree (names and codes only) for the form's school picker."""
    q = _search_text(request.GET.get("q", ""))
    units = find_units(q)
    return render(request, "intake/unit_search.html", {"units": units, "q": q})

