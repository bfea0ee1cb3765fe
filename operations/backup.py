"""Backups that ``restore`` can read, and a restore that refuses what it cannot do safely.

An archive is a gzip-compressed tar holding two members:

- ``manifest.json``: format and version, creation time, database engine, method, the payload's
  name, size and SHA-256, and the schema state (the migrations applied, per app);
- the payload, by method:
  ``sqlite``  a copy of the SQLite file made with SQLite's online backup API (a consistent
  snapshot, safe while the application writes);
  ``pg_dump`` a ``pg_dump --format=custom`` dump, taken inside the same snapshot that reads the
  schema state (used when pg_dump's major version matches the server's);
  ``serialized`` every row of every model serialized by Django (``operations/serialization.py``)
  inside one repeatable-read transaction (PostgreSQL without a matching pg_dump, or asked for).

Archives are written to a temporary file in the destination folder, fsynced and renamed, so a
half-written archive never carries the final name.
"""

import gzip
import hashlib
import io
import json
import os
import re
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from collections import defaultdict
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.core.management.color import no_style
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.backends.base.base import BaseDatabaseWrapper
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder

from operations import serialization

FORMAT = "datamed-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
PAYLOADS = {"sqlite": "database.sqlite3", "pg_dump": "database.pgdump", "serialized": "data.xml"}
ARCHIVE_NAME = re.compile(r"^datamed-backup-\d{8}T\d{6}\.\d{6}Z\.tar\.gz$")
TEMP_PREFIX = ".datamed-backup-"
CHUNK = 1024 * 1024

# Tables that `migrate` itself fills: a freshly migrated database still counts as empty.
SEEDED_BY_MIGRATE = {
    "contenttypes.contenttype",
    "auth.permission",
    "auth.group",
    "auth.group_permissions",
    "therapy.reglaadherencia",  # the default adherence rule of each EPS (therapy 0002)
    "careplan.versionprotocolo",  # the default protocols of SPEC §10 (careplan 0002)
    "careplan.itemprotocolo",
}

Schema = dict[str, list[str]]


class BackupError(Exception):
    """A backup or restore that must stop. The message is for the person running the command."""


# --- schema state ---------------------------------------------------------------------------


def applied_migrations(connection: BaseDatabaseWrapper) -> Schema:
    """The migrations recorded as applied in ``connection``'s database, per app."""
    schema: dict[str, list[str]] = defaultdict(list)
    for app, name in sorted(MigrationRecorder(connection).applied_migrations()):
        schema[app].append(name)
    return dict(schema)


