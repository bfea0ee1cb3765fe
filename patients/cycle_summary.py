"""The columns of the cycle (``patients_ingreso``) that the database keeps from other rows, each
declared by the app whose fact it is, and the patient's copies, declared here.

``Ingreso`` stores, next to its own fields, copies of facts that other apps own, so the
dashboard and the lists read one row per cycle: the latest attention and monitoring
(``exams.cycle_summary``), the device verdict and the EPS rule's share of nights
(``therapy.cycle_summary``), the patient's EPS, program and names (``PATIENT`` below). Each app
declares its columns as a ``Group``: the SQL that recomputes them (over the cycle row ``i`` and,
for what follows the patient, the patient row ``p``), the ORM expressions that say the same,
and the tables whose changes call for it. The ``summaries`` app (above them all) composes the
groups into the database's triggers, the recomputation and its check
(``manage.py refresh_cycle_summaries``): no app computes another's columns.

A group's SQL must not depend on the current models (migrations install the triggers);
``DEFAULT_THRESHOLD`` in it stands for ``DATAMED_ADHERENCE_THRESHOLD_PCT``.
"""

from collections.abc import Callable
from dataclasses import dataclass, field

#: Stands, in a group's SQL, for the default share of nights (a number from the settings).
DEFAULT_THRESHOLD = "{default_threshold}"

#: Patient columns copied onto each of the patient's cycles.
PATIENT_COPY_FIELDS = ["entidad_salud", "programa", "apellido", "nombre"]


@dataclass(frozen=True)
class Source:
    """A table the group reads: a row's ``key`` matches the cycles' ``cycle`` column; a change
    of one of ``reads`` recomputes the group for the cycles it matched before and after."""

    table: str
    cycle: str
    key: str
    reads: tuple[str, ...]
    events: tuple[str, ...] = ("ai", "ad", "au")


@dataclass(frozen=True)
class Group:
    """Columns of the cycle one app keeps, recomputed together.

    ``columns``: column → SQL over the cycle row ``i``. ``with_patient``: the same columns as
    recomputed when the cycle's patient changes, over ``i`` and the patient row ``p`` (for a
    column that follows the patient's copies). ``expressions``: column → ORM expression over
    ``Ingreso`` saying the same (built when called: it reads the models). ``on_new_cycle``:
    whether a new cycle gets the group's columns (a group whose ``with_patient`` covers them
    need not)."""

    name: str
    columns: dict[str, str]
    sources: tuple[Source, ...]
    expressions: Callable[[], dict]
    with_patient: dict[str, str] = field(default_factory=dict)
    on_new_cycle: bool = True


def _patient_expressions() -> dict:
    from django.db.models import OuterRef, Subquery

    from patients.models import Patient

    patient = Patient.objects.filter(pk=OuterRef("paciente_id"))
    return {name: Subquery(patient.values(name)[:1]) for name in PATIENT_COPY_FIELDS}


#: The patient's EPS and program (the dashboard counts active cycles per EPS and program from
#: one index) and names (the patient list pages active cycles in name order along one index).
PATIENT = Group(
    name="patient",
    columns={},
    with_patient={column: f"COALESCE(p.{column}, i.{column})" for column in PATIENT_COPY_FIELDS},
    sources=(Source("patients_patient", "paciente_id", "id", tuple(PATIENT_COPY_FIELDS), events=("au",)),),
    expressions=_patient_expressions,
)
