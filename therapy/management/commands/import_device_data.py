"""Import a folder of SD-card copies (or one file) into the matching cycles.

    python manage.py import_device_data /ruta/tarjetas [--patient CC:63555111]

Every ``STR.edf``, ``.zip`` and ``.csv`` under PATH is read. Without ``--patient`` each device
serial goes to the ACTIVO cycle whose delivered equipment (EquipoMedico) has that serial.
Each file is imported in its own transaction: a bad file is reported and saves nothing.
"""

from collections import defaultdict
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from patients.models import Patient
from therapy import services
from therapy.readers import DeviceFileError, read_device_file

SUFFIXES = {".edf", ".zip", ".csv"}


def device_files(path: Path) -> list[Path]:
    if path.is_file():
        return [path]
    return sorted(
        file
        for file in path.rglob("*")
        if file.is_file()
        and file.suffix.lower() in SUFFIXES
        and (file.suffix.lower() != ".edf" or file.name.upper() == "STR.EDF")
    )


class Command(BaseCommand):
    help = "Importa datos de equipos PAP (STR.edf, .zip de la tarjeta SD o CSV) desde una carpeta."

    def add_arguments(self, parser):
        parser.add_argument("path", help="archivo o carpeta con copias de tarjetas SD")
        parser.add_argument("--patient", help="TIPO:DOCUMENTO del paciente, p. ej. CC:63555111")

    def handle(self, *args, **options):
        path = Path(options["path"])
        if not path.exists():
            raise CommandError(f"No existe {path}.")
        target = self._patient_cycle(options["patient"]) if options["patient"] else None
        files = device_files(path)
        if not files:
            raise CommandError(f"No hay archivos STR.edf, .zip ni .csv en {path}.")
        failures = sum(not self._import(file, target) for file in files)
        self.stdout.write(f"{len(files)} archivos leídos, {failures} con problemas.")
        if failures:
            raise CommandError("Algunos archivos no se importaron (ver arriba).")

    def _patient_cycle(self, reference: str):
        tipo, _, documento = reference.partition(":")
        patient = Patient.objects.filter(tipo_documento=tipo.upper(), documento=documento).first()
        if patient is None:
            raise CommandError(f"No existe el paciente {reference}.")
        if patient.ingreso_activo is None:
            raise CommandError(f"El paciente {reference} no tiene un ciclo ACTIVO.")
        return patient.ingreso_activo

    def _import(self, file: Path, target) -> bool:
        try:
            source, rows = read_device_file(file.name, file.read_bytes())
        except DeviceFileError as error:
            self.stderr.write(f"{file}: " + " ".join(error.problems))
            return False
        by_serial = defaultdict(list)
        for row in rows:
            by_serial[row.serial].append(row)
        ok = True
        for serial, serial_rows in by_serial.items():
            ingreso = target or services.cycle_for_serial(serial)
            if ingreso is None:
                self.stderr.write(f"{file}: ningún ciclo ACTIVO tiene entregado el equipo {serial}.")
                ok = False
                continue
            try:
                report = services.import_nights(ingreso, serial_rows, str(file))
            except ValidationError as error:
                self.stderr.write(f"{file}: " + " ".join(error.messages))
                ok = False
            else:
                self.stdout.write(f"{ingreso.paciente}: {report.summary()}")
        return ok
