from django.urls import path

from exams import views

app_name = "exams"

urlpatterns = [
    path("patients/<int:patient_id>/clinical/", views.clinical_history, name="clinical"),
]
