from django.urls import path

from mangxanh.org import views

app_name = "org"
urlpatterns = [
    path("", views.unit_list, name="unit_list"),
    path("<int:pk>/", views.unit_detail, name="unit_detail"),
    path("<int:pk>/them-don-vi/", views.unit_create, name="unit_create"),
    path("<int:pk>/sua/", views.unit_edit, name="unit_edit"),
    path("<int:pk>/chuyen/", views.unit_move, name="unit_move"),
    path("<int:pk>/trang-thai/", views.unit_toggle_active, name="unit_toggle_active"),
    path("loai-don-vi/", views.unit_type_list, name="unit_type_list"),
    path("loai-don-vi/them/", views.unit_type_edit, name="unit_type_create"),
    path("loai-don-vi/<int:pk>/sua/", views.unit_type_edit, name="unit_type_edit"),
    path("loai-don-vi/<int:pk>/xoa/", views.unit_type_delete, name="unit_type_delete"),
    path("phan-quyen/", views.permission_table, name="permission_table"),
    path("nguoi-dung/", views.person_list, name="person_list"),
    path("nguoi-dung/them/", views.person_create, name="person_create"),
    path("nguoi-dung/nhap-tep/", views.import_people, name="import_people"),
    path("nguoi-dung/nhap-tep/mau-nhap-nguoi-dung.xlsx", views.import_template, name="import_template"),
    path("nguoi-dung/vai-tro-cho-duyet/", views.role_requests, name="role_requests"),
    path("nguoi-dung/vai-tro-cho-duyet/<int:pk>/", views.role_request_decide, name="role_request_decide"),
    path("nguoi-dung/<int:pk>/", views.person_detail, name="person_detail"),
    path("nguoi-dung/<int:pk>/sua/", views.person_edit, name="person_edit"),
    path("nguoi-dung/<int:pk>/trang-thai/", views.person_toggle_active, name="person_toggle_active"),
    path("nguoi-dung/<int:pk>/gui-loi-moi/", views.person_invite, name="person_invite"),
    path("nguoi-dung/<int:pk>/vai-tro/", views.role_grant, name="role_grant"),
    path("nguoi-dung/<int:pk>/vai-tro/<int:membership_pk>/go/", views.role_remove, name="role_remove"),
]
