from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("", include("mangxanh.core.urls")),
    path("tai-khoan/", include("mangxanh.accounts.urls")),
    path("don-vi/", include("mangxanh.org.urls")),
    path("nhat-ky/", include("mangxanh.audit.urls")),
    path("kiem-tra-nhanh/", include("mangxanh.scanning.urls")),
    # Each feature app mounts its own public and staff pages (and the partner API) from its urls.py.
    path("", include("mangxanh.review.urls")),
    path("", include("mangxanh.intake.urls")),
    path("", include("mangxanh.plans.urls")),
    path("", include("mangxanh.watch.urls")),
    path("", include("mangxanh.learning.urls")),
    path("quan-tri/", admin.site.urls),
]

handler403 = "mangxanh.core.views.permission_denied"
handler404 = "mangxanh.core.views.page_not_found"
handler500 = "mangxanh.core.views.server_error"
