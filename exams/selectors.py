"""Reads for the clinical history: a fixed number of queries whatever the data."""

from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db.models import F

from datamed.compiled import CompiledQuery
from exams.models import Seguimiento
from exams.registry import RECORD_TYPES, RecordType
from patients.capita import clamp_mes_capita
from patients.choices import EstadoIngreso
from patients.models import Ingreso, Patient, today

User = get_user_model()


@dataclass
class Section:
    record_type: RecordType
    records: list = field(default_factory=list)

    @property
    def latest(self):
        return self.records[0] if self.records else None


_PATIENT = CompiledQuery(lambda pk: Patient.objects.filter(pk=pk))


def patient(pk: int) -> Patient | None:
    """The patient of the history (one query by primary key, compiled once)."""
    return next(iter(_PATIENT(pk)), None)


_PATIENT_CYCLES = CompiledQuery(
    lambda paciente_id: Ingreso.objects.filter(paciente_id=paciente_id).order_by("-fecha_inicio", "-id")
)


def patient_cycles(patient: Patient) -> list[Ingreso]:
    """The patient's cycles, most recent first (one indexed query, compiled once: a patient
    has a few), with ``meses_db`` and ``mes_capita_db`` as ``with_mes_capita`` gives them,
    computed by the same rule in Python (``Ingreso.meses_on``) for today."""
    on = today()
    cycles = _PATIENT_CYCLES(patient.pk, using=patient._state.db)
    for cycle in cycles:
        cycle.meses_db = cycle.meses_on(on)
        cycle.mes_capita_db = clamp_mes_capita(cycle.meses_db)
    return cycles


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


#: The author's columns read with each record (a LEFT JOIN), named apart from the record's own.
_AUTHOR_COLUMNS = {
    f"autor_{name}": F(f"registrado_por__{name}") for name in ("username", "first_name", "last_name")
}


def _section_query(model) -> CompiledQuery:
    care = model.care_date_field
    return CompiledQuery(
        lambda ingreso_id: (
            model.objects.valid()
            .filter(ingreso_id=ingreso_id)
            .annotate(**_AUTHOR_COLUMNS)
            .order_by(f"-{care}", "-created_at", "-id")
        )
    )


#: One compiled read per record type: the history runs them on every request, and building
#: eight querysets in the ORM cost several times what the database takes to run them.
_SECTION_QUERIES = {record_type.slug: _section_query(record_type.model) for record_type in RECORD_TYPES}


def _with_authors(records: list, authors: dict) -> list:
    """Each record's ``registrado_por`` from the author's columns read with it: a user with
    those fields loaded (any other field is read on access, as with ``only()``), one
    instance per author across the page."""
    for record in records:
        author_id = record.registrado_por_id
        if author_id is not None and author_id not in authors:
            authors[author_id] = User.from_db(
                record._state.db,
                ["id", "username", "first_name", "last_name"],
                [author_id, record.autor_username, record.autor_first_name, record.autor_last_name],
            )
        record.registrado_por = authors.get(author_id)
    return records


def record_sections(ingreso: Ingreso) -> list[Section]:
    """Valid records of every type for one cycle, newest care date first, with their authors
    (one query per type, each compiled once per process: ``datamed.compiled``)."""
    sections, authors = [], {}
    for record_type in RECORD_TYPES:
        rows = _with_authors(_SECTION_QUERIES[record_type.slug](ingreso.pk, using=ingreso._state.db), authors)
        for record in rows:  # their cycle is ``ingreso``: read once (``Monitoreo.adherente`` reads it)
            record.ingreso = ingreso
        sections.append(Section(record_type, rows))
    return sections


_LAST_ATTENTION = CompiledQuery(
    lambda ingreso_id: Seguimiento.objects.filter(ingreso_id=ingreso_id, anulado=False).order_by(
        "-fecha_atencion", "-id"
    )[:1]
)


def last_attention(ingreso: Ingreso) -> Seguimiento | None:
    """The cycle's latest attention-log line that is not voided (one query, compiled once)."""
    return next(iter(_LAST_ATTENTION(ingreso.pk, using=ingreso._state.db)), None)
