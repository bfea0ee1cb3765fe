"""Measure the pages clinicians use on a generated program-scale data set.

    python manage.py benchmark --patients 100000 --output docs/benchmarks/sqlite-100k
    DATABASE_URL=postgres://... python manage.py benchmark --patients 100000 --reuse --load
    python manage.py benchmark --patients 100000 --reuse --growth-from 1000

The data set goes into its own database (SQLite file ``bench_….sqlite3`` in ``DATA_DIR``, or
PostgreSQL database ``bench_…`` on the configured server), created by the command; with
``--reuse`` an existing one is kept and not regenerated. Per page: SQL queries and the p50 / p95
of ``--requests`` requests after a warm-up, through Django's test client. ``--load`` adds a
real server under load (see ``benchmarks.load``) and concurrent writes on it (see
``benchmarks.writes``: they add patients and monitorings to the data set); ``--growth-from N`` measures the
pages that show rows by turns on this data set and on the one of N patients generated earlier
(see ``benchmarks.growth``). Results are written as Markdown and JSON. Times depend
on the machine and its load: compare runs made on the same machine.
"""

import datetime
import os
import platform
import time

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.urls import clear_url_caches

from benchmarks import database, pages, report
from benchmarks.dataset import Generator
from exams.models import Seguimiento


class Command(BaseCommand):
    help = "Genera datos a escala de programa en una base aparte y mide las páginas principales."

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, default=10000, help="pacientes a generar")
        parser.add_argument("--requests", type=int, default=20, help="peticiones medidas por página")
        parser.add_argument("--warmup", type=int, default=3, help="peticiones de calentamiento por página")
        parser.add_argument("--database-name", help="nombre de la base de la medición (bench_… por defecto)")
        parser.add_argument(
            "--reuse", action="store_true", help="conservar y reutilizar la base si ya tiene datos"
        )
        parser.add_argument("--output", help="ruta sin extensión para escribir .md y .json")
        parser.add_argument("--load", action="store_true", help="medir también bajo carga con gunicorn")
        parser.add_argument("--load-seconds", type=float, default=10, help="segundos de carga por página")
        parser.add_argument("--load-clients", type=int, default=4, help="clientes concurrentes bajo carga")
        parser.add_argument(
            "--write-seconds",
            type=float,
            default=5,
            help="segundos de cada medición de escrituras concurrentes (con --load)",
        )
        parser.add_argument(
            "--write-rate",
            type=float,
            default=40,
            help="guardados por segundo, entre 4 clientes, de la medición a ritmo (con --load)",
        )
        parser.add_argument(
            "--read-rate",
            type=float,
            default=2,
            help="lecturas por segundo de la persona que lee durante la medición a ritmo (con --load)",
        )
        parser.add_argument("--port", type=int, default=8090, help="puerto de gunicorn (127.0.0.1)")
        parser.add_argument(
            "--growth-from",
            type=int,
            metavar="N",
            help="medir además, por turnos con la base ya generada de N pacientes, el crecimiento "
            "de cada página con filas",
        )
        parser.add_argument("--growth-rounds", type=int, default=3, help="turnos por base y página")
        parser.add_argument(
            "--explain",
            action="store_true",
            help="PostgreSQL: planes EXPLAIN ANALYZE de la consulta más lenta de cada página",
        )

    def handle(self, *args, **options):
        with pages.unthrottled():
            self._run(options)

    def _run(self, options):
        if options["patients"] < 1 or options["requests"] < 1:
            raise CommandError("--patients y --requests deben ser al menos 1.")
        name = options["database_name"] or database.default_name(options["patients"])
        small = database.default_name(options["growth_from"]) if options["growth_from"] else None
        if small and not database.exists(small):
            raise CommandError(
                f"No existe la base {small}: genérela antes con --patients {options['growth_from']}."
            )
        self.stdout.write(f"Base de la medición: {name}")
        has_data = database.use_database(name, options["reuse"])
        generation = self._generate(options["patients"]) if not has_data else None
        database.analyze()
        database.settle()
        results = self._measure(options, generation)
        if options["explain"] and connection.vendor == "postgresql":
            results["planes"] = pages.explain_heaviest(self.client, self.targets)
        if small:
            from benchmarks import growth

            results["crecimiento"] = growth.compare(
                small,
                name,
                options["growth_rounds"],
                options["requests"],
                options["warmup"],
                self.stdout.write,
            )
        if options["output"] and options["load"]:  # keep the in-process figures if the load fails
            report.write(results, options["output"])
        if options["load"]:
            from benchmarks import load, writes

            token = writes.token_of(self.user)
            with load.serve(options["port"]):
                results["carga"] = load.run(
                    targets=self.targets,
                    port=options["port"],
                    seconds=options["load_seconds"],
                    clients=options["load_clients"],
                    session_key=self.session_key,
                    log=self.stdout.write,
                )
                results["escrituras"] = writes.measure(
                    options["port"], token, self.session_key, options["write_seconds"], log=self.stdout.write
                )
                results["escrituras"]["a_ritmo"] = writes.measure_at_rate(
                    options["port"],
                    token,
                    self.session_key,
                    options["write_seconds"],
                    rate=options["write_rate"],
                    read_rate=options["read_rate"],
                    log=self.stdout.write,
                )
        if options["output"]:
            for path in report.write(results, options["output"]):
                self.stdout.write(f"Escrito {path}")
        else:
            self.stdout.write(report.markdown(results))

    def _generate(self, patients: int) -> float:
        started = time.perf_counter()

        def progress(done: int) -> None:
            width = 30
            filled = width * done // patients
            elapsed = time.perf_counter() - started
            bar = "#" * filled + "-" * (width - filled)
            self.stdout.write(f"\r[{bar}] {done}/{patients} pacientes · {elapsed:.0f} s", ending="")
            self.stdout.flush()

        summary = Generator(patients, progress=progress).run()
        database.compact()
        seconds = time.perf_counter() - started
        rows = ", ".join(f"{name} {total}" for name, total in summary.items() if name != "heavy_patient_ids")
        self.stdout.write(f"\nGenerado en {seconds:.1f} s: {rows}")
        return round(seconds, 1)

    def _measure(self, options, generation: float | None) -> dict:
        client = self.client = pages.signed_in_client()
        self.session_key = client.session.session_key
        self.user = get_user_model().objects.get(username=pages.BENCHMARK_USERNAME)
        self.targets = pages.Targets.find(options["patients"])

        def progress(result) -> None:
            self.stdout.write(
                f"{result.name:36} {result.queries:>4} consultas  p50 {result.p50:7.1f} ms  p95 {result.p95:7.1f} ms"
            )

        settings.ROOT_URLCONF = "benchmarks.urls"  # adds the trivial reference view
        clear_url_caches()
        measured = pages.measure_all(client, self.targets, options["requests"], options["warmup"], progress)
        from exams.models import Monitoreo
        from patients.models import Ingreso, Patient

        return {
            "base": "PostgreSQL" if connection.vendor == "postgresql" else "SQLite",
            "base_detalle": database.describe(),
            "fecha": datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC"),
            "máquina": _machine(),
            "peticiones": options["requests"],
            "calentamiento": options["warmup"],
            "datos": {
                "pacientes": Patient.objects.count(),
                "estados": pages.cycle_state_mix(),
                "filas": {
                    "ingreso": Ingreso.objects.count(),
                    "monitoreos": Monitoreo.objects.count(),
                    "atenciones": Seguimiento.objects.count(),
                },
                "segundos_generación": generation,
            },
            "páginas": [result.as_dict() for result in measured],
        }


def _machine() -> str:
    return f"{platform.machine()}, {os.cpu_count()} núcleos (compartidos), Python {platform.python_version()}"
