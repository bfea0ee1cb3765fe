"""manage.py import_legacy_datamed SOURCE [--dry-run]: bring over an earlier DataMed database."""

from django.core.management.base import BaseCommand, CommandError

from legacy.importer import import_legacy
from legacy.source import LegacySourceError, open_source


class Command(BaseCommand):
    help = (
        "Importa usuarios, pacientes, ciclos, registros clínicos y bitácora de una instalación anterior "
        "de DataMed (archivo SQLite o URL de base de datos), que solo se lee."
    )

    def add_arguments(self, parser):
        parser.add_argument("source", help="ruta del archivo SQLite, sqlite:///… o postgres://…")
        parser.add_argument(
            "--dry-run", action="store_true", help="importa y deshace todo al final; solo muestra el resumen"
        )

    def handle(self, *args, **options):
        try:
            source = open_source(options["source"])
        except LegacySourceError as error:
            raise CommandError(str(error)) from error
        try:
            report = import_legacy(source, source.name, dry_run=options["dry_run"])
        finally:
            source.close()
        self.stdout.write("\n".join(report.lines()))
