"""DataMed URL configuration: the paths of SPEC §3."""

from django.contrib import admin
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.generic import RedirectView

from datamed import views

urlpatterns = [
    path("", RedirectView.as_view(pattern_name="dashboard:index"), name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("users/", include("users.urls")),
    path("patients/", include("patients.urls")),
    path("exams/", include("exams.urls")),
    path("exams/", include("documents.urls")),
    path("dashboard/", include("dashboard.urls")),
    path("therapy/", include("therapy.urls")),
    # Before any other "reports/" include: the RIPS pages live under /reports/rips/.
    path("reports/rips/", include("rips.urls")),
    path("reports/", include("reports.urls")),
    path("worklist/", include("careplan.urls")),
    path("api/", include("api.urls")),
    # The admin signs in through the project's login (password, then the second factor).
    path(
        "admin/login/",
        login_not_required(RedirectView.as_view(pattern_name="users:login", query_string=True)),
    ),
    path("admin/", admin.site.urls),
]
