"""Exports of clinical records, generic over the record-type registry (one code path for all eight).

Each record type exports its registry columns plus the patient's document, the cycle start
and the mes cápita of the care date (computed by the database).
"""

from django.db.models import QuerySet

from datamed.exporting import CHUNK_SIZE, Column, Sheet, display, field
from exams.registry import RECORD_TYPES, RecordType
from patients.capita import mes_capita_sql
from patients.exports import document_columns
from patients.models import Patient

MES_CAPITA_ATENCION = "mes_capita_atencion"


def _cell(record_type: RecordType, name: str):
    """How to read one registry column: a choice by its label, else the value or property."""
    names = {f.name for f in record_type.model._meta.get_fields()}
    if name in names and record_type.model._meta.get_field(name).choices:
        return display("", "", name).value
    return field("", name).value


def record_columns(record_type: RecordType) -> list[Column]:
    return [
        Column(title, _cell(record_type, name))
        for (name, _), title in zip(record_type.columns, record_type.column_titles(), strict=True)
    ]


def records(record_type: RecordType) -> QuerySet:
    """Valid records with their cycle and patient, and the mes cápita of their care date."""
    care = record_type.model.care_date_field
    return (
        record_type.model.objects.valid()
        .select_related("ingreso__paciente", "registrado_por")
        .annotate(**{MES_CAPITA_ATENCION: mes_capita_sql("ingreso__fecha_inicio", care)})
        .order_by(care, "id")
    )


CYCLE_COLUMNS = [
    field("Inicio del ciclo", "ingreso.fecha_inicio"),
    field("Mes cápita de la atención", MES_CAPITA_ATENCION),
]
AUTHOR = Column("Registrado por", lambda record: record.registrado_por and str(record.registrado_por))


def record_type_sheet(record_type: RecordType) -> Sheet:
    """Every valid record of one type, program-wide."""
    columns = [*document_columns("ingreso.paciente"), *CYCLE_COLUMNS, *record_columns(record_type), AUTHOR]
    return Sheet(record_type.label_plural, columns, records(record_type).iterator(chunk_size=CHUNK_SIZE))


def clinical_history_sheets(patient: Patient) -> list[Sheet]:
    """One patient's whole history: the cycles, then one sheet per record type (all cycles)."""
    cycles = patient.ingresos.with_mes_capita().order_by("fecha_inicio", "id")
    sheets = [
        Sheet(
            "Ciclos",
            [
                field("Inicio", "fecha_inicio"),
                field("Fin", "fecha_fin"),
                display("Estado", "", "estado"),
                field("Mes cápita", "mes_capita_db"),
                display("Motivo de cierre", "", "motivo_cierre"),
                field("Motivo", "motivo"),
            ],
            cycles.iterator(chunk_size=CHUNK_SIZE),
        )
    ]
    for record_type in RECORD_TYPES:
        rows = records(record_type).filter(ingreso__paciente=patient).iterator(chunk_size=CHUNK_SIZE)
        sheets.append(
            Sheet(record_type.label_plural, [*CYCLE_COLUMNS, *record_columns(record_type), AUTHOR], rows)
        )
    return sheets


def clinical_history_rows(patient: Patient):
    """The history as one long table for CSV: one line per value of every record."""
    for record_type in RECORD_TYPES:
        columns = record_columns(record_type)
        for record in records(record_type).filter(ingreso__paciente=patient).iterator(chunk_size=CHUNK_SIZE):
            head = (record_type.label, record.ingreso.fecha_inicio, getattr(record, MES_CAPITA_ATENCION))
            for column in columns:
                yield (*head, column.title, column.value(record))


def clinical_history_csv_sheet(patient: Patient) -> Sheet:
    titles = ["Tipo de registro", "Inicio del ciclo", "Mes cápita de la atención", "Dato", "Valor"]
    columns = [Column(title, lambda row, i=i: row[i]) for i, title in enumerate(titles)]
    return Sheet("Historia clínica", columns, clinical_history_rows(patient))
