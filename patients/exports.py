"""What the patient pages export: the same selectors as the pages, as sheets of Spanish columns."""

from django.utils.text import capfirst

from datamed.exporting import CHUNK_SIZE, Column, Sheet, display, field
from patients import selectors
from patients.capita import is_past_program_end
from patients.forms import PatientForm
from patients.models import Ingreso, Patient


def patient_columns(path: str = "paciente") -> list[Column]:
    """Every field of the patient form, choices by their label, read from ``row.<path>``."""
    columns = []
    for name in PatientForm.Meta.fields:
        model_field = Patient._meta.get_field(name)
        title = capfirst(str(model_field.verbose_name))
        if model_field.choices and name != "estrato":
            columns.append(display(title, path, name))
        else:
            columns.append(field(title, f"{path}.{name}"))
    return columns


def document_columns(path: str = "paciente") -> list[Column]:
    return [
        field("Tipo de documento", f"{path}.tipo_documento"),
        field("Documento", f"{path}.documento"),
        field("Apellidos", f"{path}.apellido"),
        field("Nombres", f"{path}.nombre"),
    ]


MES_CAPITA = field("Mes cápita", "mes_capita_db")


def active_patients_sheet(search: str, mes: int | None) -> Sheet:
    """The rows of ``/patients/`` with its filters, every patient field included."""
    cycles = selectors.active_cycles(search, mes).ordered().with_mes_capita()
    columns = [*patient_columns(), field("Inicio del ciclo", "fecha_inicio"), MES_CAPITA]
    return Sheet("Pacientes activos", columns, cycles.iterator(chunk_size=CHUNK_SIZE))


def follow_sheet(search: str) -> Sheet:
    """Every cycle of the patients of ``/patients/follow`` (with its search), one row each."""
    patients = selectors.patients_with_cycles(search).prefetch_related(None).values("pk")
    cycles = (
        Ingreso.objects.filter(paciente__in=patients)
        .select_related("paciente")
        .with_mes_capita()
        .order_by("paciente__apellido", "paciente__nombre", "paciente_id", "-fecha_inicio", "-id")
    )
    columns = [
        *document_columns(),
        display("EPS", "paciente", "entidad_salud"),
        field("Inicio del ciclo", "fecha_inicio"),
        field("Fin del ciclo", "fecha_fin"),
        display("Estado", "", "estado"),
        MES_CAPITA,
        Column("Supera 18 meses", lambda cycle: cycle.is_open and is_past_program_end(cycle.meses_db)),
        display("Motivo de cierre", "", "motivo_cierre"),
        field("Motivo", "motivo"),
    ]
    return Sheet("Seguimiento de ciclos", columns, cycles.iterator(chunk_size=CHUNK_SIZE))
