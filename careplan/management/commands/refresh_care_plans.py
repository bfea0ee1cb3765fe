"""Recompute every cycle's care plan from its protocol, states and records, or verify it.

python manage.py refresh_care_plans           # recompute; writes only what differs
python manage.py refresh_care_plans --check   # only verify; exit 1 listing differences
"""

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from careplan import counts
from careplan.services import refresh_plans, stale_plans

SHOWN = 50


class Command(BaseCommand):
    help = "Recalcula (o verifica con --check) el plan de cuidado de cada ciclo."

    def add_arguments(self, parser):
        parser.add_argument("--check", action="store_true", help="solo verificar; sale con error si difieren")

    def handle(self, *args, **options):
        if not options["check"]:
            written = refresh_plans()
            counts.rebuild(connection)
            self.stdout.write(
                f"Planes de cuidado recalculados: {written} ítem(s) escritos; conteos recalculados."
            )
            return
        stale = stale_plans()
        for ingreso_id, item_id, what in stale[:SHOWN]:
            self.stdout.write(f"Ciclo {ingreso_id}, ítem de protocolo {item_id}: {what}")
        wrong = counts.differences(connection)
        for table, key, stored, recounted in wrong[:SHOWN]:
            self.stdout.write(f"Conteo {table} ({', '.join(key)}): guardado {stored} ≠ recontado {recounted}")
        problems = []
        if stale:
            problems.append(f"{len(stale)} ítem(s) del plan distintos de su recálculo")
        if wrong:
            problems.append(f"{len(wrong)} conteo(s) de ítems distintos de los ítems")
        if problems:
            raise CommandError(
                "; ".join(problems) + "; ejecute manage.py refresh_care_plans para recalcularlos."
            )
        self.stdout.write("Todos los planes de cuidado coinciden con sus protocolos y registros.")
