from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_search_index(sender, using, **kwargs):
    from django.db import connections

    from patients.search import ensure_sqlite_search_index

    ensure_sqlite_search_index(connections[using])


class PatientsConfig(AppConfig):
    name = "patients"
    verbose_name = "Pacientes"

    def ready(self):
        post_migrate.connect(_ensure_search_index, sender=self)
