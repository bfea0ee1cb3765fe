"""`manage.py backup [--output DIR] [--keep N]`: see operations/backup.py for the archive format."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS

from operations.backup import BackupError, create_backup, prune


class Command(BaseCommand):
    help = "Crea una copia de seguridad comprimida de todos los datos, que `restore` puede leer."

    def add_arguments(self, parser):
        parser.add_argument("--output", type=Path, help="carpeta de destino (por defecto BACKUP_DIR)")
        parser.add_argument("--keep", type=int, help="conserva solo las N copias más recientes de la carpeta")
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="alias de la base de datos")

    def handle(self, *args, output, keep, database, **options):
        if keep is not None and keep < 1:
            raise CommandError("--keep debe ser 1 o más (la copia recién creada siempre se conserva).")
        folder = output or Path(settings.BACKUP_DIR)
        try:
            archive = create_backup(folder, using=database)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        size_kib = archive.stat().st_size / 1024
        self.stdout.write(self.style.SUCCESS(f"Copia creada: {archive} ({size_kib:.0f} KiB)."))
        if keep is not None:
            removed = prune(folder, keep)
            self.stdout.write(f"Copias antiguas eliminadas: {len(removed)}.")
