"""The dashboard's no-attention list as an export (the same selector as the page)."""

from dashboard import selectors
from datamed.exporting import CHUNK_SIZE, Column, Sheet, field
from patients.exports import MES_CAPITA, document_columns


def no_attention_sheet() -> Sheet:
    cycles = selectors.cycles_without_recent_attention().with_mes_capita()
    columns = [
        *document_columns(),
        field("Celular", "paciente.celular"),
        field("Teléfono", "paciente.telefono"),
        field("Inicio del ciclo", "fecha_inicio"),
        field("Última atención", "ultima_atencion"),
        Column("Días sin atención", lambda cycle: cycle.sin_atencion.days),
        MES_CAPITA,
    ]
    return Sheet("Sin atención", columns, cycles.iterator(chunk_size=CHUNK_SIZE))
