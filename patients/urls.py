from django.urls import path

from patients import views

app_name = "patients"

urlpatterns = [
    path("", views.patient_list, name="list"),
    path("export.<slug:fmt>", views.patient_list_export, name="export"),
    path("import/plantilla.xlsx", views.import_template, name="import_template"),
    path("create/", views.patient_create, name="create"),
    path("<int:pk>/", views.patient_detail, name="detail"),
    path("follow", views.follow, name="follow"),
    path("follow/export.<slug:fmt>", views.follow_export, name="follow_export"),
    path("ingreso/estado/<int:ingreso_id>/<str:estado>/", views.change_state, name="change_state"),
    path("ingreso/nuevo/<int:patient_id>/", views.new_cycle, name="new_cycle"),
]
