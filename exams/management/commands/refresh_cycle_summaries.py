"""Recompute the cycles' stored summaries from their records, or verify them.

python manage.py refresh_cycle_summaries           # recompute every cycle
python manage.py refresh_cycle_summaries --check   # only verify; exit 1 listing differences
"""

from django.core.management.base import BaseCommand, CommandError

from exams.selectors import cycle_summaries
from exams.services import refresh_cycle_summaries, stale_cycle_summaries

SHOWN = 50


class Command(BaseCommand):
    help = "Recalcula (o verifica con --check) los resúmenes guardados en cada ciclo."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="solo verificar; sale con error si difieren")

    def handle(self, *args, **options):
        if not options["check"]:
            updated = refresh_cycle_summaries()
            self.stdout.write(f"Resúmenes recalculados en {updated} ciclos.")
            return
        names = list(cycle_summaries())
        stale = stale_cycle_summaries()
        total = stale.count()
        if not total:
            self.stdout.write("Todos los resúmenes de los ciclos coinciden con sus registros.")
            return
        for cycle in stale[:SHOWN]:
            differences = ", ".join(
                f"{name}: guardado {getattr(cycle, name)!s} ≠ recalculado {getattr(cycle, f'esperado_{name}')!s}"
                for name in names
                if getattr(cycle, name) != getattr(cycle, f"esperado_{name}")
            )
            self.stdout.write(f"Ciclo {cycle.pk} (paciente {cycle.paciente_id}): {differences}")
        raise CommandError(
            f"{total} ciclo(s) con resúmenes distintos de sus registros; "
            "ejecute manage.py refresh_cycle_summaries para recalcularlos."
        )
