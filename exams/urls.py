from django.urls import path

from exams import views

app_name = "exams"

urlpatterns = [
    path("patients/<int:patient_id>/clinical/", views.clinical_history, name="clinical"),
    path(
        "patients/<int:patient_id>/clinical/export.<slug:fmt>",
        views.clinical_history_export,
        name="clinical_export",
    ),
    path("export/<slug:record_type>.<slug:fmt>", views.records_export, name="records_export"),
    path("patients/<int:patient_id>/register_<slug:record_type>/", views.register, name="register"),
    path("edit/<slug:record_type>/<int:pk>/", views.edit, name="edit"),
    path("void/<slug:record_type>/<int:pk>/", views.void, name="void"),
]
