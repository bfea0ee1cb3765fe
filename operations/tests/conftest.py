"""A second database beside the test database, to restore into, and a row-by-row snapshot."""

import copy
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS, connections
from django.db.utils import load_backend

from conftest import ensure_groups
from patients.counts import COUNT_TABLES


def _admin_sql(sql: str) -> None:
    with connections[DEFAULT_DB_ALIAS].cursor() as cursor:
        cursor.execute(sql)


@pytest.fixture
def scratch_database(transactional_db, tmp_path):
    """Factory of empty databases registered as connection aliases, migrated unless told.

    On PostgreSQL each is named after the test database (``<test db>_<alias>``), so parallel
    runs and CI never collide, and it is dropped afterwards (also one left by a crashed run).
    """
    made: list[str] = []
    default = connections[DEFAULT_DB_ALIAS]
    quote = default.ops.quote_name

    def make(migrated: bool = True) -> str:
        alias = f"scratch{len(made) + 1}"
        config = copy.deepcopy(default.settings_dict)
        if default.vendor == "sqlite":
            config["NAME"] = str(tmp_path / f"{alias}.sqlite3")
        else:
            config["NAME"] = f"{default.settings_dict['NAME']}_{alias}"
            _admin_sql(f"DROP DATABASE IF EXISTS {quote(config['NAME'])} WITH (FORCE)")
            _admin_sql(f"CREATE DATABASE {quote(config['NAME'])}")
        # Registered as a connection only, not in settings: Django's test case then treats it
        # as dynamically created and allows it (it refuses unlisted configured aliases).
        connections[alias] = load_backend(config["ENGINE"]).DatabaseWrapper(config, alias)
        made.append(alias)
        if migrated:
            call_command("migrate", database=alias, verbosity=0, stdout=StringIO())
        return alias

    yield make
    for alias in made:
        name = connections[alias].settings_dict["NAME"]
        connections[alias].close()
        del connections[alias]
        if default.vendor == "postgresql":
            _admin_sql(f"DROP DATABASE IF EXISTS {quote(name)} WITH (FORCE)")


#: SQLite's full-text search index of patients (patients 0004): its shadow tables hold index
#: segments whose layout depends on insertion order; the index is rebuilt by its triggers from
#: the restored patients, which are compared row by row. Its readable table is compared.
SEARCH_INDEX_INTERNALS = tuple(
    f"patients_patient_search_{part}" for part in ("data", "idx", "docsize", "config", "content")
)


def _every_row_sql(connection, table: str) -> str:
    """django_migrations as its (app, name) pairs only (a serialized restore keeps the target's
    own migration records, with their own ids and dates); the cycle counts as their non-zero
    counts per key (a serialized restore recounts them, into rows of its own)."""
    if table == "django_migrations":
        return "SELECT app, name FROM django_migrations"
    counted = {count.name: count for count in COUNT_TABLES}
    if table in counted:
        return f"SELECT {counted[table].columns}, total FROM {table} WHERE total <> 0"  # noqa: S608
    return f"SELECT * FROM {connection.ops.quote_name(table)}"  # noqa: S608


def table_rows(alias: str = DEFAULT_DB_ALIAS) -> dict[str, list[tuple]]:
    """Every row of every table, sorted (see ``_every_row_sql``)."""
    connection = connections[alias]
    rows = {}
    with connection.cursor() as cursor:
        for table in sorted(connection.introspection.table_names(cursor)):
            if table.startswith(SEARCH_INDEX_INTERNALS):
                continue
            cursor.execute(_every_row_sql(connection, table))
            rows[table] = sorted(cursor.fetchall(), key=repr)
    return rows


@pytest.fixture
def demo_data(transactional_db):
    """The demo data set, small: patients, cycles, every record type, users in every group."""
    ensure_groups()
    call_command("seed_demo", patients=4, stdout=StringIO())
