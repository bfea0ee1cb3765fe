"""Time the spreadsheet import on a generated file, then roll everything back.

    python manage.py benchmark_patient_import --rows 10000 [--format xlsx|csv]

Generates a realistic file (labels and codes mixed, Windows-1252 for CSV, ``;`` separator),
imports it through ``patients.importing`` as ``import_patients`` would, imports it a second
time (every row unchanged), and reports seconds and SQL queries for each step. Everything
runs inside a transaction that is rolled back: the database is left as it was. Times depend
on the machine and its load: compare runs made on the same machine.
"""

import csv
import datetime
import io
import random
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from benchmarks.dataset import Rollback
from patients import importing
from patients.choices import EntidadSalud, EstadoCivil, Genero, Programa, Zona
from patients.demo import FIRST_NAMES, LAST_NAMES
from patients.geography import CITIES_BY_DEPARTMENT, Ciudad, Departamento
from patients.models import Ingreso, Patient, today


def generated_rows(count: int, seed: int = 7) -> list[dict]:
    """Plausible patients: Santander mostly, adults, some labels instead of codes."""
    rng = random.Random(seed)
    santander = CITIES_BY_DEPARTMENT[Departamento.SANTANDER]
    rows = []
    for index in range(count):
        department, city = Departamento.SANTANDER, rng.choice(santander)
        if rng.random() < 0.1:
            department = rng.choice(list(CITIES_BY_DEPARTMENT))
            city = rng.choice(CITIES_BY_DEPARTMENT[department])
        start = today() - datetime.timedelta(days=rng.randint(0, 540))
        born = datetime.date(rng.randint(1940, 2000), rng.randint(1, 12), rng.randint(1, 28))
        label = rng.random() < 0.5  # half the rows use labels, as people type them
        rows.append(
            {
                "nombre": rng.choice(FIRST_NAMES),
                "apellido": f"{rng.choice(LAST_NAMES)} {rng.choice(LAST_NAMES)}",
                "tipo_documento": "CC",
                "documento": str(10_000_000 + index),
                "fecha_nacimiento": born.strftime("%d/%m/%Y") if label else born.isoformat(),
                "genero": rng.choice(Genero.labels if label else Genero.values),
                "estado_civil": rng.choice(EstadoCivil.labels if label else EstadoCivil.values),
                "departamento": Departamento(department).label if label else str(department),
                "ciudad": Ciudad(city).label if label else str(city),
                "zona": rng.choice(Zona.values),
                "telefono": f"607{rng.randint(6000000, 6999999)}",
                "celular": f"3{rng.randint(100000000, 199999999)}",
                "entidad_salud": rng.choice(EntidadSalud.labels if label else EntidadSalud.values),
                "estrato": rng.randint(1, 6),
                "programa": Programa.AOS,
                "diagnostico_clinico": "G47.3",
                "medico_remitente": "Dr. Prada",
                "especialidad": "Neumología",
                "peso": f"{rng.uniform(50, 120):.1f}".replace(".", ","),
                "altura": f"{rng.uniform(1.45, 1.90):.2f}",
                "perimetro_abdominal": rng.randint(70, 130),
                "cuello": rng.randint(32, 48),
                "valor_capita": 259783,
                "fecha_inicio_programa": start.isoformat(),
            }
        )
    return rows


def build_file(rows: list[dict], fmt: str) -> bytes:
    if fmt == "csv":
        text = io.StringIO()
        writer = csv.writer(text, delimiter=";")
        writer.writerow(importing.COLUMNS)
        writer.writerows([row[name] for name in importing.COLUMNS] for row in rows)
        return text.getvalue().encode("cp1252")
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Pacientes")
    sheet.append(importing.COLUMNS)
    for row in rows:
        sheet.append([row[name] for name in importing.COLUMNS])
    target = io.BytesIO()
    workbook.save(target)
    return target.getvalue()


class Command(BaseCommand):
    help = "Mide la importación de pacientes desde una hoja de cálculo generada (y la descarta)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=10000)
        parser.add_argument("--format", choices=["xlsx", "csv"], default="xlsx")

    def handle(self, *args, rows: int, format: str, **options):
        started = time.perf_counter()
        content = build_file(generated_rows(rows), format)
        self.stdout.write(
            f"Archivo .{format} de {rows} filas ({len(content) / 1e6:.1f} MB) generado en "
            f"{time.perf_counter() - started:.1f} s."
        )
        try:
            with transaction.atomic():
                self._measure("Primera importación", content, format, rows)
                self._measure("Segunda importación (sin cambios)", content, format, rows)
                raise Rollback
        except Rollback:
            self.stdout.write("Datos importados descartados (rollback).")

    def _measure(self, title: str, content: bytes, fmt: str, rows: int) -> None:
        with CaptureQueriesContext(connection) as queries:
            started, cpu = time.perf_counter(), time.process_time()
            table = importing.read_file(content, f"benchmark.{fmt}")
            read = time.perf_counter() - started
            report = importing.import_table(table)
            total, cpu = time.perf_counter() - started, time.process_time() - cpu
        if not report.ok:
            raise CommandError("\n".join(report.error_lines[:20]))
        self.stdout.write(
            f"{title}: {total:.1f} s en total (lectura {read:.1f} s; CPU del proceso {cpu:.1f} s), "
            f"{len(queries)} consultas SQL, "
            f"{rows / total:.0f} filas/s. {report.summary()} "
            f"Pacientes: {Patient.objects.count()}, ciclos: {Ingreso.objects.count()}, "
            f"historial: {Patient.history.count()} + {Ingreso.history.count()}."
        )
