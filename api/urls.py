"""``/api/v1/`` (SPEC §9) and the OpenAPI contract with its documentation page."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView
from rest_framework.routers import DefaultRouter

from api import views
from api.docs import DocsView
from api.fhir import PatientFhirView
from api.records import record_viewset
from exams.registry import RECORD_TYPES


class Router(DefaultRouter):
    include_root_view = False
    include_format_suffixes = False


router = Router()
router.register("patients", views.PatientViewSet, basename="patient")
router.register("cycles", views.CycleViewSet, basename="cycle")
for record_type in RECORD_TYPES:
    router.register(
        f"records/{record_type.slug}", record_viewset(record_type), basename=f"record-{record_type.slug}"
    )
router.register("attentions", views.AttentionViewSet, basename="attention")

app_name = "api"
urlpatterns = [
    path("v1/", include(router.urls)),
    path("v1/dashboard/", views.DashboardView.as_view(), name="dashboard"),
    path("v1/patients/<int:pk>/fhir/", PatientFhirView.as_view(), name="patient-fhir"),
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", DocsView.as_view(url_name="api:schema"), name="docs"),
    # Unnamed: not a route of its own (the authorization matrix walks named URLs).
    re_path(r"^.*/$", views.not_found),
]
