"""The benchmark's own database: created next to the configured one, never the same.

SQLite: a file ``<name>.sqlite3`` in ``DATA_DIR``. PostgreSQL: a database ``<name>`` on the
configured server. The default connection is pointed at it the way Django's test runner
points it at the test database, then migrated.
"""

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from patients.models import Patient


def default_name(patients: int) -> str:
    return f"bench_{connection.settings_dict['NAME'].rsplit('/', 1)[-1].split('.')[0]}_{patients}"


def _server_execute(sql: str) -> None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(sql)


def _pg_exists(name: str) -> bool:
    with connection._nodb_cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
        return cursor.fetchone() is not None


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
        connection.settings_dict["NAME"] = name
    else:
        path = settings.DATA_DIR / f"{name}.sqlite3"
        if not reuse:
            path.unlink(missing_ok=True)
        connection.settings_dict["NAME"] = str(path)
    connection.close()
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
