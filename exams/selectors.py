"""Reads for the clinical history: a fixed number of queries whatever the data."""

from dataclasses import dataclass, field

from django.db.models import DateField, DecimalField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from exams.models import Monitoreo, Seguimiento
from exams.registry import RECORD_TYPES, RecordType
from patients.choices import EstadoIngreso, Veredicto
from patients.models import PATIENT_COPY_FIELDS, Ingreso, Patient, default_adherence_threshold
from therapy.models import ReglaAdherencia, ResumenAdherencia


@dataclass
class Section:
    record_type: RecordType
    records: list = field(default_factory=list)

    @property
    def latest(self):
        return self.records[0] if self.records else None


def cycle_summaries() -> dict:
    """What ``Ingreso``'s summary columns must hold, as SQL expressions over the cycle's records.
    The database's triggers keep them (``exams/summaries.py``, the same definitions in SQL);
    these recompute and verify them (``manage.py refresh_cycle_summaries``).

    ``ultima_atencion``: date of the latest non-voided attention-log line.
    ``uso_ultimo_monitoreo``: % of nights with the rule's hours of the latest valid monitoring.
    ``umbral_adherencia``: the share of nights asked by the rule of the patient's EPS (the
    default of ``DATAMED_ADHERENCE_THRESHOLD_PCT`` when the EPS has none).
    ``veredicto_equipo``, ``ultima_noche_equipo``: the device adherence summary's verdict and
    last night with data, copied (SIN_DATOS and none for a cycle without one).
    ``entidad_salud``, ``programa``, ``apellido``, ``nombre``: the patient's, copied.
    """
    patient = Patient.objects.filter(pk=OuterRef("paciente_id"))
    device = ResumenAdherencia.objects.filter(ingreso=OuterRef("pk"))
    share = DecimalField(max_digits=5, decimal_places=2)
    rule = ReglaAdherencia.objects.filter(entidad_salud=OuterRef("entidad_salud")).values("porcentaje_noches")
    threshold = patient.annotate(
        umbral=Coalesce(Subquery(rule[:1]), Value(default_adherence_threshold()), output_field=share)
    ).values("umbral")
    return {
        **{name: Subquery(patient.values(name)[:1]) for name in PATIENT_COPY_FIELDS},
        "umbral_adherencia": Subquery(threshold[:1], output_field=share),
        "ultima_atencion": Subquery(
            Seguimiento.objects.filter(ingreso=OuterRef("pk"), anulado=False)
            .order_by("-fecha_atencion")
            .values("fecha_atencion")[:1],
            output_field=DateField(),
        ),
        "uso_ultimo_monitoreo": Subquery(
            Monitoreo.objects.valid()
            .filter(ingreso=OuterRef("pk"))
            .order_by("-fecha_atencion", "-created_at", "-id")
            .values("dias_uso_horas_4")[:1],
            output_field=share,
        ),
        "veredicto_equipo": Coalesce(Subquery(device.values("veredicto")[:1]), Value(Veredicto.SIN_DATOS)),
        "ultima_noche_equipo": Subquery(device.values("ultima_noche")[:1]),
    }


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
