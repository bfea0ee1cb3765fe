"""The worklist as a spreadsheet (``datamed/exporting.py``)."""

from careplan.choices import Disciplina
from datamed.exporting import Column, Sheet, field
from patients.choices import EntidadSalud
from patients.models import today


def worklist_sheet(items, upcoming: bool) -> Sheet:
    on = today()
    return Sheet(
        "Próximos" if upcoming else "Pendientes",
        [
            field("Apellidos", "ingreso.paciente.apellido"),
            field("Nombres", "ingreso.paciente.nombre"),
            field("Tipo de documento", "ingreso.paciente.tipo_documento"),
            field("Documento", "ingreso.paciente.documento"),
            field("Celular", "ingreso.paciente.celular"),
            field("Teléfono", "ingreso.paciente.telefono"),
            Column("EPS", lambda item: EntidadSalud(item.entidad_salud).label),
            Column("Disciplina", lambda item: Disciplina(item.disciplina).label),
            field("Ítem", "item.etiqueta"),
            field("Fecha objetivo", "fecha_objetivo"),
            field("Ventana desde", "ventana_inicio"),
            field("Ventana hasta", "ventana_fin"),
            Column("Días de vencido", lambda item: item.dias_vencido_on(on)),
        ],
        items.iterator(chunk_size=2000),
    )
