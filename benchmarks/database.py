"""The benchmark's own database: created next to the configured one, never the same.

SQLite: a file ``<name>.sqlite3`` in ``DATA_DIR``. PostgreSQL: a database ``<name>`` on the
configured server. The default connection is pointed at it the way Django's test runner
points it at the test database, then migrated.
"""

import os

from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, connection

from patients.models import Ingreso, Patient


def default_name(patients: int) -> str:
    return f"bench_{connection.settings_dict['NAME'].rsplit('/', 1)[-1].split('.')[0]}_{patients}"


def _server_execute(sql: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(sql)


def _pg_exists(name: str) -> bool:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


def _sqlite_path(name: str):
    return settings.DATA_DIR / f"{name}.sqlite3"


def exists(name: str) -> bool:
    """Whether the benchmark database ``name`` has been created (by an earlier run)."""
    if connection.vendor == "postgresql":
        return _pg_exists(name)
    return _sqlite_path(name).exists()


def switch_to(name: str) -> None:
    """Point the default connection at the existing benchmark database ``name``."""
    connection.close()
    connection.settings_dict["NAME"] = name if connection.vendor == "postgresql" else str(_sqlite_path(name))


def use_database(name: str, reuse: bool) -> bool:
    """Point the default connection at the benchmark database ``name`` (created or, with
    ``reuse``, kept) and migrate it. Returns True when it already holds a data set."""
    if connection.settings_dict["NAME"] == name:
        raise ValueError("La base de la medición no puede ser la base configurada.")
    connection.close()
    if connection.vendor == "postgresql":
        quoted = connection.ops.quote_name(name)
        if not reuse and _pg_exists(name):
            _server_execute(f"DROP DATABASE {quoted}")
        if not _pg_exists(name):
            _server_execute(f"CREATE DATABASE {quoted}")
    elif not reuse:
        _sqlite_path(name).unlink(missing_ok=True)
    switch_to(name)
    call_command("migrate", verbosity=0, interactive=False)
    return Patient.objects.exists()


def describe() -> str:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SHOW server_version")
            return f"PostgreSQL {cursor.fetchone()[0]} (base {connection.settings_dict['NAME']})"
    import sqlite3

    return f"SQLite {sqlite3.sqlite_version} (archivo {connection.settings_dict['NAME']})"


def analyze() -> None:
    """The planner statistics a deployment keeps (``manage.py update_statistics`` runs on each
    release and nightly; autovacuum does it on PostgreSQL), gathered after the bulk load."""
    from operations.statistics import update_statistics

    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM")  # the visibility map: index-only scans after a bulk load
    update_statistics()


def compact() -> None:
    """PostgreSQL: rebuild the cycles table and its indexes after the bulk load. The load
    writes every cycle twice (inserted, then its summaries set by one UPDATE of them all, as
    any bulk loader must); PostgreSQL keeps both versions until vacuumed, which leaves the table
    and each of its indexes about twice their size and half empty: at 100,000 patients the
    dashboard took 120 ms on them against 78 ms rebuilt. A database restored from a backup
    has its indexes built anew, like these. (SQLite updates in place: measured no difference.)"""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"VACUUM FULL {connection.ops.quote_name(Ingreso._meta.db_table)}")


def settle() -> None:
    """Have the freshly written data reach the disk before measuring: otherwise the machine's
    write-back of a new database (~450 MB at 100,000 patients) competes with the first pages."""
    if connection.vendor == "postgresql":
        try:
            with connection.cursor() as cursor:
                cursor.execute("CHECKPOINT")
        except DatabaseError:  # needs a superuser (or pg_checkpoint); the sync below still helps
            pass
    os.sync()
