"""Writes of the care plan: each cycle's items recomputed from its protocol and its records.

``refresh_plans`` is the one function that writes ``ItemPlan``. It is called in the
transaction of every write that changes a plan (``careplan/hooks.py``: records written through
``exams.services``, cycles and patients saved, cycles written in bulk, protocol versions saved
in the admin), and by ``manage.py refresh_care_plans`` for the whole table. It writes only what
differs, so a refresh that finds the plan right writes nothing.
"""

import bisect
import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import connections, router, transaction
from django.db.models import Q

from careplan.choices import DISCIPLINA_DE_TIPO, NoAplica
from careplan.models import ItemPlan, ItemProtocolo, VersionProtocolo
from patients.choices import EstadoIngreso
from patients.models import Ingreso

BATCH = 1000
#: The columns ``refresh_plans`` derives (the rest is the key: cycle and protocol item).
DERIVED = (
    "tipo",
    "disciplina",
    "fecha_objetivo",
    "ventana_inicio",
    "ventana_fin",
    "cumplido_el",
    "no_aplica",
    "estado_ciclo",
    "entidad_salud",
    "programa",
    "abierto",
)


@dataclass(slots=True)
class PlanRow:
    """An item of a plan as it should be (a plain row: a plan is thousands of them)."""

    ingreso_id: int
    item_id: int
    tipo: str
    disciplina: str
    fecha_objetivo: datetime.date
    ventana_inicio: datetime.date
    ventana_fin: datetime.date
    cumplido_el: datetime.date | None
    no_aplica: str
    estado_ciclo: str
    entidad_salud: str
    programa: str
    abierto: bool


@dataclass(frozen=True)
class Period:
    """Days a cycle was suspended: from ``start`` up to the day before ``end`` (open: ``None``)."""

    start: datetime.date
    end: datetime.date | None

    def overlaps(self, first: datetime.date, last: datetime.date) -> bool:
        return last >= self.start and (self.end is None or first < self.end)


def suspension_periods(states: Iterable[tuple[str, datetime.date | None, datetime.date]]) -> list[Period]:
    """The suspensions of a cycle from its successive states, oldest first: (state, date of the
    change, date the row was written, used when the change has no date)."""
    periods, start, previous = [], None, None
    for estado, changed, written in states:
        on = changed or written
        if estado == EstadoIngreso.SUSPENDIDO and previous != EstadoIngreso.SUSPENDIDO:
            start = on
        elif estado != EstadoIngreso.SUSPENDIDO and previous == EstadoIngreso.SUSPENDIDO:
            periods.append(Period(start, on))
        previous = estado
    if previous == EstadoIngreso.SUSPENDIDO:
        periods.append(Period(start, None))
    return periods


def version_for(versions: list[VersionProtocolo], programa: str, inicio: datetime.date):
    """The version of ``programa`` in force on ``inicio`` (the earliest one for a cycle that
    started before any), or None when the program has no protocol."""
    own = [version for version in versions if version.programa == programa]
    if not own:
        return None
    in_force = [version for version in own if version.vigente_desde <= inicio]
    if in_force:
        return max(in_force, key=lambda version: version.vigente_desde)
    return min(own, key=lambda version: version.vigente_desde)


def _versions() -> list[VersionProtocolo]:
    return list(VersionProtocolo.objects.prefetch_related("items"))


def _states(cycles: list[Ingreso]) -> dict[int, list]:
    """Each cycle's successive states: its history (every save through the ORM), then the row
    as it is now (a write that left no history still counts)."""
    ids = [cycle.pk for cycle in cycles]
    states = defaultdict(list)
    history = (
        Ingreso.history.model.objects.filter(id__in=ids)
        .order_by("id", "history_date", "history_id")
        .values_list("id", "estado", "fecha_cambio_estado", "history_date")
    )
    for pk, estado, changed, written in history.iterator(chunk_size=5000):
        states[pk].append((estado, changed, written.date()))
    for cycle in cycles:
        states[cycle.pk].append((cycle.estado, cycle.fecha_cambio_estado, cycle.fecha_inicio))
    return states


def _care_dates(ids: list[int], tipos: set[str]) -> dict[tuple[int, str], list[datetime.date]]:
    """Sorted care dates of the valid records of each (cycle, type)."""
    from exams.registry import REGISTRY

    dates = defaultdict(list)
    for tipo in sorted(tipos):
        model = REGISTRY[tipo].model
        rows = model._base_manager.filter(ingreso_id__in=ids, anulado=False).values_list(
            "ingreso_id", model.care_date_field
        )
        for pk, care in rows.iterator(chunk_size=5000):
            dates[pk, tipo].append(care)
    for values in dates.values():
        values.sort()
    return dates


