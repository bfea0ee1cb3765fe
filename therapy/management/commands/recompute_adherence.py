"""Recompute every cycle's adherence verdict (after a rule change, or nightly so that an open
initial period closes on the right day)."""

from django.core.management.base import BaseCommand

from therapy.services import recompute_summaries


class Command(BaseCommand):
    help = "Recalcula el veredicto de adherencia de todos los ciclos con datos del equipo."

    def handle(self, *args, **options):
        self.stdout.write(f"{recompute_summaries()} ciclos recalculados.")
