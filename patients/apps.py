from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_database_upkeep(sender, using, **kwargs):
    """SQLite drops a table's triggers when a migration rebuilds it: bring back the search
    index's and the cycle counts' after every ``migrate``."""
    from django.db import connections

    from patients.counts import ensure_cycle_counts
    from patients.search import ensure_sqlite_search_index

    ensure_sqlite_search_index(connections[using])
    ensure_cycle_counts(connections[using])


class PatientsConfig(AppConfig):
    name = "patients"
    verbose_name = "Pacientes"

    def ready(self):
        post_migrate.connect(_ensure_database_upkeep, sender=self)