def _known_migrations() -> set[tuple[str, str]]:
    """Every migration this code has on disk (squashed ones included)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    return set(loader.disk_migrations) | set(loader.replacements)


def _pairs(schema: Schema) -> set[tuple[str, str]]:
    return {(app, name) for app, names in schema.items() for name in names}


# --- backup ---------------------------------------------------------------------------------


def tool_major_version(tool: str) -> int | None:
    """Major version of a PostgreSQL client program on PATH, or None when it is missing."""
    path = shutil.which(tool)
    if path is None:
        return None
    result = subprocess.run([path, "--version"], capture_output=True, text=True, check=False)  # noqa: S603
    match = re.search(r"(\d+)(?:\.\d+)?", result.stdout)
    return int(match.group(1)) if result.returncode == 0 and match else None


def choose_method(connection: BaseDatabaseWrapper) -> str:
    if connection.vendor == "sqlite":
        return "sqlite"
    if connection.vendor == "postgresql":
        connection.ensure_connection()
        if tool_major_version("pg_dump") == connection.pg_version // 10000:
            return "pg_dump"
    return "serialized"


def _pg_env(connection: BaseDatabaseWrapper) -> dict[str, str]:
    """libpq environment for pg_dump/pg_restore: the password never appears on a command line."""
    config = connection.settings_dict
    env = dict(os.environ)
    for variable, value in {
        "PGHOST": config.get("HOST"),
        "PGPORT": config.get("PORT"),
        "PGUSER": config.get("USER"),
        "PGPASSWORD": config.get("PASSWORD"),
        "PGSSLMODE": config.get("OPTIONS", {}).get("sslmode"),
    }.items():
        if value:
            env[variable] = str(value)
    return env


def _run_pg_tool(tool: str, connection: BaseDatabaseWrapper, *args: str) -> None:
    path = shutil.which(tool)
    if path is None:
        raise BackupError(f"No se encontró {tool}: instale el cliente de PostgreSQL.")
    result = subprocess.run(  # noqa: S603 - fixed program, arguments built here
        [path, *args], env=_pg_env(connection), capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        raise BackupError(f"{tool} terminó con error: {result.stderr.strip()}")


def _set_repeatable_read(connection: BaseDatabaseWrapper) -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")


def _dump_sqlite(connection: BaseDatabaseWrapper, payload: Path) -> Schema:
    connection.ensure_connection()
    copy = sqlite3.connect(payload)
    try:
        with connection.wrap_database_errors:
            connection.connection.backup(copy)
        migrated = copy.execute("SELECT 1 FROM sqlite_master WHERE name = 'django_migrations'").fetchone()
        rows = (
            copy.execute("SELECT app, name FROM django_migrations ORDER BY app, name").fetchall()
            if migrated
            else []
        )
    finally:
        copy.close()
    schema: dict[str, list[str]] = defaultdict(list)
    for app, name in rows:
        schema[app].append(name)
    return dict(schema)


def _dump_pg(connection: BaseDatabaseWrapper, payload: Path) -> Schema:
    with transaction.atomic(using=connection.alias):
        _set_repeatable_read(connection)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
        schema = applied_migrations(connection)
        _run_pg_tool(
            "pg_dump",
            connection,
            "--format=custom",
            "--no-owner",
            "--no-privileges",
            f"--snapshot={snapshot}",
            f"--file={payload}",
            f"--dbname={connection.settings_dict['NAME']}",
        )
    return schema


def _dump_serialized(connection: BaseDatabaseWrapper, payload: Path) -> Schema:
    with transaction.atomic(using=connection.alias):
        _set_repeatable_read(connection)
        schema = applied_migrations(connection)
        serialization.dump(connection, payload)
    return schema


DUMPERS: dict[str, Callable[[BaseDatabaseWrapper, Path], Schema]] = {
    "sqlite": _dump_sqlite,
    "pg_dump": _dump_pg,
    "serialized": _dump_serialized,
}


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_archive(folder: Path, manifest: dict, payload: Path, created: datetime) -> Path:
    final = folder / f"datamed-backup-{created:%Y%m%dT%H%M%S.%f}Z.tar.gz"
    fd, temp_name = tempfile.mkstemp(dir=folder, prefix=TEMP_PREFIX, suffix=".part")
    try:
        with os.fdopen(fd, "wb") as raw:
            with tarfile.open(fileobj=raw, mode="w:gz") as tar:
                data = json.dumps(manifest, indent=2, ensure_ascii=False).encode()
                info = tarfile.TarInfo(MANIFEST)
                info.size, info.mtime = len(data), int(created.timestamp())
                tar.addfile(info, io.BytesIO(data))
                tar.add(payload, arcname=payload.name)
            raw.flush()
            os.fsync(raw.fileno())
        os.replace(temp_name, final)
        _fsync_dir(folder)
    except BaseException:
        Path(temp_name).unlink(missing_ok=True)
        raise
    return final


def create_backup(folder: Path, using: str = DEFAULT_DB_ALIAS, method: str | None = None) -> Path:
    """Write a new archive of every table of ``using`` into ``folder`` and return its path."""
    connection = connections[using]
    method = method or choose_method(connection)
    folder.mkdir(parents=True, exist_ok=True)
    created = datetime.now(UTC)
    with tempfile.TemporaryDirectory(dir=folder, prefix=TEMP_PREFIX) as work:
        payload = Path(work) / PAYLOADS[method]
        schema = DUMPERS[method](connection, payload)
        manifest = {
            "format": FORMAT,
            "version": FORMAT_VERSION,
            "created_at": created.isoformat(),
            "engine": connection.vendor,
            "method": method,
            "payload": payload.name,
            "size": payload.stat().st_size,
            "sha256": _sha256(payload),
            "migrations": schema,
        }
        return _write_archive(folder, manifest, payload, created)


def prune(folder: Path, keep: int) -> list[Path]:
    """Delete all but the ``keep`` newest archives of this project in ``folder``; other files stay."""
    archives = sorted(path for path in folder.iterdir() if ARCHIVE_NAME.match(path.name))
    doomed = archives[:-keep] if keep > 0 else archives
    for path in doomed:
        path.unlink()
    return doomed


# --- restore --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Archive:
    path: Path
    manifest: dict
    payload: Path

    @property
    def method(self) -> str:
        return self.manifest["method"]

    @property
    def schema(self) -> Schema:
        return self.manifest["migrations"]


def _damaged(path: Path) -> BackupError:
    return BackupError(
        f"El archivo {path.name} está dañado o incompleto (no coincide su suma de verificación "
        "o no se puede leer). No se restauró nada."
    )


@contextmanager
def opened_archive(path: Path) -> Iterator[Archive]:
    """Check ``path`` end to end and yield it with its payload extracted to a temporary folder."""
    if not path.is_file():
        raise BackupError(f"No existe el archivo de copia {path}.")
    with tempfile.TemporaryDirectory(prefix=TEMP_PREFIX) as work:
        try:
            with gzip.open(path, "rb") as stream:  # reads to the end: catches truncation and bad CRC
                while stream.read(CHUNK):
                    pass
            with tarfile.open(path, "r:gz") as tar:
                manifest = json.load(tar.extractfile(MANIFEST))
                if manifest.get("format") != FORMAT or manifest.get("payload") not in PAYLOADS.values():
                    raise ValueError("not a DataMed archive")
                payload = Path(work) / manifest["payload"]
                source = tar.extractfile(manifest["payload"])
                with payload.open("wb") as target:
                    shutil.copyfileobj(source, target, CHUNK)
        except (OSError, EOFError, tarfile.TarError, KeyError, TypeError, ValueError) as exc:
            raise _damaged(path) from exc
        if _sha256(payload) != manifest.get("sha256"):
            raise _damaged(path)
        yield Archive(path=path, manifest=manifest, payload=payload)


def _migrate_commands(archive_schema: Schema, target_schema: Schema) -> list[str]:
    commands = []
    for app in sorted(set(archive_schema) | set(target_schema)):
        if archive_schema.get(app, []) != target_schema.get(app, []):
            names = archive_schema.get(app)
            commands.append(f"python manage.py migrate {app} {names[-1] if names else 'zero'}")
    return commands


def has_user_data(connection: BaseDatabaseWrapper) -> bool:
    """True when any table holds rows other than those that ``migrate`` itself writes."""
    tables = set(connection.introspection.table_names())
    return any(
        model._base_manager.using(connection.alias).exists()
        for model in apps.get_models(include_auto_created=True)
        if model._meta.label_lower not in SEEDED_BY_MIGRATE and model._meta.db_table in tables
    )


def check_restorable(archive: Archive, connection: BaseDatabaseWrapper, replace: bool) -> None:
    """Refuse, before anything is written, every restore that could not finish cleanly."""
    name = archive.path.name
    unknown = sorted(_pairs(archive.schema) - _known_migrations())
    if unknown:
        listed = ", ".join(f"{app}.{migration}" for app, migration in unknown)
        raise BackupError(
            f"La copia {name} es de un esquema más nuevo que este código: contiene migraciones que "
            f"esta versión no tiene ({listed}). Restáurela con la versión de DataMed que la creó. "
            "No se restauró nada."
        )
    if archive.method == "sqlite" and connection.vendor != "sqlite":
        raise BackupError(f"La copia {name} es de SQLite y la base de destino no lo es. No se restauró nada.")
    if archive.method == "pg_dump" and connection.vendor != "postgresql":
        raise BackupError(
            f"La copia {name} es de PostgreSQL y la base de destino no lo es. No se restauró nada."
        )
    if "django_migrations" not in connection.introspection.table_names():
        raise BackupError("La base de destino no está migrada: ejecute primero `python manage.py migrate`.")
    commands = _migrate_commands(archive.schema, applied_migrations(connection))
    if commands:
        raise BackupError(
            "El esquema de la base de destino no es el de la copia. Lleve la base vacía al esquema de "
            "la copia, restaure y después ejecute `python manage.py migrate`:\n  " + "\n  ".join(commands)
        )
    if not replace and has_user_data(connection):
        raise BackupError(
            "La base de destino ya tiene datos. Restaure en una base nueva y migrada, o use "
            "--replace para reemplazar todo su contenido. No se restauró nada."
        )


def _load_sqlite(connection: BaseDatabaseWrapper, payload: Path) -> None:
    connection.ensure_connection()
    source = sqlite3.connect(payload)
    try:
        with connection.wrap_database_errors:
            source.backup(connection.connection)
    finally:
        source.close()


def _load_pg(connection: BaseDatabaseWrapper, payload: Path) -> None:
    connection.close()  # no session of ours may hold a lock on a table pg_restore drops
    _run_pg_tool(
        "pg_restore",
        connection,
        "--clean",
        "--if-exists",
        "--single-transaction",
        "--exit-on-error",
        "--no-owner",
        "--no-privileges",
        f"--dbname={connection.settings_dict['NAME']}",
        str(payload),
    )


LOADERS: dict[str, Callable[[BaseDatabaseWrapper, Path], None]] = {
    "sqlite": _load_sqlite,
    "pg_dump": _load_pg,
    "serialized": serialization.load,
}


def reset_sequences(connection: BaseDatabaseWrapper) -> None:
    """Move every PostgreSQL id sequence past the restored rows, so new rows get fresh ids."""
    if connection.vendor != "postgresql":
        return
    statements = connection.ops.sequence_reset_sql(no_style(), apps.get_models(include_auto_created=True))
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def restore_backup(
    path: Path,
    using: str = DEFAULT_DB_ALIAS,
    replace: bool = False,
    confirm: Callable[[Archive], bool] = lambda archive: True,
) -> dict:
    """Restore ``path`` into the database ``using``; return the archive's manifest.

    Every check runs before the first write; ``confirm`` is asked last and may cancel.
    """
    connection = connections[using]
    with opened_archive(Path(path)) as archive:
        check_restorable(archive, connection, replace)
        if not confirm(archive):
            raise BackupError("Restauración cancelada. No se restauró nada.")
        LOADERS[archive.method](connection, archive.payload)
        reset_sequences(connection)
        return archive.manifest
