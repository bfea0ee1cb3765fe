"""Included under ``/exams/`` next to the clinical history it summarises."""

from django.urls import path

from documents import views

app_name = "documents"

urlpatterns = [
    path("patients/<int:patient_id>/summary.pdf", views.clinical_summary_pdf, name="summary_pdf"),
    # The access report's page and its .xlsx/.csv live in users (/users/access-report/<id>/).
    path("access-report/<int:patient_id>/export.pdf", views.access_report_pdf, name="access_report_pdf"),
]
