"""Time import_legacy_datamed on a generated legacy database, then roll the import back.

    python manage.py benchmark_legacy_import --patients 10000

The legacy SQLite file is generated in a temporary folder (or at ``--keep-source``, to try
the import by hand afterwards). The import runs as ``--dry-run`` does: everything is written,
then rolled back, so the database is left as it was. Times depend on the machine and its load.
"""

import tempfile
import time
from pathlib import Path

from django.core.management.base import BaseCommand

from legacy import history
from legacy.importer import import_legacy
from legacy.sample import generate_sqlite
from legacy.source import open_source


def _version(text: str) -> history.Version:
    patients, exams = (int(part) for part in text.split(","))
    return history.Version(patients, exams)


class Command(BaseCommand):
    help = "Mide la importación de una base DataMed anterior generada (y deshace la importación)."

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, default=10000)
        parser.add_argument("--seed", type=int, default=7)
        parser.add_argument("--keep-source", type=Path, help="guardar aquí la base anterior generada")
        parser.add_argument(
            "--legacy-version",
            type=_version,
            default=history.LATEST,
            help="versión del DataMed anterior a generar, «patients,exams» (p. ej. 2,13); por defecto la última",
        )

    def handle(self, *args, **options):
        with tempfile.TemporaryDirectory() as folder:
            path = options["keep_source"] or Path(folder) / "datamed-anterior.sqlite3"
            started = time.perf_counter()
            generate_sqlite(path, options["patients"], options["seed"], options["legacy_version"])
            self.stdout.write(
                f"Base anterior con {options['patients']} pacientes generada en {path} "
                f"({time.perf_counter() - started:.1f} s; DataMed anterior: {options['legacy_version']})."
            )
            source = open_source(str(path))
            try:
                started, cpu_started = time.perf_counter(), time.process_time()
                report = import_legacy(source, source.name, dry_run=True)
                elapsed, cpu = time.perf_counter() - started, time.process_time() - cpu_started
            finally:
                source.close()
        self.stdout.write(f"{'tabla':34} {'leídas':>7} {'importadas':>10} {'reparadas':>9} {'omitidas':>8}")
        for table in report.tables.values():
            self.stdout.write(
                f"{table.label:34} {table.read:>7} {table.imported:>10} {table.repaired:>9} {table.skipped:>8}"
            )
        self.stdout.write(
            f"Importación de {report.imported} filas en {elapsed:.1f} s de reloj y {cpu:.1f} s de CPU "
            "(deshecha al final; en una máquina compartida el reloj incluye la espera por CPU)."
        )
