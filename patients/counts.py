"""Counts of cycles and patients kept by the database (the ``DatabaseCount`` models).

Each count table holds, per key (the cycle's state and one or two values of the cycle: its EPS
and program, start date, latest usage with the share of nights its EPS's rule asks, the date its no-attention alert counts from, its device
verdict and last night with data, or the initial of its patient's surname; or the patient's EPS
and program), how many cycles (or patients) have it. Triggers on ``patients_ingreso`` (and
``patients_patient``) add and subtract in the statement that writes the rows, so no code path
(views, admin, API, imports, migrations' data steps, SQL typed by hand) can leave them behind:

- PostgreSQL: one statement-level trigger per event with transition tables: a statement that
  writes 100,000 cycles adds its changes up per key and writes each key once (a row-level
  trigger would update the same count row 100,000 times). An update that moves no cycle
  between keys writes nothing, so it takes no lock. One that does (an admission, a closure, a
  new attention date) holds its count rows until it commits: concurrent writes of the same key
  wait for each other, an import of many cycles for the whole import.
- SQLite: row-level triggers (a single writer at a time). SQLite drops a table's triggers when a
  migration rebuilds the table, so ``ensure_cycle_counts`` runs after every ``migrate``
  (``post_migrate``), recreates what is missing and rebuilds the counts.

A deleted cycle whose count row is missing changes nothing on SQLite. Django's ``flush`` empties
the tables one by one in no set order, the counts possibly before the cycles, so the totals of
cycles deleted after them go negative: the project's ``flush`` command recounts afterwards.

Rows whose count falls to zero are kept; readers sum, so they weigh nothing.
``manage.py refresh_cycle_summaries`` rebuilds the counts, ``--check`` verifies them.
"""

import datetime
import decimal
import string
from dataclasses import dataclass

from django.db import migrations, transaction

CYCLES = "patients_ingreso"
PATIENTS = "patients_patient"
#: The usage count's key for a cycle never monitored (a usage is a percentage, 0..100).
NEVER_MONITORED = -1
#: The device count's key for a cycle without a night of device data (before any real night).
NO_DEVICE_NIGHT = datetime.date(1, 1, 1)
#: The initial count's key for a cycle: the greatest letter A..Z its patient's surname sorts at
#: or after, by the column's own comparison (so the keys sort as the surnames do, whatever the
#: database's collation), or '' for a surname before "A".
SURNAME_INITIAL = (
    "CASE "
    + " ".join(
        f"WHEN {{row}}apellido >= '{letter}' THEN '{letter}'" for letter in reversed(string.ascii_uppercase)
    )
    + " ELSE '' END"
)


@dataclass(frozen=True)
class CountTable:
    """A count table: its key columns, each an SQL expression over the columns of a row of
    ``source`` (written with ``{row}`` before every column), and the columns those read."""

    name: str
    key: dict[str, str]
    reads: tuple[str, ...]
    source: str = CYCLES

    def expressions(self, row: str = "") -> list[str]:
        """The key's values for the cycle row ``row`` (``new.``, ``old.``, or none)."""
        return [expression.format(row=row) for expression in self.key.values()]

    def values(self, row: str = "") -> str:
        return ", ".join(self.expressions(row))

    @property
    def columns(self) -> str:
        return ", ".join(self.key)


def _plain(*columns: str) -> dict[str, str]:
    return {column: "{row}" + column for column in columns}


#: Constant identifiers and expressions: no user input reaches the SQL below. Migrations use
#: this module, so it must not depend on the current models.
COUNT_TABLES = (
    CountTable(
        "patients_cycle_count_group",
        _plain("estado", "entidad_salud", "programa"),
        reads=("estado", "entidad_salud", "programa"),
    ),
    CountTable(
        "patients_cycle_count_start", _plain("estado", "fecha_inicio"), reads=("estado", "fecha_inicio")
    ),
    CountTable(
        "patients_cycle_count_usage",
        {
            **_plain("estado"),
            "uso_ultimo_monitoreo": f"COALESCE({{row}}uso_ultimo_monitoreo, {NEVER_MONITORED})",
            "umbral_adherencia": "{row}umbral_adherencia",
        },
        reads=("estado", "uso_ultimo_monitoreo", "umbral_adherencia"),
    ),
    CountTable(
        "patients_cycle_count_attention",
        {**_plain("estado"), "referencia_atencion": "COALESCE({row}ultima_atencion, {row}fecha_inicio)"},
        reads=("estado", "ultima_atencion", "fecha_inicio"),
    ),
    CountTable(
        "patients_cycle_count_device",
        {
            **_plain("estado", "veredicto_equipo"),
            "ultima_noche_equipo": f"COALESCE({{row}}ultima_noche_equipo, '{NO_DEVICE_NIGHT.isoformat()}')",
        },
        reads=("estado", "veredicto_equipo", "ultima_noche_equipo"),
    ),
    CountTable(
        "patients_cycle_count_initial",
        {**_plain("estado"), "inicial": SURNAME_INITIAL},
        reads=("estado", "apellido"),
    ),
    CountTable(
        "patients_patient_count_group",
        _plain("entidad_salud", "programa"),
        reads=("entidad_salud", "programa"),
        source=PATIENTS,
    ),
)
SOURCES = tuple(dict.fromkeys(table.source for table in COUNT_TABLES))
EVENTS = {"ai": "INSERT", "ad": "DELETE", "au": "UPDATE"}


