from django.urls import path

from mangxanh.watch import views

app_name = "watch"
urlpatterns = [
    path("an-ninh/", views.incident_list, name="incident_list"),
    path("an-ninh/<int:pk>/", views.incident_detail, name="incident_detail"),
    path("an-ninh/<int:pk>/xu-ly/", views.incident_action, name="incident_action"),
    path("an-ninh/<int:pk>/bao-cao.docx", views.incident_report, name="incident_report"),
    path("an-ninh/kenh/", views.hygiene, name="hygiene"),
    path("an-ninh/kenh/<int:pk>/", views.hygiene_edit, name="hygiene_edit"),
    path("an-ninh/ban-giao/<int:pk>/xong/", views.handover_done, name="handover_done"),
]
