"""The cycle's columns kept by the database (``Ingreso``'s summaries and copies): the triggers.

Each app declares the columns it keeps (``exams.cycle_summary``, ``therapy.cycle_summary``, the
patient's copies in ``patients.cycle_summary``): what each holds in SQL and with the ORM, and
the tables it reads. This module composes them (``GROUPS``) into the triggers;
``summaries.selectors.cycle_summaries`` composes the ORM side, and ``manage.py
refresh_cycle_summaries --check`` compares the two.

Triggers on the tables they come from (the attention log, monitorings, device summaries,
rules, patients) and on ``patients_ingreso`` itself recompute the affected cycles' columns in
the statement that writes them, so no code path (services, the admin, ``QuerySet.update``,
``bulk_create``, data migrations, SQL typed by hand) leaves them behind. A cycle's row is
rewritten only when a value changes: the count triggers (``patients/counts.py``), which react
to updates of ``patients_ingreso``, then move the cycle between their keys in that statement.

- PostgreSQL: one statement-level trigger per table and event, with transition tables (a
  statement writing 100,000 records updates each cycle once), and a ``BEFORE`` row trigger on
  ``patients_ingreso`` that fills a new cycle's columns before it is written (and its copies
  when it changes patient), so the count triggers see the row complete and nothing is written
  twice.
- SQLite: row-level triggers. A trigger's ``new`` row is the row as the statement wrote it,
  even after an earlier trigger changed the stored row, so the count triggers of
  ``patients_ingreso`` must fire before the ones here that complete a new cycle: SQLite fires
  the newest trigger first, so the count triggers are (re)created after these. SQLite drops a
  table's triggers when a migration rebuilds it: ``ensure_cycle_summaries`` runs after every
  ``migrate`` (``post_migrate``). The triggers use ``UPDATE … FROM`` (SQLite ≥ 3.33).

A bulk loader may set the triggers aside (``uninstall``) and ``install`` them at the end, which
recomputes every cycle in one statement (the benchmark's generator does: on SQLite, a trigger per
row written rewrites the cycle as often as it gets a line).

The default share of nights is written into the triggers: after ``DATAMED_ADHERENCE_THRESHOLD_PCT``
changes, the next ``migrate`` recreates them and recomputes every cycle.

Identifiers and expressions below are constants of this module (the default share is a
number from the settings): no user input reaches the SQL. Migrations use this module, so it
must not depend on the current models (nor may the declarations).
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.migrations.recorder import MigrationRecorder

from exams import cycle_summary as exams_columns
from patients import counts
from patients import cycle_summary as patients_columns
from therapy import cycle_summary as therapy_columns

CYCLES = "patients_ingreso"
#: The migration that installs the triggers: from it on they exist (a rollback removes them).
MIGRATION = ("exams", "0008_cycle_summary_triggers")
PATIENT_COPIES = tuple(patients_columns.PATIENT_COPY_FIELDS)
#: Every app's groups, lowest floor last; the patient's group gathers every group's columns
#: that follow the patient (its copies first).
GROUPS = (*exams_columns.GROUPS, *therapy_columns.GROUPS, patients_columns.PATIENT)
PATIENT_GROUP = patients_columns.PATIENT.name


def default_threshold() -> Decimal:
    return Decimal(settings.DATAMED_ADHERENCE_THRESHOLD_PCT)


def _sql(expression: str, default: Decimal) -> str:
    return expression.replace(patients_columns.DEFAULT_THRESHOLD, str(default))


def groups(default: Decimal) -> dict[str, dict[str, str]]:
    """Columns of the cycle recomputed together: column → SQL expression over the cycle row
    ``i`` and (the patient's group) its patient's row ``p``."""
    composed = {
        group.name: {column: _sql(sql, default) for column, sql in group.columns.items()}
        for group in GROUPS
        if group.columns
    }
    following = (
        patients_columns.PATIENT,
        *(group for group in GROUPS if group is not patients_columns.PATIENT),
    )
    composed[PATIENT_GROUP] = {
        column: _sql(sql, default) for group in following for column, sql in group.with_patient.items()
    }
    return composed


#: Every column, as a new cycle gets them (the rule's share follows the patient's EPS).
EVERY_GROUP = (
    *(group.name for group in GROUPS if group.columns and group.on_new_cycle and group.name != PATIENT_GROUP),
    PATIENT_GROUP,
)


@dataclass(frozen=True)
class Source:
    """A table whose rows the summaries read: a row's ``key`` matches the cycles' ``cycle``
    column; a change of one of ``reads`` recomputes ``groups`` for the cycles it matched before
    and after."""

    table: str
    groups: tuple[str, ...]
    cycle: str
    key: str
    reads: tuple[str, ...]
    events: tuple[str, ...] = ("ai", "ad", "au")


SOURCES = tuple(
    Source(source.table, (group.name,), source.cycle, source.key, source.reads, source.events)
    for group in GROUPS
    for source in group.sources
)


def _columns(names: tuple[str, ...], default: Decimal) -> dict[str, str]:
    every = groups(default)
    return {column: expression for name in names for column, expression in every[name].items()}


def _select(names: tuple[str, ...], default: Decimal, cycles: str) -> str:
    """The recomputed columns of the cycles ``i`` matching the condition ``cycles``."""
    columns = _columns(names, default)
    listed = ", ".join(f"{expression} AS {column}" for column, expression in columns.items())
    join = " LEFT JOIN patients_patient p ON p.id = i.paciente_id" if "patient" in names else ""
    return f"SELECT i.id AS id, {listed} FROM {CYCLES} i{join} WHERE {cycles}"


def update(vendor: str, names: tuple[str, ...], default: Decimal, cycles: str) -> str:
    """One UPDATE that writes the recomputed ``names`` groups of the cycles matching ``cycles``,
    only on the rows where a value differs."""
    columns = list(_columns(names, default))
    differs = "IS NOT" if vendor == "sqlite" else "IS DISTINCT FROM"
    stored = ", ".join(f"{CYCLES}.{column}" for column in columns)
    recomputed = ", ".join(f"x.{column}" for column in columns)
    return (
        f"UPDATE {CYCLES} SET {', '.join(f'{column} = x.{column}' for column in columns)} "
        f"FROM ({_select(names, default, cycles)}) AS x "
        f"WHERE {CYCLES}.id = x.id AND ({stored}) {differs} ({recomputed});"
    )


def _sqlite_triggers(default: Decimal) -> dict[str, str]:
    triggers = {}
    for source in SOURCES:
        name = f"{source.table}_summaries"
        before = ", ".join(f"old.{column}" for column in source.reads)
        after = ", ".join(f"new.{column}" for column in source.reads)
        bodies = {
            "ai": (f"AFTER INSERT ON {source.table}", f"i.{source.cycle} = new.{source.key}"),
            "ad": (f"AFTER DELETE ON {source.table}", f"i.{source.cycle} = old.{source.key}"),
            "au": (
                f"AFTER UPDATE OF {', '.join(source.reads)} ON {source.table} "
                f"WHEN ({before}) IS NOT ({after})",
                f"i.{source.cycle} IN (old.{source.key}, new.{source.key})",
            ),
        }
        for suffix in source.events:
            event, cycles = bodies[suffix]
            triggers[f"{name}_{suffix}"] = (
                f"{event} BEGIN {update('sqlite', source.groups, default, cycles)} END"
            )
    triggers[f"{CYCLES}_summaries_ai"] = (
        f"AFTER INSERT ON {CYCLES} BEGIN {update('sqlite', EVERY_GROUP, default, 'i.id = new.id')} END"
    )
    triggers[f"{CYCLES}_summaries_au"] = (
        f"AFTER UPDATE OF paciente_id ON {CYCLES} WHEN old.paciente_id IS NOT new.paciente_id "
        f"BEGIN {update('sqlite', ('patient',), default, 'i.id = new.id')} END"
    )
    return triggers


def _pg_source_function(source: Source, default: Decimal) -> str:
    def cycles(rows: str) -> str:
        return f"i.{source.cycle} IN (SELECT {source.key} FROM {rows})"

    changed_rows = (
        "new_rows n JOIN old_rows o ON o.id = n.id WHERE "
        f"({', '.join(f'n.{c}' for c in source.reads)}) IS DISTINCT FROM "
        f"({', '.join(f'o.{c}' for c in source.reads)})"
    )
    changed = (
        f"i.{source.cycle} IN (SELECT n.{source.key} FROM {changed_rows} "
        f"UNION ALL SELECT o.{source.key} FROM {changed_rows})"
    )
    on_insert = update("postgresql", source.groups, default, cycles("new_rows"))
    on_delete = update("postgresql", source.groups, default, cycles("old_rows"))
    on_update = update("postgresql", source.groups, default, changed)
    return (
        "BEGIN "
        f"IF TG_OP = 'INSERT' THEN {on_insert} "
        f"ELSIF TG_OP = 'DELETE' THEN {on_delete} "
        f"ELSIF EXISTS (SELECT 1 FROM {changed_rows}) THEN {on_update} "
        "END IF; RETURN NULL; END"
    )


def _pg_cycle_function(default: Decimal) -> str:
    """A new cycle's columns (its patient's copies when it changes patient), set on the row
    before it is written."""
    row = ", ".join(f"NEW.{column} AS {column}" for column in ("id", "paciente_id", *PATIENT_COPIES))

    def fill(names: tuple[str, ...]) -> str:
        columns = _columns(names, default)
        return (
            f"SELECT {', '.join(columns.values())} INTO {', '.join(f'NEW.{c}' for c in columns)} "
            f"FROM (SELECT {row}) AS i LEFT JOIN patients_patient p ON p.id = i.paciente_id;"
        )

    return f"BEGIN IF TG_OP = 'INSERT' THEN {fill(EVERY_GROUP)} ELSE {fill(('patient',))} END IF; RETURN NEW; END"


def _pg_functions(default: Decimal) -> dict[str, str]:
    """Function name → body (the text between ``$$``, as PostgreSQL stores it)."""
    functions = {f"{source.table}_summaries": _pg_source_function(source, default) for source in SOURCES}
    functions[f"{CYCLES}_summaries"] = _pg_cycle_function(default)
    return functions


def _pg_triggers() -> dict[str, tuple[str, str]]:
    """Trigger name → (table, definition after ``CREATE TRIGGER name``)."""
    transition = {
        "ai": ("INSERT", "NEW TABLE AS new_rows"),
        "ad": ("DELETE", "OLD TABLE AS old_rows"),
        "au": ("UPDATE", "OLD TABLE AS old_rows NEW TABLE AS new_rows"),
    }
    triggers = {}
    for source in SOURCES:
        for suffix in source.events:
            event, tables = transition[suffix]
            triggers[f"{source.table}_summaries_{suffix}"] = (
                source.table,
                f"AFTER {event} ON {source.table} REFERENCING {tables} "
                f"FOR EACH STATEMENT EXECUTE FUNCTION {source.table}_summaries()",
            )
    function = f"{CYCLES}_summaries()"
    triggers[f"{CYCLES}_summaries_bi"] = (
        CYCLES,
        f"BEFORE INSERT ON {CYCLES} FOR EACH ROW EXECUTE FUNCTION {function}",
    )
    triggers[f"{CYCLES}_summaries_bu"] = (
        CYCLES,
        f"BEFORE UPDATE OF paciente_id ON {CYCLES} FOR EACH ROW "
        f"WHEN (OLD.paciente_id IS DISTINCT FROM NEW.paciente_id) EXECUTE FUNCTION {function}",
    )
    return triggers


def _tables() -> tuple[str, ...]:
    return (CYCLES, *(source.table for source in SOURCES))


def _up_to_date(connection, default: Decimal) -> bool:
    """Whether every trigger (and PostgreSQL function) exists with today's definition."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'")
            present = dict(cursor.fetchall())
            wanted = {
                name: f"CREATE TRIGGER {name} {body}" for name, body in _sqlite_triggers(default).items()
            }
            return all(present.get(name) == sql for name, sql in wanted.items())
        functions = _pg_functions(default)
        cursor.execute("SELECT proname, prosrc FROM pg_proc WHERE proname = ANY(%s)", [list(functions)])
        if dict(cursor.fetchall()) != functions:
            return False
        cursor.execute(
            "SELECT tgname FROM pg_trigger WHERE tgrelid = ANY(%s::regclass[]) AND NOT tgisinternal",
            [list(_tables())],
        )
        return set(_pg_triggers()) <= {row[0] for row in cursor.fetchall()}


