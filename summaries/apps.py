from django.apps import AppConfig
from django.db.models.signals import post_migrate


def _ensure_cycle_summaries(sender, using, **kwargs):
    """SQLite drops a table's triggers when a migration rebuilds it: bring back the triggers
    that keep the cycles' summaries after every ``migrate`` (after the cycle counts', which
    ``patients`` ensures first: this app comes after it in ``INSTALLED_APPS``)."""
    from django.db import connections

    from summaries.triggers import ensure_cycle_summaries

    ensure_cycle_summaries(connections[using])


class SummariesConfig(AppConfig):
    name = "summaries"
    verbose_name = "Resúmenes y copias del ciclo"

    def ready(self):
        post_migrate.connect(_ensure_cycle_summaries, sender=self)
