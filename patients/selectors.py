"""Reads of patients and cycles: annotated querysets, filtered and counted in SQL."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from patients.choices import EstadoIngreso
from patients.models import Ingreso, Patient, mes_capita_range, today


def _search_filter(text: str, prefix: str = "") -> Q:
    """Every word must appear in the first name, last name or document."""
    condition = Q()
    for word in text.split():
        condition &= (
            Q(**{f"{prefix}nombre__icontains": word})
            | Q(**{f"{prefix}apellido__icontains": word})
            | Q(**{f"{prefix}documento__icontains": word})
        )
    return condition


def active_cycles(search: str = "", mes_capita: int | None = None) -> QuerySet[Ingreso]:
    """ACTIVO cycles with their patient: the rows of ``/patients/``.

    Filtering by mes cápita is done in SQL on date ranges; the month shown for each of the
    page's rows comes from ``Ingreso.mes_capita``.
    """
    cycles = Ingreso.objects.active().select_related("paciente")
    if search:
        cycles = cycles.filter(_search_filter(search, "paciente__"))
    if mes_capita:
        cycles = cycles.filter(mes_capita_range(mes_capita, today()))
    return cycles.order_by("paciente__apellido", "paciente__nombre", "paciente_id")


def patients_with_cycles(search: str = "") -> QuerySet[Patient]:
    """Every patient with all cycles (newest first) prefetched: the rows of ``/patients/follow``."""
    patients = Patient.objects.prefetch_related(
        Prefetch("ingresos", queryset=Ingreso.objects.order_by("-fecha_inicio", "-id"))
    ).annotate(tiene_ciclo_abierto=Exists(Ingreso.objects.open().filter(paciente=OuterRef("pk"))))
    if search:
        patients = patients.filter(_search_filter(search))
    return patients.order_by("apellido", "nombre", "id")


def patients_with_current_cycle() -> QuerySet[Patient]:
    """Patients with their cycles (newest first) prefetched as ``ciclos``: the API's rows."""
    return Patient.objects.prefetch_related(
        Prefetch("ingresos", queryset=Ingreso.objects.order_by("-fecha_inicio", "-id"), to_attr="ciclos")
    ).order_by("apellido", "nombre", "id")


def current_cycle(patient: Patient) -> Ingreso | None:
    """The patient's open cycle, else the most recent one (uses the ``ciclos`` prefetch if any)."""
    cycles = getattr(patient, "ciclos", None)
    if cycles is None:
        cycles = list(patient.ingresos.order_by("-fecha_inicio", "-id"))
    return next((cycle for cycle in cycles if cycle.is_open), cycles[0] if cycles else None)


def filter_patients(
    patients: QuerySet[Patient], search: str = "", mes_capita: int | None = None, estado: str = ""
) -> QuerySet[Patient]:
    """The filters of the patient lists, on patients: words, month of the ACTIVO cycle, and the
    state of the current cycle (TERMINADO: no open cycle)."""
    if search:
        patients = patients.filter(_search_filter(search))
    if mes_capita:
        in_month = Ingreso.objects.active().filter(mes_capita_range(mes_capita, today()))
        patients = patients.filter(Exists(in_month.filter(paciente=OuterRef("pk"))))
    if estado == EstadoIngreso.TERMINADO:
        patients = patients.exclude(Exists(Ingreso.objects.open().filter(paciente=OuterRef("pk"))))
    elif estado:
        patients = patients.filter(Exists(Ingreso.objects.filter(paciente=OuterRef("pk"), estado=estado)))
    return patients