def uninstall(connection) -> None:
    """Remove the triggers (and PostgreSQL's functions)."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            for name in _sqlite_triggers(default_threshold()):
                cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
            return
        existing = set(connection.introspection.table_names(cursor))
        for name, (table, _) in _pg_triggers().items():
            if table in existing:
                cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON {table}")
        for name in _pg_functions(default_threshold()):
            cursor.execute(f"DROP FUNCTION IF EXISTS {name}()")


def install(connection) -> None:
    """(Re)create the triggers, recompute every cycle's columns, and bring back the count
    triggers and counts (on SQLite the count triggers of the cycles are recreated after these,
    so that they fire first)."""
    default = default_threshold()
    with transaction.atomic(using=connection.alias):
        uninstall(connection)
        with connection.cursor() as cursor:
            if connection.vendor == "sqlite":
                counts.drop_cycle_counts(connection, source=CYCLES)
                for name, body in _sqlite_triggers(default).items():
                    cursor.execute(f"CREATE TRIGGER {name} {body}")
            else:
                for name, body in _pg_functions(default).items():
                    cursor.execute(
                        f"CREATE OR REPLACE FUNCTION {name}() RETURNS trigger LANGUAGE plpgsql AS $${body}$$"
                    )
                for name, (_, definition) in _pg_triggers().items():
                    cursor.execute(f"CREATE TRIGGER {name} {definition}")
            cursor.execute(update(connection.vendor, EVERY_GROUP, default, "TRUE"))
        counts.ensure_cycle_counts(connection)


def ensure_cycle_summaries(connection) -> bool:
    """After ``migrate``: once the triggers' migration is applied, recreate them if one is
    missing or differs from today's definition (then recompute). True if it acted."""
    if connection.vendor not in ("sqlite", "postgresql"):
        return False
    if MIGRATION not in MigrationRecorder(connection).applied_migrations():
        return False
    if _up_to_date(connection, default_threshold()):
        return False
    install(connection)
    return True
