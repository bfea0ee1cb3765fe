from django.urls import path

from patients import views

app_name = "patients"

urlpatterns = [
    path("", views.patient_list, name="list"),
    path("create/", views.patient_create, name="create"),
    path("<int:pk>/", views.patient_detail, name="detail"),
    path("follow", views.follow, name="follow"),
    path("ingreso/estado/<int:ingreso_id>/<str:estado>/", views.change_state, name="change_state"),
    path("ingreso/nuevo/<int:patient_id>/", views.new_cycle, name="new_cycle"),
]
