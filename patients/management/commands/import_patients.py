"""``manage.py import_patients FILE [--dry-run]``: the spreadsheet import from the command line."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from patients import importing


class Command(BaseCommand):
    help = "Importa pacientes y su primer ciclo desde un archivo .xlsx o .csv (todo o nada)."

    def add_arguments(self, parser):
        parser.add_argument("file", help="archivo .xlsx o .csv (UTF-8 o Windows-1252, separado por ; o ,)")
        parser.add_argument("--dry-run", action="store_true", help="valida e informa sin guardar nada")

    def handle(self, *args, file: str, dry_run: bool, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"No existe el archivo {path}.")
        report = importing.import_file(path.read_bytes(), path.name, dry_run=dry_run)
        if not report.ok:
            for line in report.error_lines:
                self.stderr.write(line)
            raise CommandError(f"No se guardó nada (errores: {len(report.error_lines)}).")
        self.stdout.write(report.summary())
        if dry_run:
            self.stdout.write("Simulación (--dry-run): no se guardó nada.")
        else:
            self.stdout.write(self.style.SUCCESS("Importación guardada."))