def _sqlite_triggers(table: CountTable) -> dict[str, str]:
    add = (
        f"INSERT INTO {table.name} ({table.columns}, total) VALUES ({table.values('new.')}, 1) "
        f"ON CONFLICT ({table.columns}) DO UPDATE SET total = total + 1;"
    )
    old, new = table.expressions("old."), table.expressions("new.")
    match_old = " AND ".join(f"{column} = {value}" for column, value in zip(table.key, old, strict=True))
    subtract = f"UPDATE {table.name} SET total = total - 1 WHERE {match_old};"
    moved = " OR ".join(f"{before} IS NOT {after}" for before, after in zip(old, new, strict=True))
    return {
        f"{table.name}_ai": f"AFTER INSERT ON {table.source} BEGIN {add} END",
        f"{table.name}_ad": f"AFTER DELETE ON {table.source} BEGIN {subtract} END",
        f"{table.name}_au": (
            f"AFTER UPDATE OF {', '.join(table.reads)} ON {table.source} "
            f"WHEN {moved} BEGIN {subtract} {add} END"
        ),
    }


def _pg_upsert(table: CountTable, changes: str) -> str:
    """Add up ``changes`` (rows of the key's columns and ``change``, ±1) per key, and apply the
    non-zero sums in key order (concurrent writers lock the count rows in the same order)."""
    return (
        f"INSERT INTO {table.name} ({table.columns}, total) "
        f"SELECT {table.columns}, SUM(change) FROM ({changes}) AS changes "
        f"GROUP BY {table.columns} HAVING SUM(change) <> 0 ORDER BY {table.columns} "
        f"ON CONFLICT ({table.columns}) DO UPDATE SET total = {table.name}.total + EXCLUDED.total;"
    )


def _pg_function(table: CountTable) -> str:
    key = ", ".join(
        f"{value} AS {column}" for column, value in zip(table.key, table.expressions(), strict=True)
    )
    added = f"SELECT {key}, 1 AS change FROM new_rows"
    removed = f"SELECT {key}, -1 AS change FROM old_rows"
    return (
        f"CREATE OR REPLACE FUNCTION {table.name}_apply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP = 'INSERT' THEN {_pg_upsert(table, added)} "
        f"ELSIF TG_OP = 'DELETE' THEN {_pg_upsert(table, removed)} "
        f"ELSE {_pg_upsert(table, added + ' UNION ALL ' + removed)} "
        f"END IF; RETURN NULL; END $$"
    )


def _pg_triggers(table: CountTable) -> dict[str, str]:
    transition = {
        "INSERT": "NEW TABLE AS new_rows",
        "DELETE": "OLD TABLE AS old_rows",
        "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    }
    return {
        f"{table.name}_{suffix}": (
            f"AFTER {event} ON {table.source} REFERENCING {transition[event]} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table.name}_apply()"
        )
        for suffix, event in EVENTS.items()
    }


def _triggers(vendor: str, tables: tuple[CountTable, ...]) -> dict[str, str]:
    """The count triggers of ``tables``: name → definition after ``CREATE TRIGGER name``."""
    triggers = {}
    for table in tables:
        triggers.update(_sqlite_triggers(table) if vendor == "sqlite" else _pg_triggers(table))
    return triggers


def _columns(connection, cursor, table: str) -> set[str]:
    return {column.name for column in connection.introspection.get_table_description(cursor, table)}


def _present_triggers(cursor, vendor: str) -> set[str]:
    present = set()
    for source in SOURCES:
        if vendor == "sqlite":
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [source]
            )
        else:
            cursor.execute(
                "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal", [source]
            )
        present.update(row[0] for row in cursor.fetchall())
    return present


def _recount(table: CountTable) -> str:
    return f"SELECT {table.values()}, COUNT(*) FROM {table.source} GROUP BY {table.values()}"


