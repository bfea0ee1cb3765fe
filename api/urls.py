"""``/api/v1/`` (SPEC §9) and the OpenAPI contract with its documentation page.

Every address answers with and without its final slash, for every method: a redirect would
drop a write's body (and Django refuses to redirect a POST when DEBUG is on).
"""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from api import views
from api.careplan import WorklistView
from api.docs import DocsView
from api.fhir import PatientFhirView
from api.records import record_viewset
from api.reports import ProgramReportView
from api.rips import RipsView
from exams.registry import RECORD_TYPES


class Router(DefaultRouter):
    include_root_view = False
    include_format_suffixes = False

    def __init__(self):
        super().__init__()
        self.trailing_slash = "/?"  # the constructor knows only "/" or ""


router = Router()
router.register("patients", views.PatientViewSet, basename="patient")
router.register("cycles", views.CycleViewSet, basename="cycle")
for record_type in RECORD_TYPES:
    router.register(
        f"records/{record_type.slug}", record_viewset(record_type), basename=f"record-{record_type.slug}"
    )
router.register("attentions", views.AttentionViewSet, basename="attention")

#: The API root's listing: each resource's name and the name of its list URL.
RESOURCES = {
    **{prefix: f"{basename}-list" for prefix, _, basename in router.registry},
    "dashboard": "dashboard",
    "reports/program": "reports-program",
    "worklist": "worklist",
    "schema": "schema",
    "docs": "docs",
}

app_name = "api"
urlpatterns = [
    re_path(r"^v1/?$", views.ApiRootView.as_view(resources=RESOURCES), name="root"),
    re_path(r"^v1/patients/(?P<pk>[0-9]+)/fhir/?$", PatientFhirView.as_view(), name="patient-fhir"),
    path("v1/", include(router.urls)),
    re_path(r"^v1/dashboard/?$", views.DashboardView.as_view(), name="dashboard"),
    re_path(r"^v1/reports/program/?$", ProgramReportView.as_view(), name="reports-program"),
    re_path(r"^v1/reports/rips/?$", RipsView.as_view(), name="rips"),
    re_path(r"^v1/worklist/?$", WorklistView.as_view(), name="worklist"),
    re_path(r"^schema/?$", SpectacularAPIView.as_view(), name="schema"),
    re_path(r"^docs/?$", DocsView.as_view(url_name="api:schema"), name="docs"),
    # Unnamed: not a route of its own (the authorization matrix walks named URLs).
    re_path(r"^", views.not_found),
]
