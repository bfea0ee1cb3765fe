from django.contrib.auth import views as auth_views
from django.urls import path

from users import views

app_name = "users"

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("login/code/", views.login_code, name="login_code"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", views.PasswordChangeView.as_view(), name="password_change"),
    path("password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("password/reset/done/", views.PasswordResetCompleteView.as_view(), name="password_reset_complete"),
    path("mfa/", views.mfa_settings, name="mfa"),
    path("mfa/disable/", views.mfa_disable, name="mfa_disable"),
    path("mfa/recovery-codes/", views.mfa_recovery_codes, name="mfa_recovery_codes"),
    path("sessions/", views.my_sessions, name="sessions"),
    path("sessions/close-others/", views.close_other_sessions, name="close_other_sessions"),
    path("access-report/<int:patient_id>/", views.access_report, name="access_report"),
    path(
        "access-report/<int:patient_id>/export.<slug:fmt>",
        views.access_report_export,
        name="access_report_export",
    ),
]
