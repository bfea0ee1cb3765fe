"""Counts of plan items kept by the database, for the worklist's totals and the dashboard's
care-plan figures.

At 100,000 patients a program has millions of plan items: counting the overdue ones per
discipline, or the closed windows of six months per EPS and program, reads hundreds of
thousands of rows per request. These tables hold, per key (a day a window closes and the
columns the figures group by), how many items have it; triggers on ``careplan_itemplan`` keep
them in the statement that writes the items, with the machinery of ``patients/counts.py``
(statement-level triggers with transition tables on PostgreSQL, row-level ones on SQLite). The
figures then add up a few thousand count rows.

SQLite drops a table's triggers when a migration rebuilds it: ``ensure`` runs after every
``migrate``. ``manage.py refresh_care_plans`` recounts them, ``--check`` verifies them.
"""

from django.db import transaction

from patients.counts import EVENTS, CountTable

SOURCE = "careplan_itemplan"

#: Constant identifiers and expressions: no user input reaches the SQL below.
TABLES = (
    CountTable(
        "careplan_count_worklist",
        {
            "abierto": "{row}abierto",
            "disciplina": "{row}disciplina",
            "entidad_salud": "{row}entidad_salud",
            "programa": "{row}programa",
            "ventana_inicio": "{row}ventana_inicio",
            "ventana_fin": "{row}ventana_fin",
        },
        reads=("abierto", "disciplina", "entidad_salud", "programa", "ventana_inicio", "ventana_fin"),
        source=SOURCE,
    ),
    CountTable(
        "careplan_count_compliance",
        {
            "entidad_salud": "{row}entidad_salud",
            "programa": "{row}programa",
            "ventana_fin": "{row}ventana_fin",
            "cumplido": "CASE WHEN {row}cumplido_el IS NULL THEN 0 ELSE 1 END",
            "excusado": "CASE WHEN {row}no_aplica = '' THEN 0 ELSE 1 END",
        },
        reads=("entidad_salud", "programa", "ventana_fin", "cumplido_el", "no_aplica"),
        source=SOURCE,
    ),
)


def _trigger_names() -> list[str]:
    return [f"{table.name}_{suffix}" for table in TABLES for suffix in EVENTS]


def _present(cursor, vendor: str) -> set[str]:
    if vendor == "sqlite":
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = %s", [SOURCE])
    else:
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = to_regclass(%s) AND NOT tgisinternal", [SOURCE]
        )
    return {row[0] for row in cursor.fetchall()}


def _recount(table: CountTable) -> str:
    return f"SELECT {table.values()}, COUNT(*) FROM {table.source} GROUP BY {table.values()}"  # noqa: S608 - constants


def rebuild(connection) -> None:
    """Recount every item into the count tables, in one transaction (on PostgreSQL, writes of
    items wait for it, so none is counted twice or missed)."""
    with transaction.atomic(using=connection.alias), connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"LOCK TABLE {SOURCE} IN SHARE MODE")
        for table in TABLES:
            cursor.execute(f"DELETE FROM {table.name}")  # noqa: S608 - constant
            cursor.execute(f"INSERT INTO {table.name} ({table.columns}, total) {_recount(table)}")  # noqa: S608


def drop(connection) -> None:
    with connection.cursor() as cursor:
        for table in TABLES:
            for suffix in EVENTS:
                on_table = "" if connection.vendor == "sqlite" else f" ON {SOURCE}"
                cursor.execute(f"DROP TRIGGER IF EXISTS {table.name}_{suffix}{on_table}")
            if connection.vendor == "postgresql":
                cursor.execute(f"DROP FUNCTION IF EXISTS {table.name}_apply()")


def ensure(connection) -> bool:
    """Create the triggers if one is missing, then recount. True if it acted."""
    from patients import counts

    if connection.vendor not in ("sqlite", "postgresql"):
        return False
    with connection.cursor() as cursor:
        existing = set(connection.introspection.table_names(cursor))
        if not ({SOURCE} | {table.name for table in TABLES}) <= existing:
            return False
        if set(_trigger_names()) <= _present(cursor, connection.vendor):
            return False
    with transaction.atomic(using=connection.alias):
        drop(connection)
        counts.install(connection, TABLES)
        rebuild(connection)
    return True


def differences(connection) -> list[tuple[str, tuple, int, int]]:
    """Every key whose stored count differs from a recount: (table, key, stored, recounted)."""
    found = []
    with connection.cursor() as cursor:
        for table in TABLES:
            cursor.execute(f"SELECT {table.columns}, total FROM {table.name} WHERE total <> 0")  # noqa: S608
            stored = {tuple(str(value) for value in row[:-1]): row[-1] for row in cursor.fetchall()}
            cursor.execute(_recount(table))
            recounted = {tuple(str(value) for value in row[:-1]): row[-1] for row in cursor.fetchall()}
            for key in sorted(stored.keys() | recounted.keys()):
                if stored.get(key, 0) != recounted.get(key, 0):
                    found.append((table.name, key, stored.get(key, 0), recounted.get(key, 0)))
    return found


def migration_step():
    def forwards(apps, schema_editor):
        ensure(schema_editor.connection)

    def backwards(apps, schema_editor):
        drop(schema_editor.connection)

    from django.db import migrations

    return migrations.RunPython(forwards, backwards, elidable=False)
