"""Measure the main pages on generated data at a stated scale, then roll everything back.

    python manage.py benchmark --patients 10000 --monitorings 3 --repeat 5

Data is bulk-generated inside a transaction that is rolled back at the end, so the database
is left as it was. Reported per page: SQL queries and the median / max wall time of
``--repeat`` requests through Django's test client (no network). Times depend on the machine
and its load; compare runs made on the same machine.
"""

import datetime
import random
import statistics
import time
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exams.models import Monitoreo, Seguimiento
from patients.models import Ingreso, Patient, today


def bulk_patients(count: int, first_document: int, surname: str = "Apellido") -> list[Patient]:
    """``count`` valid patients in one bulk insert (benchmarks only: no history, no cycle)."""
    return Patient.objects.bulk_create(
        Patient(
            nombre=f"Nombre{i}",
            apellido=f"{surname}{i}",
            tipo_documento="CC",
            documento=str(first_document + i),
            fecha_nacimiento=datetime.date(1960 + i % 40, 1 + i % 12, 1 + i % 28),
            genero="F" if i % 2 else "M",
            departamento="SANTANDER",
            ciudad="BUCARAMANGA",
            celular="3001234567",
            estado_civil="CASADO",
            entidad_salud="ECOPETROL" if i % 3 else "SANITAS",
            estrato=1 + i % 6,
        )
        for i in range(count)
    )


class Rollback(Exception):
    """Raised to undo the generated data."""


class Command(BaseCommand):
    help = "Mide las páginas principales con datos generados a la escala indicada (y los descarta)."

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, default=5000)
        parser.add_argument("--monitorings", type=int, default=3, help="monitoreos por ciclo activo")
        parser.add_argument("--repeat", type=int, default=5)

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                self._run(options)
                raise Rollback
        except Rollback:
            self.stdout.write("Datos generados descartados (rollback).")

    def _run(self, options):
        started = time.perf_counter()
        patient = self._generate(options["patients"], options["monitorings"])
        self.stdout.write(
            f"Generados {options['patients']} pacientes, {Monitoreo.objects.count()} monitoreos y "
            f"{Seguimiento.objects.count()} atenciones en {time.perf_counter() - started:.1f} s."
        )
        client = Client(HTTP_HOST="127.0.0.1")
        client.force_login(get_user_model().objects.create_superuser("benchmark", password=None))
        pages = {
            "tablero": reverse("dashboard:index"),
            "pacientes": reverse("patients:list"),
            "pacientes mes 5 + búsqueda": reverse("patients:list") + "?mes=5&q=Apellido1",
            "seguimiento de ciclos p.50": reverse("patients:follow") + "?page=50",
            "historia clínica": reverse("exams:clinical", args=[patient.pk]),
        }
        self.stdout.write(f"{'página':32} {'consultas':>9} {'mediana ms':>11} {'máx ms':>8}")
        for name, url in pages.items():
            self.stdout.write(self._measure(client, name, url, options["repeat"]))

    def _measure(self, client, name, url, repeat) -> str:
        timings = []
        for _ in range(repeat):
            with CaptureQueriesContext(connection) as queries:
                begin = time.perf_counter()
                response = client.get(url)
                timings.append((time.perf_counter() - begin) * 1000)
            if response.status_code != 200:
                raise RuntimeError(f"{url} respondió {response.status_code}")
        return f"{name:32} {len(queries):>9} {statistics.median(timings):>11.1f} {max(timings):>8.1f}"

    def _generate(self, count: int, monitorings: int) -> Patient:
        rng = random.Random(7)
        current = today()
        patients = bulk_patients(count, first_document=900_000_000)
        cycles = Ingreso.objects.bulk_create(
            Ingreso(paciente=p, fecha_inicio=current - datetime.timedelta(days=rng.randint(0, 600)))
            for p in patients
        )
        records, log = [], []
        for cycle in cycles:
            for _ in range(monitorings):
                day = cycle.fecha_inicio + datetime.timedelta(
                    days=rng.randint(0, (current - cycle.fecha_inicio).days)
                )
                records.append(
                    Monitoreo(
                        ingreso=cycle,
                        fecha_atencion=day,
                        uso_diario=Decimal(90),
                        dias_uso_horas_4=Decimal(rng.randint(30, 100)),
                        horas_uso_diario=Decimal(6),
                        hipopnea_residual=Decimal(3),
                        modo_ventilatorio="CPAP",
                        presion_ipap=Decimal(10),
                        mascara_cpap="NASAL",
                        tamano_mascara="MEDIUM",
                    )
                )
                log.append(Seguimiento(ingreso=cycle, fecha_atencion=day, tipo_servicio="Monitoreo"))
        Monitoreo.objects.bulk_create(records, batch_size=2000)
        Seguimiento.objects.bulk_create(log, batch_size=2000)
        return patients[0]
