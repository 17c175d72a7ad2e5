from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET

from mangxanh.engine import redact
from mangxanh.engine.result import Finding
from mangxanh.scanning.forms import QuickCheckForm
from mangxanh.scanning.models import QuickCheck, Scan, ScanStatus
from mangxanh.scanning.service import highlight, request_scan


@login_required
def quick_check(request):
    if request.unit is None:
        return render(request, "scanning/quick_check.html", {"form": None}, status=403)
    form = QuickCheckForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            check = QuickCheck.objects.create(user=request.user, unit=request.unit, text=form.cleaned_data["text"])
            request_scan(check)
        return redirect("scanning:quick_check_detail", pk=check.pk)
    recent = QuickCheck.objects.filter(user=request.user)[:10]
    return render(request, "scanning/quick_check.html", {"form": form, "recent": recent})


def _context(check: QuickCheck) -> dict:
    scan = Scan.objects.latest_for(check)
    findings = list(scan.findings.all()) if scan and scan.status == ScanStatus.DONE else []
    redacted = None
    if any(f.suggestion for f in findings):
        as_engine = [
            Finding(f.category, f.severity, f.rule, f.start, f.end, f.evidence, f.explanation, f.suggestion or None)
            for f in findings
        ]
        from mangxanh.engine.result import ScanResult

        redacted = redact(check.text, ScanResult(None, scan.verdict, scan.categories, as_engine))
    return {
        "check": check,
        "scan": scan,
        "done": scan is not None and scan.status != ScanStatus.PENDING,
        "findings": findings,
        "segments": highlight(check.text, findings),
        "redacted": redacted,
    }


@login_required
@require_GET
def quick_check_detail(request, pk: int):
    check = get_object_or_404(QuickCheck, pk=pk, user=request.user)
    return render(request, "scanning/quick_check_detail.html", _context(check))


@login_required
@require_GET
def quick_check_result(request, pk: int):
    """The result fragment HTMX polls until the scan task has finished."""
    check = get_object_or_404(QuickCheck, pk=pk, user=request.user)
    return render(request, "scanning/_quick_check_result.html", _context(check))
