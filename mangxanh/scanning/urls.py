from django.urls import path

from mangxanh.scanning import views

app_name = "scanning"
urlpatterns = [
    path("", views.quick_check, name="quick_check"),
    path("<int:pk>/", views.quick_check_detail, name="quick_check_detail"),
    path("<int:pk>/ket-qua/", views.quick_check_result, name="quick_check_result"),
]
