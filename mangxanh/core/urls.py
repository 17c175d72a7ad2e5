from django.urls import path

from mangxanh.core import views

app_name = "core"
urlpatterns = [
    path("", views.home, name="home"),
    path("chon-don-vi/", views.switch_unit, name="switch_unit"),
    path("tim-kiem/", views.global_search, name="search"),
    path("suc-khoe/", views.health, name="health"),
    # Browsers ask for /favicon.ico on pages without a <link> (PDFs, JSON, files).
    path("favicon.ico", views.favicon, name="favicon"),
]
