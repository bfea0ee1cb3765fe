from django.apps import AppConfig


class RipsConfig(AppConfig):
    name = "rips"
    verbose_name = "RIPS (Resolución 2275 de 2023)"
