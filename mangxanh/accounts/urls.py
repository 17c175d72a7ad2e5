from django.contrib.auth import views as auth_views
from django.urls import path, reverse_lazy

from mangxanh.accounts import views
from mangxanh.accounts.forms import LoginForm, PasswordResetForm

app_name = "accounts"
urlpatterns = [
    path("", views.profile, name="profile"),
    path(
        "dang-nhap/",
        auth_views.LoginView.as_view(
            template_name="accounts/login.html",
            authentication_form=LoginForm,
            redirect_authenticated_user=True,
        ),
        name="login",
    ),
    path("dang-xuat/", views.LogoutView.as_view(), name="logout"),
    path("xac-thuc-hai-buoc/", views.two_factor, name="two_factor"),
    path("bao-mat/", views.security, name="security"),
    path("bao-mat/bat-xac-thuc-hai-buoc/", views.two_factor_setup, name="two_factor_setup"),
    path("bao-mat/tat-xac-thuc-hai-buoc/", views.two_factor_disable, name="two_factor_disable"),
    path("bao-mat/ma-du-phong/", views.backup_codes, name="backup_codes"),
    path("bao-mat/tao-ma-du-phong/", views.backup_codes_regenerate, name="backup_codes_regenerate"),
    path("doi-mat-khau/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "quen-mat-khau/",
        views.PasswordResetView.as_view(
            form_class=PasswordResetForm,
            template_name="accounts/password_reset.html",
            email_template_name="accounts/password_reset_email.txt",
            subject_template_name="accounts/password_reset_subject.txt",
            success_url=reverse_lazy("accounts:password_reset_done"),
        ),
        name="password_reset",
    ),
    path(
        "quen-mat-khau/da-gui/",
        auth_views.PasswordResetDoneView.as_view(template_name="accounts/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "dat-lai-mat-khau/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="accounts/password_reset_confirm.html",
            success_url=reverse_lazy("accounts:password_reset_complete"),
        ),
        name="password_reset_confirm",
    ),
    path(
        "dat-lai-mat-khau/xong/",
        auth_views.PasswordResetCompleteView.as_view(template_name="accounts/password_reset_complete.html"),
        name="password_reset_complete",
    ),
]
