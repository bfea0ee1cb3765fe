from django.urls import path

from careplan import views

app_name = "careplan"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("export.<slug:fmt>", views.worklist_export, name="worklist_export"),
]
