"""Measure importing device data at scale, then roll everything back.

    python manage.py benchmark_device_import --patients 1000 --nights 400

Generates the patients with their cycles and one synthetic STR.edf each, then times reading
the files and importing them (bulk upserts plus the verdict of each cycle), one transaction
per file as in real use. Everything happens inside an outer transaction that is rolled back.
Times depend on the machine and its load: not a test, a figure to compare runs.
"""

import datetime
import time

from django.core.management.base import BaseCommand
from django.db import transaction

from benchmarks.dataset import Rollback, bulk_patients
from patients.models import Ingreso, today
from therapy import services
from therapy.models import NocheTerapia
from therapy.readers import read_device_file
from therapy.synthetic import Night, str_edf


class Command(BaseCommand):
    help = "Mide la importación de datos de equipos (N pacientes × M noches) y la descarta."

    def add_arguments(self, parser):
        parser.add_argument("--patients", type=int, default=1000)
        parser.add_argument("--nights", type=int, default=400)

    def handle(self, *args, **options):
        try:
            with transaction.atomic():
                self._run(options["patients"], options["nights"])
                raise Rollback
        except Rollback:
            self.stdout.write("Datos generados descartados (rollback).")

    def _run(self, count: int, nights: int) -> None:
        start = today() - datetime.timedelta(days=nights + 1)
        cycles = self._cycles(count, start)
        begin = time.perf_counter()
        files = [
            str_edf(
                start,
                [None if d % 97 == 5 else Night(60 + (d * 37 + i) % 480) for d in range(nights)],
                f"SRN{i}",
            )
            for i in range(count)
        ]
        generated = time.perf_counter() - begin
        read_seconds = write_seconds = 0.0
        cpu = time.process_time()
        for ingreso, data in zip(cycles, files, strict=True):
            begin = time.perf_counter()
            source, rows = read_device_file("STR.edf", data)
            read_seconds += time.perf_counter() - begin
            begin = time.perf_counter()
            services.import_nights(ingreso, rows, source)
            write_seconds += time.perf_counter() - begin
        total = read_seconds + write_seconds
        cpu = time.process_time() - cpu
        rows = NocheTerapia.objects.count()
        self.stdout.write(f"Archivos STR.edf generados: {count} en {generated:.1f} s (no cuenta).")
        self.stdout.write(f"Lectura de los archivos: {read_seconds:.1f} s")
        self.stdout.write(f"Importación (upsert + veredicto): {write_seconds:.1f} s")
        self.stdout.write(
            f"Total: {total:.1f} s para {rows} noches ({rows / total:,.0f} noches/s); meta ≤ 60 s."
        )
        self.stdout.write(
            f"Tiempo de CPU de este proceso: {cpu:.1f} s (en una máquina cargada, más fiel que el reloj)."
        )

    def _cycles(self, count: int, start: datetime.date) -> list[Ingreso]:
        patients = bulk_patients(count, first_document=800_000_000, surname="Equipo")
        cycles = Ingreso.objects.bulk_create(Ingreso(paciente=p, fecha_inicio=start) for p in patients)
        for cycle, patient in zip(cycles, patients, strict=True):
            cycle.paciente = patient
        return cycles