def _done(dates: list[datetime.date], first: datetime.date, last: datetime.date):
    """The earliest of ``dates`` (sorted) inside ``[first, last]``, or None."""
    index = bisect.bisect_left(dates, first)
    if index < len(dates) and dates[index] <= last:
        return dates[index]
    return None


def expected_items(
    cycle: Ingreso, items: list[ItemProtocolo], periods: list[Period], dates
) -> list[ItemPlan]:
    """The plan of ``cycle`` (unsaved rows) from its protocol's items (SPEC §10)."""
    plan = []
    for item in items:
        due, first, last = item.window(cycle.fecha_inicio)
        done = _done(dates.get((cycle.pk, item.tipo), []), first, last)
        excused = NoAplica.NINGUNO
        if done is None:
            if any(period.overlaps(first, last) for period in periods):
                excused = NoAplica.SUSPENDIDO
            elif cycle.estado == EstadoIngreso.TERMINADO and cycle.fecha_fin and last > cycle.fecha_fin:
                excused = NoAplica.CERRADO
        plan.append(
            PlanRow(
                cycle.pk,
                item.pk,
                item.tipo,
                DISCIPLINA_DE_TIPO[item.tipo],
                due,
                first,
                last,
                done,
                excused,
                cycle.estado,
                cycle.entidad_salud,
                cycle.programa,
                cycle.estado == EstadoIngreso.ACTIVO and done is None and not excused,
            )
        )
    return plan


def _cycles(ids: list[int]) -> list[Ingreso]:
    return list(
        Ingreso.objects.filter(pk__in=ids).only(
            "id", "fecha_inicio", "fecha_fin", "estado", "fecha_cambio_estado", "entidad_salud", "programa"
        )
    )


def compute_plans(ids: list[int], versions: list[VersionProtocolo] | None = None) -> dict[tuple, PlanRow]:
    """The plans the cycles ``ids`` should have, by (cycle, protocol item)."""
    versions = _versions() if versions is None else versions
    cycles = _cycles(ids)
    states = _states(cycles)
    chosen = {cycle.pk: version_for(versions, cycle.programa, cycle.fecha_inicio) for cycle in cycles}
    tipos = {item.tipo for version in chosen.values() if version for item in version.items.all()}
    dates = _care_dates([cycle.pk for cycle in cycles], tipos)
    expected = {}
    for cycle in cycles:
        version = chosen[cycle.pk]
        if version is None:
            continue
        periods = suspension_periods(states[cycle.pk])
        for row in expected_items(cycle, list(version.items.all()), periods, dates):
            expected[row.ingreso_id, row.item_id] = row
    return expected


def _differs(stored: ItemPlan, wanted: PlanRow) -> bool:
    return any(getattr(stored, name) != getattr(wanted, name) for name in DERIVED)


@transaction.atomic
def refresh_plans(ingreso_ids: Iterable[int] | None = None) -> int:
    """Bring the plans of the given cycles (every cycle when ``None``) in line with their
    protocol, state and records, writing only what differs. Returns the rows written."""
    if ingreso_ids is None:
        ids = list(Ingreso.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(ingreso_ids))
    versions = _versions()
    written = 0
    for index in range(0, len(ids), BATCH):
        written += _refresh_batch(ids[index : index + BATCH], versions)
    return written


def _refresh_batch(ids: list[int], versions) -> int:
    expected = compute_plans(ids, versions)
    stored = {(row.ingreso_id, row.item_id): row for row in ItemPlan.objects.filter(ingreso_id__in=ids)}
    gone = [row.pk for key, row in stored.items() if key not in expected]
    new = [row for key, row in expected.items() if key not in stored]
    changed = [
        ItemPlan(pk=stored[key].pk, **{name: getattr(row, name) for name in DERIVED})
        for key, row in expected.items()
        if key in stored and _differs(stored[key], row)
    ]
    if gone:
        ItemPlan.objects.filter(pk__in=gone).delete()
    if new:
        _insert(new)
    if changed:
        ItemPlan.objects.bulk_update(changed, DERIVED, batch_size=500)
    return len(gone) + len(new) + len(changed)


