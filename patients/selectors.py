"""Reads of patients and cycles: annotated querysets, filtered and counted in SQL."""

from django.db.models import Exists, OuterRef, Prefetch, QuerySet

from patients.models import Ingreso, Patient, mes_capita_range, today
from patients.search import search_filter


def active_cycles(search: str = "", mes_capita: int | None = None) -> QuerySet[Ingreso]:
    """ACTIVO cycles with their patient: the rows of ``/patients/``.

    Filtering by mes cápita is done in SQL on date ranges; the month shown for each of the
    page's rows comes from ``Ingreso.mes_capita``.
    """
    cycles = Ingreso.objects.active().select_related("paciente")
    if search:
        cycles = cycles.filter(search_filter(search, "paciente__"))
    if mes_capita:
        cycles = cycles.filter(mes_capita_range(mes_capita, today()))
    return cycles.order_by("paciente__apellido", "paciente__nombre", "paciente_id")


def patients_with_cycles(search: str = "") -> QuerySet[Patient]:
    """Every patient with all cycles (newest first) prefetched: the rows of ``/patients/follow``."""
    patients = Patient.objects.prefetch_related(
        Prefetch("ingresos", queryset=Ingreso.objects.order_by("-fecha_inicio", "-id"))
    ).annotate(tiene_ciclo_abierto=Exists(Ingreso.objects.open().filter(paciente=OuterRef("pk"))))
    if search:
        patients = patients.filter(search_filter(search))
    return patients.order_by("apellido", "nombre", "id")
