from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.index, name="index"),
    path("export.<slug:fmt>", views.draft_export, name="draft_export"),
    path("emitir/", views.issue, name="issue"),
    path("emitidos/<int:pk>/", views.issued, name="issued"),
    path("emitidos/<int:pk>/informe.<slug:fmt>", views.issued_file, name="issued_file"),
]