def record_registered(ingreso_id: int, tipo: str, on: datetime.date) -> int:
    """A new valid record of ``tipo`` dated ``on`` in cycle ``ingreso_id``: its plan's items of
    that type whose window holds ``on`` and that were not done earlier are done on ``on``.

    This is what ``refresh_plans`` would write, in one statement instead of a dozen: adding a
    date can only make a window's earliest record earlier, and a done item is neither excused
    nor open; the cycle, its history and its other records do not change. An edit or a void
    can undo an item, whose excuse then depends on the cycle's suspensions: those go through
    ``refresh_plans``. Returns the items written."""
    return (
        ItemPlan.objects.filter(ingreso_id=ingreso_id, tipo=tipo, ventana_inicio__lte=on, ventana_fin__gte=on)
        .filter(Q(cumplido_el__isnull=True) | Q(cumplido_el__gt=on))
        .update(cumplido_el=on, no_aplica=NoAplica.NINGUNO, abierto=False)
    )


def _insert(rows: list[PlanRow]) -> None:
    """Insert new items with one prepared statement (``bulk_create`` spends most of its time
    compiling each value: a whole program's plans are millions of them)."""
    connection = connections[router.db_for_write(ItemPlan)]
    columns = ("ingreso_id", "item_id", *DERIVED)
    quote = connection.ops.quote_name
    sql = (
        f"INSERT INTO {quote(ItemPlan._meta.db_table)} ({', '.join(map(quote, columns))}) "  # noqa: S608 - constant names
        f"VALUES ({', '.join(['%s'] * len(columns))})"
    )
    adapt = connection.ops.adapt_datefield_value
    dates = {"fecha_objetivo", "ventana_inicio", "ventana_fin", "cumplido_el"}
    values = [
        tuple(adapt(getattr(row, name)) if name in dates else getattr(row, name) for name in columns)
        for row in rows
    ]
    with connection.cursor() as cursor:
        for index in range(0, len(values), 5000):
            cursor.executemany(sql, values[index : index + 5000])


def stale_plans(batch: int = BATCH) -> list[tuple[int, int, str]]:
    """Rows that differ from a recomputation: (cycle, protocol item, what differs)."""
    ids = list(Ingreso.objects.order_by("pk").values_list("pk", flat=True))
    versions = _versions()
    found = []
    for index in range(0, len(ids), batch):
        chunk = ids[index : index + batch]
        expected = compute_plans(chunk, versions)
        stored = {(row.ingreso_id, row.item_id): row for row in ItemPlan.objects.filter(ingreso_id__in=chunk)}
        for key in sorted(expected.keys() | stored.keys()):
            if key not in stored:
                found.append((*key, "falta"))
            elif key not in expected:
                found.append((*key, "sobra"))
            elif _differs(stored[key], expected[key]):
                names = [n for n in DERIVED if getattr(stored[key], n) != getattr(expected[key], n)]
                found.append((*key, ", ".join(names)))
    return found


def cycles_of_program(programa: str) -> list[int]:
    """Every cycle of a program: those a new or changed version may concern."""
    return list(Ingreso.objects.filter(programa=programa).values_list("pk", flat=True))


def fill_missing_plans() -> int:
    """Give their plan to the cycles of a program with a protocol that have none (after
    ``migrate``: the cycles that existed before the care plan). Returns the rows written."""
    programs = VersionProtocolo.objects.values("programa")
    missing = (
        Ingreso.objects.filter(programa__in=programs)
        .exclude(pk__in=ItemPlan.objects.values("ingreso_id"))
        .values_list("pk", flat=True)
    )
    ids = list(missing)
    return refresh_plans(ids) if ids else 0


def version_in_use(version: VersionProtocolo) -> bool:
    """Whether a cycle follows the version: its items are then kept as they are."""
    return version.pk is not None and ItemPlan.objects.filter(item__version=version).exists()


def refresh_after_version_change(programa: str, since: datetime.date) -> int:
    """After a version of ``programa`` taking effect on ``since`` was created, changed or
    deleted: the cycles of the program started since then follow the version now in force."""
    ids = Ingreso.objects.filter(programa=programa, fecha_inicio__gte=since).values_list("pk", flat=True)
    return refresh_plans(list(ids))


@transaction.atomic
def copy_version(version: VersionProtocolo, vigente_desde: datetime.date, nota: str = "") -> VersionProtocolo:
    """A new version of the program with the items of ``version``, in force from ``vigente_desde``."""
    copy = VersionProtocolo(programa=version.programa, vigente_desde=vigente_desde, nota=nota)
    copy.full_clean()
    copy.save()
    ItemProtocolo.objects.bulk_create(
        ItemProtocolo(
            version=copy,
            tipo=item.tipo,
            mes=item.mes,
            dia_limite=item.dia_limite,
            tolerancia_antes=item.tolerancia_antes,
            tolerancia_despues=item.tolerancia_despues,
            etiqueta=item.etiqueta,
        )
        for item in version.items.all()
    )
    refresh_after_version_change(copy.programa, vigente_desde)
    return copy
