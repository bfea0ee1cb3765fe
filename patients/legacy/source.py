"""Read-only access to the database of an earlier DataMed installation (LEGACY_SCHEMA.md).

It is another schema, not this project's models, so it is read with plain DB-API SQL: SQLite
opened with ``mode=ro`` (the file is never written) or PostgreSQL in a read-only transaction.
"""

import sqlite3
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import psycopg

from patients.legacy.records import RECORD_TABLES

#: columns the importer needs, per table: a source without them is not a DataMed database
REQUIRED_COLUMNS: dict[str, tuple[str, ...]] = {
    "auth_user": ("id", "username", "first_name", "last_name", "email", "is_staff", "is_superuser"),
    "patients_patient": ("id", "tipo_documento", "documento", "departamento", "ciudad"),
    "patients_ingreso": ("id", "paciente_id", "fecha_inicio", "fecha_fin", "estado", "motivo"),
    **{spec.table: ("id", "ingreso_id", "registrado_por_id", "created_at") for spec in RECORD_TABLES},
    "exams_seguimiento": (
        "id",
        "ingreso_id",
        "registrado_por_id",
        "created_at",
        "fecha_atencion",
        "tipo_servicio",
    ),
}


class LegacySourceError(Exception):
    """The source cannot be read as a DataMed database; the message is for the user."""


class LegacySource:
    """An open, read-only connection to the legacy database."""

    def __init__(self, connection, description: str, name: str):
        self.connection = connection
        #: the source in a sentence of an error message ("El archivo …", "La base …")
        self.description = description
        #: the source as shown in the summary, without credentials
        self.name = name

    def columns(self, table: str) -> list[str]:
        cursor = self.connection.cursor()
        cursor.execute(f'SELECT * FROM "{table}" WHERE 1 = 0')  # noqa: S608 - fixed table names
        return [column[0] for column in cursor.description]

    def rows(self, table: str) -> Iterator[dict]:
        """Every row of ``table`` as a dict, in id order."""
        cursor = self.connection.cursor()
        cursor.execute(f'SELECT * FROM "{table}" ORDER BY id')  # noqa: S608 - fixed table names
        names = [column[0] for column in cursor.description]
        for row in cursor.fetchall():
            yield dict(zip(names, row, strict=True))

    def check_schema(self) -> None:
        missing = []
        for table, required in REQUIRED_COLUMNS.items():
            try:
                present = set(self.columns(table))
            except (sqlite3.Error, psycopg.Error):
                self._reset()
                missing.append(table)
                continue
            missing += [f"{table}.{column}" for column in required if column not in present]
        if missing:
            raise LegacySourceError(
                f"{self.description} no parece una base de DataMed (LEGACY_SCHEMA.md): "
                f"faltan {', '.join(missing)}."
            )

    def _reset(self) -> None:
        """PostgreSQL aborts the transaction after an error; start a new read-only one."""
        if isinstance(self.connection, psycopg.Connection):
            self.connection.rollback()

    def close(self) -> None:
        if isinstance(self.connection, psycopg.Connection):
            self.connection.rollback()
        self.connection.close()


def _sqlite_path(spec: str) -> Path:
    """A plain path, or ``sqlite:///relative`` / ``sqlite:////absolute`` as in DATABASE_URL."""
    if spec.startswith("sqlite:"):
        return Path(urllib.parse.unquote(spec.removeprefix("sqlite:").removeprefix("//").removeprefix("/")))
    return Path(spec)


def _open_sqlite(spec: str) -> LegacySource:
    path = _sqlite_path(spec).resolve()
    if not path.is_file():
        raise LegacySourceError(f"No existe el archivo de origen {path}.")
    connection = sqlite3.connect(f"file:{urllib.parse.quote(str(path))}?mode=ro", uri=True)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as error:
        connection.close()
        raise LegacySourceError(f"El archivo {path} no es una base de datos SQLite ({error}).") from error
    return LegacySource(connection, f"El archivo {path}", str(path))


def _open_postgres(spec: str) -> LegacySource:
    try:
        connection = psycopg.connect(spec, autocommit=False)
    except psycopg.Error as error:
        raise LegacySourceError(f"No se pudo conectar a la base de origen: {error}".strip()) from None
    connection.read_only = True
    parts = urllib.parse.urlsplit(spec)
    host = f"{parts.hostname or ''}{f':{parts.port}' if parts.port else ''}"
    shown = urllib.parse.urlunsplit(parts._replace(netloc=host, query=""))
    return LegacySource(connection, f"La base {shown}", shown)


def open_source(spec: str) -> LegacySource:
    """Open ``spec`` (SQLite path, ``sqlite:///…`` or ``postgres://…``) and check its schema."""
    is_postgres = spec.startswith(("postgres://", "postgresql://"))
    source = _open_postgres(spec) if is_postgres else _open_sqlite(spec)
    try:
        source.check_schema()
    except LegacySourceError:
        source.close()
        raise
    return source
