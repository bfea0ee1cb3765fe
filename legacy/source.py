"""Read-only access to the database of an earlier DataMed installation (docs/legacy_schema.md).

It is another schema, not this project's models, so it is read with plain DB-API SQL: SQLite
opened with ``mode=ro`` (the file is never written) or PostgreSQL in a read-only transaction.
"""

import sqlite3
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import psycopg

from legacy import history
from legacy.records import RECORD_TABLES

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


#: this project's model of each legacy record table: a column the source's version did not have
#: yet is NULL where the field takes NULL, else the value the original's migration gave it
_MODELS = {spec.table: spec.model for spec in RECORD_TABLES}


def _literal(value) -> str:
    """A constant as SQL both databases read (numbers, text, NULL)."""
    if value is None:
        return "NULL"
    if isinstance(value, int | float):
        return repr(value)
    return "'" + str(value).replace("'", "''") + "'"


def _nullable(table: str, column: str) -> bool:
    model = _MODELS.get(table)
    if model is None:
        return False
    fields = {field.attname: field for field in model._meta.concrete_fields}
    return column in fields and fields[column].null


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
        #: the original's schema state the source is at (from its ``django_migrations``)
        self.version: history.Version = history.LATEST
        #: how that version names the columns docs/legacy_schema.md names
        self.map: history.ColumnMap = history.column_map(history.LATEST)
        #: what is odd in its migration history (unknown names, later migrations), in Spanish
        self.oddities: list[str] = []
        #: whether ``django_migrations`` named a version (else the last one is assumed)
        self.versioned = False
        #: table → the select list of ``rows`` (built once per table)
        self._selects: dict[str, str] = {}

    def columns(self, table: str) -> list[str]:
        cursor = self.connection.cursor()
        cursor.execute(f'SELECT * FROM "{table}" WHERE 1 = 0')  # noqa: S608 - fixed table names
        return [column[0] for column in cursor.description]

    def has_table(self, table: str) -> bool:
        """Whether the source's version has ``table`` (``auth_user`` is always there)."""
        return table not in self.map.missing_tables

    def _select(self, table: str) -> str:
        """The select list that reads ``table`` under docs/legacy_schema.md's names: a renamed column
        under its last name, a column the version did not have yet as a constant, a column the
        last version no longer has under its own name (the import keeps its values)."""
        if table not in self._selects:
            last_name = {then: now for now, then in self.map.names.get(table, {}).items()}
            present = self.columns(table)
            selected = [
                f'"{column}" AS "{last_name[column]}"' if column in last_name else f'"{column}"'
                for column in present
            ]
            for column in self.map.not_yet.get(table, {}):
                selected.append(f'{_literal(self.fill_value(table, column))} AS "{column}"')
            self._selects[table] = ", ".join(selected)
        return self._selects[table]

    def fill_value(self, table: str, column: str):
        """The value of a column the source's version did not have yet: NULL where this
        project's field takes NULL, else the value the original gave the rows it had when its
        migration added the column (what upgrading the original would have left there)."""
        return None if _nullable(table, column) else self.map.not_yet[table][column]

    def rows(self, table: str) -> Iterator[dict]:
        """Every row of ``table`` as a dict keyed by docs/legacy_schema.md's column names, in id
        order; none when the source's version had no such table yet."""
        if not self.has_table(table):
            return
        cursor = self.connection.cursor()
        cursor.execute(f'SELECT {self._select(table)} FROM "{table}" ORDER BY id')  # noqa: S608 - names from the schema
        names = [column[0] for column in cursor.description]
        for row in cursor.fetchall():
            yield dict(zip(names, row, strict=True))

    def detect_version(self) -> None:
        """Read the version from ``django_migrations``; without it (or without any migration of
        the original's apps) the source is checked as the last version."""
        try:
            cursor = self.connection.cursor()
            cursor.execute("SELECT app, name FROM django_migrations")
            applied = [(str(app), str(name)) for app, name in cursor.fetchall()]
        except (sqlite3.Error, psycopg.Error):
            self._reset()
            return
        version, oddities = history.version_of(applied)
        if version.patients == 0:
            return
        self.version, self.oddities, self.versioned = version, oddities, True
        self.map = history.column_map(version)

    def check_schema(self) -> None:
        """The tables and key columns the source's version had must be there."""
        missing = []
        for table, required in REQUIRED_COLUMNS.items():
            if not self.has_table(table):
                continue
            try:
                present = set(self.columns(table))
            except (sqlite3.Error, psycopg.Error):
                self._reset()
                missing.append(table)
                continue
            names = self.map.names.get(table, {})
            then = [
                names.get(column, column)
                for column in required
                if column not in self.map.not_yet.get(table, {})
            ]
            missing += [f"{table}.{column}" for column in then if column not in present]
        if missing:
            version = f" (su django_migrations indica {self.version})" if self.versioned else ""
            raise LegacySourceError(
                f"{self.description} no parece una base de DataMed (docs/legacy_schema.md){version}: "
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
        source.detect_version()
        source.check_schema()
    except LegacySourceError:
        source.close()
        raise
    return source
