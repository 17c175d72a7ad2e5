"""Response headers that depend on what a page shows."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse
from django.template import loader
from django.utils.cache import add_never_cache_headers


class NoStoreMiddleware:
    """Pages under the configured route prefixes (cases, victims, evidence) are never stored by a
    browser or a proxy: a shared school computer must not keep them in its cache or back-button history."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.prefixes = tuple(settings.MANGXANH_NO_STORE_ROUTE_PREFIXES)

    def __call__(self, request):
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if match is not None and match.route.startswith(self.prefixes):
            if "no-store" not in response.get("Cache-Control", ""):
                add_never_cache_headers(response)
        return response


class BodySizeLimitMiddleware:
    """Refuse a request whose declared body is over MANGXANH_MAX_REQUEST_BYTES with 413, before
    anything reads it: a 300 MB anonymous POST is never parsed nor written to a temporary file.

    nginx refuses the same size first in production (deploy/nginx, client_max_body_size); this guard
    holds where the application is reached directly. Under /api/ the API's JSON error format answers
    (ApiJsonErrorsMiddleware, placed outside this one); elsewhere a Vietnamese page."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.limit = int(settings.MANGXANH_MAX_REQUEST_BYTES)

    def __call__(self, request):
        if declared_length(request) > self.limit:
            return too_large_page(self.limit)
        return self.get_response(request)


def declared_length(request) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0  # Django reads no body for a length it cannot parse


def too_large_page(limit: int) -> HttpResponse:
    # No context processors: the session and user are not loaded for a refused request.
    page = loader.get_template("413.html").render({"limit_mb": limit // (1024 * 1024)})
    return HttpResponse(page, status=413)
