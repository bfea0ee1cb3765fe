from django.urls import path

from therapy import views

app_name = "therapy"

urlpatterns = [
    path("patients/<int:patient_id>/upload/", views.upload, name="upload"),
]
