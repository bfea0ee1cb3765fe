"""Reads of patients and cycles: annotated querysets, filtered and counted in SQL."""

from django.conf import settings
from django.db.models import Exists, OuterRef, Prefetch, Q, QuerySet

from datamed.sequences import Counted, LimitedMatches
from patients.capita import mes_capita_range
from patients.choices import EstadoIngreso
from patients.models import (
    CycleCountByInitial,
    CycleCountByStart,
    Ingreso,
    Patient,
    PatientCountByGroup,
    today,
)
from patients.search import search_filter


class ActiveCycleList:
    """ACTIVO cycles in their patients' name order, as a sequence ``Paginator`` can page.

    Unfiltered or filtered by mes cápita, the cycles are paged along the
    (estado, apellido, nombre, paciente) index on the cycles' copy of their patient's names:
    a page skips index entries only. Unfiltered, it does not even skip every cycle before it:
    the counts per surname initial (``initials``) give the initial the page starts in and how
    many cycles come before it, and the walk starts at that initial. A search starts from the
    patients' search index instead and shows at most ``DATAMED_SEARCH_LIMIT`` patients
    (``LimitedMatches``): those that match and have an ACTIVO cycle (an indexed probe per
    patient), the most recently registered first, then their cycles in name order. A patient
    has at most one ACTIVO cycle (database constraint), so patients and cycles correspond.
    """

    def __init__(
        self,
        cycles: QuerySet[Ingreso],
        patient_condition: Q,
        unsearched: QuerySet[Ingreso],
        counts: QuerySet[CycleCountByStart] | None = None,
        initials: QuerySet[CycleCountByInitial] | None = None,
    ):
        """``cycles``: the matching cycles (exported whole); ``unsearched``: the same without the
        search, which a search probes per matching patient and pages its shown patients' cycles
        from (repeating the search there would run it twice); ``counts``: the database's counts
        that add up to their number, where there are such; ``initials``: their counts per surname
        initial, where there are such."""
        self.cycles = cycles
        self.counts = counts
        self.initials = initials
        self.matches = None
        if patient_condition:
            self.matches = LimitedMatches(
                Patient.objects.filter(patient_condition).filter(
                    Exists(unsearched.filter(paciente=OuterRef("pk")))
                ),
                _in_name_order(unsearched),
                settings.DATAMED_SEARCH_LIMIT,
                key="paciente_id",
            )

    @property
    def more_than_shown(self) -> bool:
        """Whether the search matched more patients than the list shows."""
        return self.matches is not None and self.matches.more_than_shown

    def count(self) -> int:
        if self.matches is not None:
            return self.matches.count()
        return self.counts.total() if self.counts is not None else self.cycles.count()

    def ordered(self) -> QuerySet[Ingreso]:
        """Every matching cycle in name order, as one queryset (exports stream it whole)."""
        return _in_name_order(self.cycles)

    def __len__(self) -> int:
        return self.count()

    def __getitem__(self, window: slice) -> list[Ingreso]:
        if self.matches is not None:
            return self.matches[window]
        # The ids first, from the index alone: an OFFSET that fetched whole joined rows
        # would read every skipped cycle and its patient.
        ids = self._ids(window)
        rows = self.cycles.select_related("paciente").in_bulk(ids)
        # A cycle another user moved out of the list between the two reads (suspended, closed,
        # moved to another EPS) is left out rather than failing the page.
        return [rows[pk] for pk in ids if pk in rows]

    def _ids(self, window: slice) -> list[int]:
        ids = self.ordered().values_list("id", flat=True)
        if self.initials is None or not window.start:
            return list(ids[window])
        first = self.initials.initial_at(window.start)
        if first is None:  # past the end
            return []
        initial, before = first
        return list(ids.filter(apellido__gte=initial)[window.start - before : window.stop - before])


def _in_name_order(cycles: QuerySet[Ingreso]) -> QuerySet[Ingreso]:
    return cycles.select_related("paciente").order_by("apellido", "nombre", "paciente_id")


def active_cycles(
    search: str = "", mes_capita: int | None = None, columns: tuple[str, ...] = ()
) -> ActiveCycleList:
    """ACTIVO cycles with their patient: the rows of ``/patients/``, read with ``columns`` only
    (all if none).

    Filtering by mes cápita is done in SQL on date ranges; the month shown for each of the
    page's rows comes from ``Ingreso.mes_capita``.
    """
    in_month = mes_capita_range(mes_capita, today()) if mes_capita else Q()
    unsearched = (
        Ingreso.objects.active().filter(in_month).select_related("paciente").only(*columns).order_by()
    )
    if not search:  # the total from the counts per start date, not from every active cycle
        counts = CycleCountByStart.objects.filter(in_month, estado=EstadoIngreso.ACTIVO)
        initials = None if mes_capita else CycleCountByInitial.objects.filter(estado=EstadoIngreso.ACTIVO)
        return ActiveCycleList(unsearched, Q(), unsearched, counts, initials)
    # The search on both sides, so either can start from the search index.
    cycles = unsearched.filter(search_filter(search, "paciente__"))
    return ActiveCycleList(cycles, search_filter(search), unsearched)


def patients_with_cycles(search: str = "") -> QuerySet[Patient]:
    """Every patient with all cycles (newest first) prefetched: the rows of ``/patients/follow``.

    Whether a patient has an open cycle is read from those cycles (``Patient.has_open_cycle``):
    as an ``EXISTS`` column, PostgreSQL hashed every open cycle of the program for each page.
    """
    patients = Patient.objects.prefetch_related(
        Prefetch("ingresos", queryset=Ingreso.objects.order_by("-fecha_inicio", "-id"))
    )
    if search:
        patients = patients.filter(search_filter(search))
    return patients.order_by("apellido", "nombre", "id")


def follow_rows(search: str = "") -> Counted | LimitedMatches:
    """The rows of ``/patients/follow`` as ``Paginator`` pages them: every patient, counted by
    the database's counts, or a search's first ``DATAMED_SEARCH_LIMIT`` matches."""
    patients = patients_with_cycles()
    if not search:
        return Counted(patients, PatientCountByGroup.objects.total)
    matches = Patient.objects.filter(search_filter(search))
    return LimitedMatches(matches, patients, settings.DATAMED_SEARCH_LIMIT)


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
        patients = patients.filter(search_filter(search))
    if mes_capita:
        in_month = Ingreso.objects.active().filter(mes_capita_range(mes_capita, today()))
        patients = patients.filter(Exists(in_month.filter(paciente=OuterRef("pk"))))
    if estado == EstadoIngreso.TERMINADO:
        patients = patients.exclude(Exists(Ingreso.objects.open().filter(paciente=OuterRef("pk"))))
    elif estado:
        patients = patients.filter(Exists(Ingreso.objects.filter(paciente=OuterRef("pk"), estado=estado)))
    return patients
