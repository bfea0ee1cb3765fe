"""Cycle counts kept by the database (``CycleCountByGroup``, ``CycleCountByStart``).

Each count table holds, per key (the state and one or two more columns of the cycle), how many
cycles have it. Triggers on ``patients_ingreso`` add and subtract in the statement that
inserts, deletes or updates cycles, so no code path (views, admin, API, imports, migrations'
data steps, SQL typed by hand) can leave them behind:

- PostgreSQL: one statement-level trigger per event with transition tables: a statement that
  writes 100,000 cycles adds its changes up per key and writes each key once (a row-level
  trigger would update the same count row 100,000 times). An update that moves no cycle
  between keys (a new attention date, a summary) writes nothing, so it takes no lock.
- SQLite: row-level triggers (a single writer at a time). SQLite drops a table's triggers when a
  migration rebuilds the table, so ``ensure_cycle_counts`` runs after every ``migrate``
  (``post_migrate``), recreates what is missing and rebuilds the counts.

A deleted cycle whose count row is missing changes nothing on SQLite: Django empties the tables
one by one (``flush``), the counts possibly before the cycles.

Rows whose count falls to zero are kept; readers sum, so they weigh nothing.
``manage.py refresh_cycle_summaries`` rebuilds the counts, ``--check`` verifies them.
"""

from django.db import transaction

CYCLES = "patients_ingreso"
#: Count table → the cycle columns it counts by. Constant identifiers: no user input reaches
#: the SQL below. Migrations use this module, so it must not depend on the current models.
COUNT_TABLES = {
    "patients_cycle_count_group": ("estado", "entidad_salud", "programa"),
    "patients_cycle_count_start": ("estado", "fecha_inicio"),
}
EVENTS = {"ai": "INSERT", "ad": "DELETE", "au": "UPDATE"}


def _columns(key: tuple[str, ...], row: str = "") -> str:
    return ", ".join(f"{row}{column}" for column in key)


def _sqlite_triggers(table: str, key: tuple[str, ...]) -> dict[str, str]:
    add = (
        f"INSERT INTO {table} ({_columns(key)}, total) VALUES ({_columns(key, 'new.')}, 1) "
        f"ON CONFLICT ({_columns(key)}) DO UPDATE SET total = total + 1;"
    )
    match_old = " AND ".join(f"{column} = old.{column}" for column in key)
    subtract = f"UPDATE {table} SET total = total - 1 WHERE {match_old};"
    moved = " OR ".join(f"old.{column} IS NOT new.{column}" for column in key)
    return {
        f"{table}_ai": f"AFTER INSERT ON {CYCLES} BEGIN {add} END",
        f"{table}_ad": f"AFTER DELETE ON {CYCLES} BEGIN {subtract} END",
        f"{table}_au": (
            f"AFTER UPDATE OF {_columns(key)} ON {CYCLES} WHEN {moved} BEGIN {subtract} {add} END"
        ),
    }


def _pg_upsert(table: str, key: tuple[str, ...], changes: str) -> str:
    """Add up ``changes`` (rows of the key's columns and ``change``, ±1) per key, and apply the
    non-zero sums in key order (concurrent writers lock the count rows in the same order)."""
    return (
        f"INSERT INTO {table} ({_columns(key)}, total) "
        f"SELECT {_columns(key)}, SUM(change) FROM ({changes}) AS changes "
        f"GROUP BY {_columns(key)} HAVING SUM(change) <> 0 ORDER BY {_columns(key)} "
        f"ON CONFLICT ({_columns(key)}) DO UPDATE SET total = {table}.total + EXCLUDED.total;"
    )


def _pg_function(table: str, key: tuple[str, ...]) -> str:
    added = f"SELECT {_columns(key)}, 1 AS change FROM new_rows"
    removed = f"SELECT {_columns(key)}, -1 AS change FROM old_rows"
    return (
        f"CREATE OR REPLACE FUNCTION {table}_apply() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN "
        f"IF TG_OP = 'INSERT' THEN {_pg_upsert(table, key, added)} "
        f"ELSIF TG_OP = 'DELETE' THEN {_pg_upsert(table, key, removed)} "
        f"ELSE {_pg_upsert(table, key, added + ' UNION ALL ' + removed)} "
        f"END IF; RETURN NULL; END $$"
    )


