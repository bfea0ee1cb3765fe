from django.urls import path

from rips import views

app_name = "rips"
urlpatterns = [path("", views.generate, name="generate")]
