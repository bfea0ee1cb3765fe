"""What the original's version of a source means for the import (``history.py`` says what each
version had): the summary's notices, the cycles of a version without cycles, and the columns
the last version no longer has.

Columns the last version no longer has are kept:
- ``patients_patient.fecha_ingreso``/``fecha_egreso``/``estado``/``motivo_egreso`` (until
  ``patients 0004``): before ``patients 0003`` (no ``patients_ingreso``) each patient gets a
  cycle from them (``patients 0003`` and ``0004`` came in one commit: no clinic ran between);
- ``patient_id`` of the records and the log (until ``exams 0016``): the record goes to the
  patient's cycle that covers its date;
- ``exams_psicologia.escala_atenas`` (until ``exams 0032``): Psicologia.escala_atenas;
- ``patients_ingreso.created_at`` (``patients 0003``–``0004``): the cycle's ``created_at``;
- the rest (address, neighbourhood, e-mail and occupation of a patient until ``patients 0004``,
  the titration's residual AHI in ``exams 0007``–``0008``) has no field in this project: each
  value is listed in the summary, with its row.
``patients_patient.mes_capita`` (until ``patients 0006``) is not kept: this project computes
it from the cycle's start.
"""

from legacy.convert import RowConverter
from legacy.source import LegacySource

#: removed columns the import puts somewhere (see the module docstring)
USED = {
    "patients_patient": {"fecha_ingreso", "fecha_egreso", "estado", "motivo_egreso", "mes_capita"},
    "patients_ingreso": {"created_at"},
    "exams_psicologia": {"escala_atenas", "patient_id"},
}
#: removed columns without a field here: their label in the summary
LISTED = {
    ("patients_patient", "direccion"): "dirección",
    ("patients_patient", "barrio"): "barrio",
    ("patients_patient", "email"): "correo electrónico",
    ("patients_patient", "ocupacion"): "ocupación",
    ("exams_polisomnografiatitulacion", "ahi_residual"): "IAH residual",
}


def _shown(value) -> str:
    return "vacío" if value is None else f"«{value}»"


def notices(source: LegacySource) -> list[str]:
    """The summary's lines about the source's version, in Spanish."""
    lines = []
    if not source.versioned:
        lines.append(
            f"la base no tiene django_migrations del DataMed anterior: se lee como la última versión "
            f"conocida ({source.version})"
        )
    lines += source.oddities
    mapping = source.map
    for table in mapping.missing_tables:
        if table == "patients_ingreso":
            lines.append(
                "patients_ingreso aún no existía (llega en patients 0003): cada paciente recibe un ciclo "
                "con su fecha de ingreso y de egreso, su estado y su motivo de egreso"
            )
        else:
            lines.append(f"{table} aún no existía en esa versión: se lee sin filas")
    for table, old, new in mapping.renamed():
        lines.append(f"{table}.{old} se lee como {new} (nombre posterior)")
    for table, columns in mapping.not_yet.items():
        for column in columns:
            value = source.fill_value(table, column)
            if column == "ingreso_id":
                continue  # said with patient_id below
            lines.append(
                f"{table}.{column} aún no existía: "
                + (
                    "queda vacío"
                    if value is None
                    else f"se toma {_shown(value)}, el valor que el DataMed anterior dio a las filas "
                    "que ya tenía al añadir la columna"
                )
            )
    for table, columns in mapping.removed.items():
        for column in columns:
            lines.append(f"{table}.{column} (columna que ya no existe): {_removed(table, column)}")
    return lines


def _removed(table: str, column: str) -> str:
    if column == "patient_id":
        return (
            "registro ligado al paciente (antes de exams 0016): va al ciclo del paciente que cubre su fecha"
        )
    if column == "escala_atenas":
        return (
            "se conserva en el campo «escala de Atenas (DataMed anterior)» de cada valoración de psicología"
        )
    if column == "mes_capita":
        return "no se guarda: este proyecto calcula el mes cápita desde el inicio del ciclo"
    if column == "created_at":
        return "se conserva como fecha de creación del ciclo"
    if (table, column) in LISTED:
        return "sin campo en este proyecto: cada valor se conserva en este resumen, con su fila"
    return "da el ciclo que recibe el paciente (fecha de ingreso, egreso, estado, motivo de egreso)"


def kept_values_lister(source: LegacySource, table: str):
    """A function naming, in the table's report, the values of a row's columns that have no
    field here; ``None`` when the source's version has no such column in ``table`` (most)."""
    columns = [
        (column, LISTED[(table, column)])
        for column in source.map.removed.get(table, ())
        if (table, column) in LISTED
    ]
    if not columns:
        return None

    def list_kept_values(convert: RowConverter) -> None:
        for column, label in columns:
            value = convert.row.get(column)
            if value is not None and str(value).strip() != "":
                convert.report.repair(
                    convert.legacy_id,
                    f"{label} {_shown(value)}: columna que ya no existe y sin campo en este proyecto: "
                    "se conserva solo en este resumen",
                )

    return list_kept_values


def admission_cycles(source: LegacySource, patient_rows: list[dict]) -> list[dict]:
    """Before patients 0003 there were no cycles: cycle rows (as ``patients_ingreso`` has them)
    from the admission columns of each patient; the cycle's legacy id is the patient's."""
    if source.has_table("patients_ingreso"):
        return []
    return [
        {
            "id": row["id"],
            "paciente_id": row["id"],
            "fecha_inicio": row.get("fecha_ingreso"),
            "fecha_fin": row.get("fecha_egreso"),
            "estado": row.get("estado"),
            "motivo": row.get("motivo_egreso"),
        }
        for row in patient_rows
    ]
