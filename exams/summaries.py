"""The cycle's summary columns kept by the database (``Ingreso``'s derived columns).

What each column holds (``exams.selectors.cycle_summaries`` says the same with the ORM, and
``manage.py refresh_cycle_summaries --check`` compares the two):

- ``ultima_atencion``: date of the cycle's latest non-voided attention-log line;
- ``uso_ultimo_monitoreo``: % of nights with the rule's hours of its latest valid monitoring;
- ``veredicto_equipo``, ``ultima_noche_equipo``: its device adherence summary's verdict and
  last night (``SIN_DATOS`` and none without one);
- ``entidad_salud``, ``programa``, ``apellido``, ``nombre``: its patient's;
- ``umbral_adherencia``: the share of nights the adherence rule of the patient's EPS asks
  (``therapy_reglaadherencia``), or ``DATAMED_ADHERENCE_THRESHOLD_PCT`` when the EPS has none.

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
must not depend on the current models.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings
from django.db import transaction
from django.db.migrations.recorder import MigrationRecorder

from patients import counts

CYCLES = "patients_ingreso"
#: The migration that installs the triggers: from it on they exist (a rollback removes them).
MIGRATION = ("exams", "0008_cycle_summary_triggers")
PATIENT_COPIES = ("entidad_salud", "programa", "apellido", "nombre")


def default_threshold() -> Decimal:
    return Decimal(settings.DATAMED_ADHERENCE_THRESHOLD_PCT)


def _threshold(eps: str, default: Decimal) -> str:
    """The share of nights asked by the rule of the EPS ``eps`` (an SQL expression)."""
    return (
        "COALESCE((SELECT r.porcentaje_noches FROM therapy_reglaadherencia r "
        f"WHERE r.entidad_salud = {eps}), {default})"
    )


def groups(default: Decimal) -> dict[str, dict[str, str]]:
    """Columns of the cycle recomputed together: column → SQL expression over the cycle row
    ``i`` and (the ``patient`` group) its patient's row ``p``."""
    return {
        "attention": {
            "ultima_atencion": (
                "(SELECT MAX(s.fecha_atencion) FROM exams_seguimiento s "
                "WHERE s.ingreso_id = i.id AND s.anulado = FALSE)"
            )
        },
        "monitoring": {
            # The same order as the partial index ``monitoreo_latest_valid_idx`` (and its condition).
            "uso_ultimo_monitoreo": (
                "(SELECT m.dias_uso_horas_4 FROM exams_monitoreo m WHERE m.ingreso_id = i.id "
                "AND NOT m.anulado ORDER BY m.fecha_atencion DESC, m.created_at DESC, m.id DESC LIMIT 1)"
            )
        },
        "device": {
            "veredicto_equipo": (
                "COALESCE((SELECT d.veredicto FROM therapy_resumenadherencia d WHERE d.ingreso_id = i.id), "
                "'SIN_DATOS')"
            ),
            "ultima_noche_equipo": (
                "(SELECT d.ultima_noche FROM therapy_resumenadherencia d WHERE d.ingreso_id = i.id)"
            ),
        },
        "rule": {"umbral_adherencia": _threshold("i.entidad_salud", default)},
        "patient": {
            **{column: f"COALESCE(p.{column}, i.{column})" for column in PATIENT_COPIES},
            "umbral_adherencia": _threshold("COALESCE(p.entidad_salud, i.entidad_salud)", default),
        },
    }


#: Every column, as a new cycle gets them (the rule's share follows the patient's EPS).
EVERY_GROUP = ("attention", "monitoring", "device", "patient")


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


SOURCES = (
    Source(
        "exams_seguimiento", ("attention",), "id", "ingreso_id", ("ingreso_id", "fecha_atencion", "anulado")
    ),
    Source(
        "exams_monitoreo",
        ("monitoring",),
        "id",
        "ingreso_id",
        ("ingreso_id", "fecha_atencion", "created_at", "anulado", "dias_uso_horas_4"),
    ),
    Source(
        "therapy_resumenadherencia",
        ("device",),
        "id",
        "ingreso_id",
        ("ingreso_id", "veredicto", "ultima_noche"),
    ),
    Source(
        "therapy_reglaadherencia",
        ("rule",),
        "entidad_salud",
        "entidad_salud",
        ("entidad_salud", "porcentaje_noches"),
    ),
    Source("patients_patient", ("patient",), "paciente_id", "id", PATIENT_COPIES, events=("au",)),
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
