"""Fill the cycles' new summary columns from their records, and index the patient search.

The search index is vendor-specific: trigram GIN indexes on PostgreSQL; on SQLite an FTS5
table kept by triggers (``patients.search``). SQLite drops triggers when a later migration
rebuilds the table, so ``ensure_sqlite_search_index`` also runs after every ``migrate``;
this migration creates it and, in reverse, drops it.
"""

from django.db import migrations
from django.db.models import OuterRef, Subquery

TRIGRAM_INDEXES = {
    "patient_nombre_trgm_idx": "nombre",
    "patient_apellido_trgm_idx": "apellido",
    "patient_documento_trgm_idx": "documento",
}


def backfill_summaries(apps, schema_editor):
    Ingreso = apps.get_model("patients", "Ingreso")
    Patient = apps.get_model("patients", "Patient")
    patient = Patient.objects.filter(pk=OuterRef("paciente_id"))
    Seguimiento = apps.get_model("exams", "Seguimiento")
    Monitoreo = apps.get_model("exams", "Monitoreo")
    Ingreso.objects.using(schema_editor.connection.alias).update(
        entidad_salud=Subquery(patient.values("entidad_salud")[:1]),
        programa=Subquery(patient.values("programa")[:1]),
        ultima_atencion=Subquery(
            Seguimiento.objects.filter(ingreso=OuterRef("pk"), anulado=False)
            .order_by("-fecha_atencion")
            .values("fecha_atencion")[:1]
        ),
        ultimo_uso_horas_4=Subquery(
            Monitoreo.objects.filter(ingreso=OuterRef("pk"), anulado=False)
            .order_by("-fecha_atencion", "-created_at", "-id")
            .values("dias_uso_horas_4")[:1]
        ),
    )


def clear_summaries(apps, schema_editor):
    Ingreso = apps.get_model("patients", "Ingreso")
    Ingreso.objects.using(schema_editor.connection.alias).update(
        entidad_salud="", programa="", ultima_atencion=None, ultimo_uso_horas_4=None
    )


def create_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        from patients.search import ensure_sqlite_search_index

        ensure_sqlite_search_index(schema_editor.connection)
        return
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    for name, column in TRIGRAM_INDEXES.items():
        schema_editor.execute(
            f'CREATE INDEX IF NOT EXISTS {name} ON patients_patient USING gin (UPPER("{column}"::text) gin_trgm_ops)'
        )


def drop_search_indexes(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        for trigger in ("ai", "ad", "au"):
            schema_editor.execute(f"DROP TRIGGER IF EXISTS patients_patient_search_{trigger}")
        schema_editor.execute("DROP TABLE IF EXISTS patients_patient_search")
        return
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in TRIGRAM_INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {name}")


class Migration(migrations.Migration):
    dependencies = [
        ("patients", "0003_cycle_summaries_and_indexes"),
        ("exams", "0003_monitoreo_latest_valid_index"),
    ]

    operations = [
        migrations.RunPython(backfill_summaries, clear_summaries),
        migrations.RunPython(create_search_indexes, drop_search_indexes),
    ]
