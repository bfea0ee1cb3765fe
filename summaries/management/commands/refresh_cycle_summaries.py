"""Recompute the cycles' stored summaries from their records and the database's cycle counts
(``patients/counts.py``) from the cycles, or verify them.

python manage.py refresh_cycle_summaries           # recompute every cycle, recount
python manage.py refresh_cycle_summaries --check   # only verify; exit 1 listing differences
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from patients import counts
from summaries.selectors import cycle_summaries, stale_cycle_summaries
from summaries.services import refresh_cycle_summaries

SHOWN = 50


class Command(BaseCommand):
    help = "Recalcula (o verifica con --check) los resúmenes guardados en cada ciclo."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="solo verificar; sale con error si difieren")

    def handle(self, *args, **options):
        if not options["check"]:
            updated = refresh_cycle_summaries()
            counts.rebuild(connection)
            self.stdout.write(f"Resúmenes recalculados en {updated} ciclos; conteos de ciclos recalculados.")
            return
        problems = self._stale_summaries() + self._wrong_counts()
        if problems:
            raise CommandError(
                "; ".join(problems) + "; ejecute manage.py refresh_cycle_summaries para recalcularlos."
            )
        self.stdout.write("Todos los resúmenes y conteos de los ciclos coinciden con sus registros.")

    def _stale_summaries(self) -> list[str]:
        names = list(cycle_summaries())
        stale = stale_cycle_summaries()
        total = stale.count()
        for cycle in stale[:SHOWN]:
            differences = ", ".join(
                f"{name}: guardado {getattr(cycle, name)!s} ≠ recalculado {getattr(cycle, f'esperado_{name}')!s}"
                for name in names
                if getattr(cycle, name) != getattr(cycle, f"esperado_{name}")
            )
            self.stdout.write(f"Ciclo {cycle.pk} (paciente {cycle.paciente_id}): {differences}")
        return [f"{total} ciclo(s) con resúmenes distintos de sus registros"] if total else []

    def _wrong_counts(self) -> list[str]:
        wrong = counts.differences(connection)
        for table, key, stored, recounted in wrong[:SHOWN]:
            values = ", ".join(map(str, key))
            self.stdout.write(f"Conteo {table} ({values}): guardado {stored} ≠ recontado {recounted}")
        return [f"{len(wrong)} conteo(s) de ciclos distintos de los ciclos"] if wrong else []
