from django.urls import path

from mangxanh.audit import views

app_name = "audit"
urlpatterns = [
    path("", views.entry_list, name="list"),
    path("xuat-csv/", views.export_csv, name="export"),
]
