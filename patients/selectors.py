"""Reads of patients and cycles: annotated querysets, filtered and counted in SQL."""

from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from patients.models import Ingreso, Patient


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
    """ACTIVO cycles with their patient and mes cápita: the rows of ``/patients/``."""
    cycles = Ingreso.objects.active().select_related("paciente").with_mes_capita()
    if search:
        cycles = cycles.filter(_search_filter(search, "paciente__"))
    if mes_capita:
        cycles = cycles.filter(mes_capita_db=mes_capita)
    return cycles.order_by("paciente__apellido", "paciente__nombre", "paciente_id")


def patients_with_cycles(search: str = "") -> QuerySet[Patient]:
    """Every patient with all cycles (newest first) prefetched: the rows of ``/patients/follow``."""
    patients = Patient.objects.prefetch_related(
        Prefetch("ingresos", queryset=Ingreso.objects.order_by("-fecha_inicio", "-id"))
    ).annotate(tiene_ciclo_abierto=Exists(Ingreso.objects.open().filter(paciente=OuterRef("pk"))))
    if search:
        patients = patients.filter(_search_filter(search))
    return patients.order_by("apellido", "nombre", "id")