def _pg_triggers(table: str) -> dict[str, str]:
    transition = {
        "INSERT": "NEW TABLE AS new_rows",
        "DELETE": "OLD TABLE AS old_rows",
        "UPDATE": "OLD TABLE AS old_rows NEW TABLE AS new_rows",
    }
    return {
        f"{table}_{suffix}": (
            f"AFTER {event} ON {CYCLES} REFERENCING {transition[event]} "
            f"FOR EACH STATEMENT EXECUTE FUNCTION {table}_apply()"
        )
        for suffix, event in EVENTS.items()
    }


def _triggers(vendor: str) -> dict[str, str]:
    """Every count trigger's name → its definition after ``CREATE TRIGGER name``."""
    triggers = {}
    for table, key in COUNT_TABLES.items():
        triggers.update(_sqlite_triggers(table, key) if vendor == "sqlite" else _pg_triggers(table))
    return triggers


def _present_triggers(cursor, vendor: str) -> set[str]:
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [CYCLES])
    else:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal", [CYCLES]
        )
    return {row[0] for row in cursor.fetchall()}


def rebuild(connection) -> None:
    """Recount every cycle into the count tables, in one transaction. On PostgreSQL, writes of
    cycles wait for it (a ``SHARE`` lock), so none is counted twice or missed."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {CYCLES} IN SHARE MODE")
        for table, key in COUNT_TABLES.items():
            cursor.execute(f"DELETE FROM {table}")
            cursor.execute(
                f"INSERT INTO {table} ({_columns(key)}, total) "
                f"SELECT {_columns(key)}, COUNT(*) FROM {CYCLES} GROUP BY {_columns(key)}"
            )


def ensure_cycle_counts(connection) -> bool:
    """Create the count triggers that are missing, then rebuild the counts. True if it acted."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return False
    with connection.cursor() as cursor:
        tables = set(connection.introspection.table_names(cursor))
        if CYCLES not in tables or not set(COUNT_TABLES) <= tables:
            return False
        missing = {
            name: body
            for name, body in _triggers(connection.vendor).items()
            if name not in _present_triggers(cursor, connection.vendor)
        }
        if not missing:
            return False
        with transaction.atomic(using=connection.alias):
            if connection.vendor == "postgresql":
                for table, key in COUNT_TABLES.items():
                    cursor.execute(_pg_function(table, key))
            for name, body in missing.items():
                cursor.execute(f"CREATE TRIGGER {name} {body}")
            rebuild(connection)
    return True


def drop_cycle_counts(connection) -> None:
    """Remove the triggers (and PostgreSQL's functions): the reverse of ``ensure_cycle_counts``."""
    with connection.cursor() as cursor:
        for name in _triggers(connection.vendor):
            on_table = "" if connection.vendor == "sqlite" else f" ON {CYCLES}"
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}{on_table}")
        if connection.vendor == "postgresql":
            for table in COUNT_TABLES:
                cursor.execute(f"DROP FUNCTION IF EXISTS {table}_apply()")


def differences(connection) -> list[tuple[str, tuple, int, int]]:
    """Every key whose stored count differs from a recount: (table, key values, stored, recounted)."""
    found = []
    with connection.cursor() as cursor:
        for table, key in COUNT_TABLES.items():
            cursor.execute(f"SELECT {_columns(key)}, total FROM {table} WHERE total <> 0")
            stored = {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}
            cursor.execute(f"SELECT {_columns(key)}, COUNT(*) FROM {CYCLES} GROUP BY {_columns(key)}")
            recounted = {tuple(row[:-1]): row[-1] for row in cursor.fetchall()}
            for values in sorted(stored.keys() | recounted.keys(), key=str):
                if stored.get(values, 0) != recounted.get(values, 0):
                    found.append((table, values, stored.get(values, 0), recounted.get(values, 0)))
    return found
