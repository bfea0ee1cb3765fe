from django.urls import path

from dashboard import views

app_name = "dashboard"

urlpatterns = [
    path("", views.index, name="index"),
    path("sin-atencion/export.<slug:fmt>", views.no_attention_export, name="no_attention_export"),
]