def rebuild(connection, tables: tuple[CountTable, ...] = COUNT_TABLES) -> None:
    """Recount every cycle into the count tables, in one transaction. On PostgreSQL, writes of
    cycles wait for it (a ``SHARE`` lock), so none is counted twice or missed."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {', '.join(SOURCES)} IN SHARE MODE")
        for table in tables:
            cursor.execute(f"DELETE FROM {table.name}")
            cursor.execute(f"INSERT INTO {table.name} ({table.columns}, total) {_recount(table)}")


def _present_tables(connection, cursor) -> tuple[CountTable, ...]:
    """The count tables a migration has created so far (each comes with its migration), whose
    source has the columns the key reads (a rollback may have renamed one)."""
    existing = set(connection.introspection.table_names(cursor))
    return tuple(
        table
        for table in COUNT_TABLES
        if {table.name, table.source} <= existing
        and set(table.reads) <= _columns(connection, cursor, table.source)
    )


def rebuild_present(connection) -> None:
    """Recount the count tables the database has so far (after ``flush``, for one)."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return
    with connection.cursor() as cursor:
        tables = _present_tables(connection, cursor)
    rebuild(connection, tables)


def ensure_cycle_counts(connection) -> bool:
    """Create the count triggers that are missing, then rebuild the counts. True if it acted."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return False
    with connection.cursor() as cursor:
        tables = _present_tables(connection, cursor)
        present = _present_triggers(cursor, connection.vendor)
        triggers = _triggers(connection.vendor, tables)
        missing = {name: body for name, body in triggers.items() if name not in present}
        if not missing:
            return False
        with transaction.atomic(using=connection.alias):
            install(connection, tables, only=set(missing))
            rebuild(connection, tables)
    return True


def install(connection, tables: tuple[CountTable, ...], only: set[str] | None = None) -> None:
    """Create the triggers of ``tables`` (those named in ``only``, if given) and PostgreSQL's
    functions, without recounting. Migrations that change a count table's key use it with the
    table's definition of their time."""
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            for table in tables:
                cursor.execute(_pg_function(table))
        for name, body in _triggers(connection.vendor, tables).items():
            if only is None or name in only:
                cursor.execute(f"CREATE TRIGGER {name} {body}")


def drop_cycle_counts(connection, names: tuple[str, ...] | None = None, source: str | None = None) -> None:
    """Remove the triggers (and PostgreSQL's functions) of the count tables ``names`` (all by
    default; only those on the table ``source``, if given): the reverse of
    ``ensure_cycle_counts``."""
    with connection.cursor() as cursor:
        for table in COUNT_TABLES:
            if (names is not None and table.name not in names) or source not in (None, table.source):
                continue
            for suffix in EVENTS:
                on_table = "" if connection.vendor == "sqlite" else f" ON {table.source}"
                cursor.execute(f"DROP TRIGGER IF EXISTS {table.name}_{suffix}{on_table}")
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP FUNCTION IF EXISTS {table.name}_apply()")


def _by_key(rows) -> dict[tuple, int]:
    """Rows of (key values..., count) by key. SQLite gives the same date as a date from a
    column and as text from an expression, a usage as an integer or a real: keys compare as
    text and decimals."""

    def comparable(value):
        if isinstance(value, datetime.date):
            return value.isoformat()
        if isinstance(value, int | float | decimal.Decimal):
            return decimal.Decimal(str(value))
        return value

    return {tuple(comparable(value) for value in row[:-1]): row[-1] for row in rows}


def differences(connection) -> list[tuple[str, tuple, int, int]]:
    """Every key whose stored count differs from a recount: (table, key values, stored, recounted)."""
    found = []
    with connection.cursor() as cursor:
        for table in COUNT_TABLES:
            cursor.execute(f"SELECT {table.columns}, total FROM {table.name} WHERE total <> 0")
            stored = _by_key(cursor.fetchall())
            cursor.execute(_recount(table))
            recounted = _by_key(cursor.fetchall())
            for values in sorted(stored.keys() | recounted.keys(), key=str):
                if stored.get(values, 0) != recounted.get(values, 0):
                    found.append((table.name, values, stored.get(values, 0), recounted.get(values, 0)))
    return found


def migration_step(names: tuple[str, ...] | None = None) -> migrations.RunPython:
    """The step of a migration that creates count tables: it installs the triggers of every
    count table created so far and recounts them; reversed, it removes the triggers of
    ``names`` (all by default), before the tables go."""

    def forwards(apps, schema_editor):
        ensure_cycle_counts(schema_editor.connection)

    def backwards(apps, schema_editor):
        drop_cycle_counts(schema_editor.connection, names=names)

    return migrations.RunPython(forwards, backwards, elidable=False)
