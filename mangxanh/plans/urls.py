from django.urls import path, re_path

from mangxanh.plans import views

app_name = "plans"
urlpatterns = [
    path("ke-hoach/", views.document_list, name="document_list"),
    path("ke-hoach/mau/", views.template_list, name="template_list"),
    path("ke-hoach/mau/<slug:code>/tao/", views.template_create, name="template_create"),
    path("ke-hoach/<int:pk>/", views.document_detail, name="document_detail"),
    path("ke-hoach/<int:pk>/sua/", views.document_edit, name="document_edit"),
    path("ke-hoach/<int:pk>/gui/", views.document_send, name="document_send"),
    path("ke-hoach/<int:pk>/nhac/", views.document_remind, name="document_remind"),
    re_path(r"^ke-hoach/(?P<pk>[0-9]+)/tai/(?P<fmt>docx|pdf|xlsx)/$", views.document_export, name="document_export"),
    path("ke-hoach/<int:pk>/ky-bao-cao/", views.period_create, name="period_create"),
    path("ke-hoach/nhan/<int:pk>/", views.distribution_detail, name="distribution_detail"),
    path("ke-hoach/nhan/<int:pk>/trien-khai/", views.distribution_implement, name="distribution_implement"),
    path("hoat-dong/", views.activity_list, name="activity_list"),
    path("hoat-dong/moi/", views.activity_create, name="activity_create"),
    path("hoat-dong/<int:pk>/", views.activity_detail, name="activity_detail"),
    path("hoat-dong/minh-chung/<int:pk>/", views.evidence_download, name="evidence_download"),
    path("chi-tieu/", views.indicator_list, name="indicator_list"),
    path("chi-tieu/moi/", views.indicator_create, name="indicator_create"),
    path("chi-tieu/tien-do/", views.dashboard, name="dashboard"),
    path("bao-cao/", views.report_list, name="report_list"),
    path("bao-cao/ky/<int:pk>/", views.report_open, name="report_open"),
    path("bao-cao/<int:pk>/", views.report_detail, name="report_detail"),
    re_path(r"^bao-cao/(?P<pk>[0-9]+)/(?P<action>approve|submit|reopen)/$", views.report_action,
            name="report_action"),
    re_path(r"^bao-cao/(?P<pk>[0-9]+)/tai/(?P<fmt>docx|pdf|xlsx)/$", views.report_export, name="report_export"),
    path("bao-cao/dot-xuat/", views.incident_list, name="incident_list"),
    path("bao-cao/dot-xuat/moi/", views.incident_create, name="incident_create"),
    path("bao-cao/dot-xuat/<int:pk>/", views.incident_detail, name="incident_detail"),
]
