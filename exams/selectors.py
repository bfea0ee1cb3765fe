"""Reads for the clinical history: a fixed number of queries whatever the data."""

from dataclasses import dataclass, field

from exams.models import Seguimiento
from exams.registry import RECORD_TYPES, RecordType
from patients.choices import EstadoIngreso
from patients.models import Ingreso, Patient


@dataclass
class Section:
    record_type: RecordType
    records: list = field(default_factory=list)

    @property
    def latest(self):
        return self.records[0] if self.records else None


def patient_cycles(patient: Patient) -> list[Ingreso]:
    """The patient's cycles, most recent first (one indexed query: a patient has a few)."""
    return list(Ingreso.objects.filter(paciente=patient).with_mes_capita().order_by("-fecha_inicio", "-id"))


def cycle_for_history(cycles: list[Ingreso], ingreso_id: str | None) -> Ingreso | None:
    """The cycle to show among the patient's ``cycles`` (``patient_cycles``): the one asked
    for (if it is the patient's), else the ACTIVO one, else the most recent."""
    if ingreso_id and ingreso_id.isdigit():
        wanted = int(ingreso_id)
        asked = next((cycle for cycle in cycles if cycle.pk == wanted), None)
        if asked:
            return asked
    active = next((cycle for cycle in cycles if cycle.estado == EstadoIngreso.ACTIVO), None)
    return active or next(iter(cycles), None)


def record_sections(ingreso: Ingreso) -> list[Section]:
    """Valid records of every type for one cycle, newest care date first (one query per type)."""
    sections = []
    for record_type in RECORD_TYPES:
        care = record_type.model.care_date_field
        records = (
            record_type.model.objects.valid()
            .filter(ingreso=ingreso)
            .select_related("registrado_por")
            .order_by(f"-{care}", "-created_at", "-id")
        )
        rows = list(records)
        for record in rows:  # their cycle is ``ingreso``: read once (``Monitoreo.adherente`` reads it)
            record.ingreso = ingreso
        sections.append(Section(record_type, rows))
    return sections


def last_attention(ingreso: Ingreso) -> Seguimiento | None:
    return ingreso.seguimientos.filter(anulado=False).order_by("-fecha_atencion", "-id").first()
