"""Reads for the documents: the clinical history's own selectors, assembled per document."""

from dataclasses import dataclass, field

from exams import selectors as history
from exams.models import Seguimiento
from exams.registry import RECORD_TYPES
from patients.models import Ingreso, Patient
from therapy import selectors as therapy
from therapy.models import NocheTerapia, ResumenAdherencia


@dataclass
class CycleSummary:
    """What the PDF summary of one cycle shows: what the clinical history page shows."""

    patient: Patient
    ingreso: Ingreso | None
    cycles: list[Ingreso]
    sections: list[history.Section] = field(default_factory=list)
    last_attention: Seguimiento | None = None
    therapy: dict | None = None

    @property
    def record_count(self) -> int:
        return sum(len(section.records) for section in self.sections)


def cycle_summary(patient: Patient, ciclo: str | None = None) -> CycleSummary:
    """The cycle ``ciclo`` (an id, as the query string gives it) of ``patient``, else the cycle
    the history page shows by default. Voided records are left out (``record_sections``).
    A fixed number of queries whatever the records."""
    cycles = history.patient_cycles(patient)
    ingreso = history.cycle_for_history(cycles, ciclo)
    summary = CycleSummary(patient, ingreso, cycles)
    if ingreso is None:
        return summary
    summary.sections = history.record_sections(ingreso)
    summary.last_attention = history.last_attention(ingreso)
    by_slug = {section.record_type.slug: section for section in summary.sections}
    summary.therapy = therapy.clinical_panel(
        ingreso, by_slug["monitoreo"].records, by_slug["psicologia"].records
    )
    return summary


@dataclass
class PatientRecord:
    """Everything the FHIR export carries about one patient, voided records left out."""

    patient: Patient
    cycles: list[Ingreso]
    #: record-type slug → the patient's valid records of that type, in every cycle
    records: dict[str, list]
    attentions: list[Seguimiento]
    adherence: list[ResumenAdherencia]
    #: serials of the PAP devices whose nights were imported
    night_serials: list[str] = field(default_factory=list)


def patient_record(patient: Patient) -> PatientRecord:
    """One query per record type plus four: the patient's cycles, attention log, device
    adherence summaries and device serials, whatever the number of cycles or records."""
    records = {
        record_type.slug: list(
            record_type.model.objects.valid()
            .filter(ingreso__paciente=patient)
            .select_related("registrado_por")
            .order_by(record_type.model.care_date_field, "id")
        )
        for record_type in RECORD_TYPES
    }
    return PatientRecord(
        patient=patient,
        cycles=list(Ingreso.objects.filter(paciente=patient).order_by("fecha_inicio", "id")),
        records=records,
        attentions=list(
            Seguimiento.objects.filter(ingreso__paciente=patient, anulado=False)
            .select_related("registrado_por")
            .order_by("fecha_atencion", "id")
        ),
        # A verdict judged on device data: a cycle whose device was delivered but sent no night yet
        # has a summary (its therapy start) and nothing measured to report.
        adherence=list(
            ResumenAdherencia.objects.filter(ingreso__paciente=patient, noches_con_datos__gt=0).order_by(
                "ingreso_id"
            )
        ),
        night_serials=list(
            NocheTerapia.objects.filter(ingreso__paciente=patient)
            .order_by("serial")
            .values_list("serial", flat=True)
            .distinct()
        ),
    )
