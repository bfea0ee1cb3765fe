"""Time the monthly program report on a generated program (its own database, as ``benchmark``);
the measurements are ``reports/benchmark.py``'s.

python manage.py benchmark_program_report --patients 100000 [--reuse] [--rounds 3] [--output FILE.json]
"""

import json
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from benchmarks import database
from benchmarks.dataset import Generator
from reports import benchmark


class Command(BaseCommand):
    help = "Mide el informe mensual del programa sobre un programa generado."

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, default=1000)
        parser.add_argument("--reuse", action="store_true", help="conserva la base generada antes")
        parser.add_argument("--rounds", type=int, default=3)
        parser.add_argument("--output", help="archivo JSON con las cifras")

    def handle(self, *args, **options):
        name = database.default_name(options["patients"])
        self.stdout.write(f"Base de la medición: {name}")
        if not database.use_database(name, options["reuse"]):
            started = time.perf_counter()
            Generator(options["patients"]).run()
            self.stdout.write(
                f"Generados {options['patients']} pacientes en {time.perf_counter() - started:.1f} s"
            )
            database.compact()
        database.analyze()
        database.settle()
        results = benchmark.measure(options["rounds"])
        self.stdout.write(benchmark.markdown(results))
        if options["output"]:
            Path(options["output"]).write_text(json.dumps(results, indent=2, ensure_ascii=False))
