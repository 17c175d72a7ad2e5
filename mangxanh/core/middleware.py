"""Response headers that depend on what a page shows."""

from __future__ import annotations

from django.conf import settings
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
