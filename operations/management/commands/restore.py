"""`manage.py restore FILE [--noinput] [--replace]`: see operations/backup.py."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections

from operations.backup import Archive, BackupError, restore_backup


class Command(BaseCommand):
    help = (
        "Restaura una copia de `backup` en una base migrada y vacía. Rechaza una copia dañada, una "
        "de un esquema más nuevo y una base con datos (salvo con --replace)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="archivo .tar.gz creado por `backup`")
        parser.add_argument("--noinput", "--no-input", action="store_false", dest="interactive")
        parser.add_argument(
            "--replace", action="store_true", help="reemplaza los datos de una base que no está vacía"
        )
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS, help="alias de la base de datos")

    def handle(self, *args, file, interactive, replace, database, **options):
        target = connections[database].settings_dict["NAME"]

        def confirm(archive: Archive) -> bool:
            if not interactive:
                return True
            answer = input(
                f"Se restaurará {archive.path.name} (del {archive.manifest['created_at']}) en «{target}». "
                "Escriba «si» para continuar: "
            )
            return answer.strip().lower() in {"si", "sí"}

        try:
            manifest = restore_backup(file, using=database, replace=replace, confirm=confirm)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(f"Copia del {manifest['created_at']} restaurada en «{target}»."))
