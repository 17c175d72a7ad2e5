import hmac

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponsePermanentRedirect, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from mangxanh.core import health as health_check
from mangxanh.core import search
from mangxanh.core.home import panels_for
from mangxanh.org import rules
from mangxanh.org.middleware import SESSION_KEY


def home(request):
    """Staff see their role's home; a visitor with no log-in sees what the public can do here."""
    if not request.user.is_authenticated:
        return render(request, "core/public_home.html")
    return render(request, "core/home.html", {"panels": panels_for(request)})


@login_required
def global_search(request):
    """/tim-kiem/?q=…: posts, cases, plans and people this person may see, accents ignored."""
    text = request.GET.get("q", "")[:search.MAX_QUERY]
    sections = search.search(request.user, text)
    return render(request, "core/search.html", {
        "q": text.strip(), "sections": sections, "total": sum(len(s.hits) for s in sections),
    })


@login_required
@require_POST
def switch_unit(request):
    try:
        unit_id = int(request.POST.get("unit", ""))
    except ValueError as exc:
        raise Http404("Không tìm thấy đơn vị.") from exc
    if unit_id not in {m.unit.pk for m in rules.memberships(request.user)}:
        raise Http404("Không tìm thấy đơn vị.")
    request.session[SESSION_KEY] = unit_id
    target = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        target = "/"
    return HttpResponseRedirect(target)


def _may_see_health_details(request) -> bool:
    """System administrators, and monitoring probes sending `Authorization: Bearer <HEALTH_TOKEN>`."""
    if rules.is_system_admin(request.user):
        return True
    token = settings.HEALTH_TOKEN
    sent = request.headers.get("Authorization", "")
    return bool(token) and hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())


def health(request):
    """Queue, database and periodic-job state for operators and monitoring probes (?format=json).

    Answers 503 when the database is down, ready tasks or due jobs wait too long, or a
    periodic job failed, so a plain HTTP check can alert on it. Anyone else sees only ok / not ok.
    """
    status = health_check.check()
    code = 200 if status.ok else 503
    details = _may_see_health_details(request)
    if request.GET.get("format") == "json":
        return JsonResponse(status.as_json() if details else {"ok": status.ok}, status=code)
    from mangxanh.intake.opening import REPORT_STUCK_AFTER
    from mangxanh.scanning.sweep import STUCK_AFTER

    context = {"health": status, "details": details, "stuck_minutes": STUCK_AFTER.seconds // 60,
               "report_stuck_minutes": REPORT_STUCK_AFTER.seconds // 60}
    return render(request, "core/health.html", context, status=code)


def permission_denied(request, exception=None):
    return render(request, "403.html", status=403)


def csrf_failure(request, reason: str = ""):
    # Usually an old tab or an expired session: say so, in Vietnamese, instead of Django's English page.
    message = "Biểu mẫu đã hết hạn hoặc phiên làm việc đã kết thúc. Hãy tải lại trang rồi thử lại."
    return render(request, "403.html", {"reason": message}, status=403)


def favicon(request):
    return HttpResponsePermanentRedirect(static("core/favicon.ico"))


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # No context processors: the failure may be in them.
    from django.http import HttpResponseServerError
    from django.template import loader

    return HttpResponseServerError(loader.get_template("500.html").render())
