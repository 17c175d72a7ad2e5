"""URL conf for the error-page tests: the project's URLs plus views that fail on purpose."""

from django.core.exceptions import PermissionDenied
from django.urls import include, path

from mangxanh import urls as project_urls


def forbidden(request):
    raise PermissionDenied


def broken(request):
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [
    path("__test__/403/", forbidden),
    path("__test__/500/", broken),
    path("", include(project_urls.urlpatterns)),
]
handler403 = project_urls.handler403
handler404 = project_urls.handler404
handler500 = project_urls.handler500
