"""``manage.py update_statistics``: refresh the database's planner statistics (see
``operations.statistics``)."""

import time

from django.core.management.base import BaseCommand

from operations.statistics import update_statistics


class Command(BaseCommand):
    help = "Actualiza las estadísticas del planificador de consultas (después de cargas masivas y a diario)."

    def handle(self, *args, **options):
        started = time.perf_counter()
        done = update_statistics()
        self.stdout.write(f"{done}: {time.perf_counter() - started:.1f} s.")
