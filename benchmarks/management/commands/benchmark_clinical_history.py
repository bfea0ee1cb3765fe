"""manage.py benchmark_clinical_history: how the clinical history grows with its records.

    python manage.py benchmark_clinical_history                       # 10 → 200 records
    DATABASE_URL=sqlite:////tmp/datamed-side-by-side/project.sqlite3 \\
        python manage.py benchmark_clinical_history --json out.json    # on the 50,000-patient import

Runs on the configured database, in a transaction rolled back at the end (see
``exams.benchmark``). Fails when the page's SQL query count changes with the number of records.
"""

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from exams.benchmark import history_growth


class Command(BaseCommand):
    help = "Mide la historia clínica con 10 y con 200 registros en el ciclo (por turnos) y compara."

    def add_arguments(self, parser):
        parser.add_argument("--sizes", type=int, nargs="+", default=[10, 200], help="registros por ciclo")
        parser.add_argument("--requests", type=int, default=20, help="peticiones medidas por turno")
        parser.add_argument("--warmup", type=int, default=5, help="peticiones de calentamiento por turno")
        parser.add_argument("--rounds", type=int, default=3, help="turnos por tamaño")
        parser.add_argument("--json", type=Path, help="escribir las cifras en este archivo")

    def handle(self, *args, **options):
        results = history_growth(
            tuple(options["sizes"]),
            requests=options["requests"],
            warmup=options["warmup"],
            rounds=options["rounds"],
            progress=lambda line: self.stderr.write(line),
        )
        first = results[0]
        self.stdout.write("| registros | consultas | p50 ms | p95 ms | CPU p50 ms | frente al primero |")
        self.stdout.write("|---:|---:|---:|---:|---:|---:|")
        for result in results:
            ratio = result.p50_ms / first.p50_ms
            self.stdout.write(
                f"| {result.records} | {result.queries} | {result.p50_ms:.1f} | {result.p95_ms:.1f} "
                f"| {result.cpu_p50_ms:.1f} | {ratio:.2f}× |"
            )
        if options["json"]:
            options["json"].write_text(
                json.dumps([r.as_dict() for r in results], indent=2, ensure_ascii=False) + "\n"
            )
        if len({result.queries for result in results}) > 1:
            raise CommandError("El número de consultas cambia con el número de registros.")
