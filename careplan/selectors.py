"""Reads of the care plan: the worklist, a cycle's plan, the dashboard's figures.

Every figure reads ``ItemPlan`` along one of its indexes; none depends on the number of rows
for its number of queries. Dates are the clinic's today unless given.
"""

import datetime
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.db.models import Q, Sum

from careplan.choices import Disciplina, EstadoItem
from careplan.models import ComplianceCount, ItemPlan, WorklistCount
from datamed.sequences import Counted
from patients.choices import EntidadSalud, Programa
from patients.models import Ingreso, today
from users.permissions import CHANGE_CYCLE

#: Days ahead the worklist's "próximos" view looks.
UPCOMING_DAYS = 30
#: Months back the dashboard's compliance looks.
COMPLIANCE_MONTHS = 6
WORKLIST_COLUMNS = (
    "tipo",
    "disciplina",
    "fecha_objetivo",
    "ventana_inicio",
    "ventana_fin",
    "entidad_salud",
    "programa",
    "item__etiqueta",
    "ingreso__paciente__id",
    "ingreso__paciente__nombre",
    "ingreso__paciente__apellido",
    "ingreso__paciente__tipo_documento",
    "ingreso__paciente__documento",
    "ingreso__paciente__celular",
    "ingreso__paciente__telefono",
)


def sees_every_discipline(user) -> bool:
    """Coordinators and administrators (who manage cycles) see every discipline's worklist."""
    return user.is_superuser or user.has_perm(CHANGE_CYCLE)


def user_disciplines(user) -> list[str]:
    """The disciplines of the user's clinical groups (``users/permissions.py``), by slug."""
    by_name = {label: value for value, label in Disciplina.choices}
    names = user.groups.values_list("name", flat=True)
    return sorted(by_name[name] for name in names if name in by_name)


@dataclass(frozen=True)
class WorklistScope:
    """Which disciplines a user's worklist covers, and whether they may choose one."""

    disciplinas: tuple[str, ...]
    may_choose: bool
    chosen: str = ""


def worklist_scope(user, requested: str = "") -> WorklistScope:
    """A clinician sees the items of their discipline(s); a coordinator (and a user with no
    clinical discipline, who only reads) sees every discipline and may narrow to one with
    ``?disciplina=``."""
    own = user_disciplines(user)
    if own and not sees_every_discipline(user):
        chosen = requested if requested in own and len(own) > 1 else ""
        return WorklistScope(tuple([chosen] if chosen else own), may_choose=len(own) > 1, chosen=chosen)
    if requested in Disciplina.values:
        return WorklistScope((requested,), may_choose=True, chosen=requested)
    return WorklistScope(tuple(Disciplina.values), may_choose=True)


def worklist(
    scope: WorklistScope,
    on: datetime.date | None = None,
    eps: str = "",
    programa: str = "",
    upcoming: bool = False,
) -> Counted:
    """Items of ACTIVO cycles pendiente or vencido (most overdue first), or, ``upcoming``, those
    whose window opens in the next 30 days (soonest first); paged with their count from the
    database's counts (``.rows``: the queryset, for exports)."""
    on = on or today()
    items = ItemPlan.objects.upcoming(on, UPCOMING_DAYS) if upcoming else ItemPlan.objects.due_on(on)
    if len(scope.disciplinas) < len(Disciplina.values):
        items = items.filter(disciplina__in=scope.disciplinas)
    if eps:
        items = items.filter(entidad_salud=eps)
    if programa:
        items = items.filter(programa=programa)
    order = ("ventana_inicio", "id") if upcoming else ("ventana_fin", "id")
    rows = items.select_related("item", "ingreso__paciente").only(*WORKLIST_COLUMNS).order_by(*order)
    return WorklistRows(
        items.order_by(*order), rows, lambda: worklist_count(scope, on, eps, programa, upcoming)
    )


class WorklistRows(Counted):
    """The worklist, paged in two steps: the page's item ids along the worklist's index (the
    plan items alone, so the database stops after the page), then those items with their
    patients. Joined in one query, SQLite may start from the cycles and sort every open item.
    ``rows`` is the joined queryset, for exports."""

    def __init__(self, items, rows, count):
        super().__init__(rows, count)
        self.items = items

    def __getitem__(self, window: slice) -> list:
        ids = list(self.items.values_list("id", flat=True)[window])
        # By id alone: with the list's filters too, SQLite may walk an index of those instead.
        page = ItemPlan.objects.select_related("item", "ingreso__paciente").only(*WORKLIST_COLUMNS)
        found = page.in_bulk(ids)
        return [found[pk] for pk in ids]


def worklist_count(
    scope: WorklistScope, on: datetime.date, eps: str = "", programa: str = "", upcoming: bool = False
) -> int:
    """How many items ``worklist`` lists, from the database's counts (``careplan/counts.py``):
    counting the items themselves reads every overdue item of the program on each page."""
    counts = WorklistCount.objects.filter(abierto__in=[True])  # see ItemPlanQuerySet.abiertos
    if upcoming:
        counts = counts.filter(
            ventana_inicio__gt=on, ventana_inicio__lte=on + datetime.timedelta(days=UPCOMING_DAYS)
        )
    else:
        counts = counts.filter(ventana_inicio__lte=on)
    if len(scope.disciplinas) < len(Disciplina.values):
        counts = counts.filter(disciplina__in=scope.disciplinas)
    if eps:
        counts = counts.filter(entidad_salud=eps)
    if programa:
        counts = counts.filter(programa=programa)
    return counts.total()


@dataclass
class PlanLine:
    item: ItemPlan
    estado: str

    @property
    def estado_label(self) -> str:
        return EstadoItem(self.estado).label


def cycle_plan(ingreso: Ingreso, on: datetime.date | None = None) -> list[PlanLine]:
    """The cycle's plan in window order, each item with its state today (the timeline)."""
    on = on or today()
    items = (
        ItemPlan.objects.filter(ingreso=ingreso)
        .select_related("item")
        .order_by("ventana_inicio", "tipo", "id")
    )
    return [PlanLine(item, item.estado_on(on)) for item in items]


def cycle_plans(ingreso_ids, on: datetime.date | None = None) -> dict[int, list[PlanLine]]:
    """``cycle_plan`` for many cycles in one query (the API's cycle list)."""
    on = on or today()
    plans: dict[int, list[PlanLine]] = {pk: [] for pk in ingreso_ids}
    items = (
        ItemPlan.objects.filter(ingreso_id__in=list(plans))
        .select_related("item")
        .order_by("ingreso_id", "ventana_inicio", "tipo", "id")
    )
    for item in items:
        plans[item.ingreso_id].append(PlanLine(item, item.estado_on(on)))
    return plans


def compliance(on: datetime.date | None = None, months: int = COMPLIANCE_MONTHS) -> list[dict]:
    """Per EPS and program: items cumplidos ÷ items whose window closed in the last ``months``
    months (excused items left out), with both counts. Read from the database's counts
    (``careplan/counts.py``): a few thousand rows whatever the size of the program."""
    on = on or today()
    since = on - relativedelta(months=months)
    rows = (
        ComplianceCount.objects.filter(ventana_fin__gte=since, ventana_fin__lt=on, excusado=0)
        .values("entidad_salud", "programa")
        .annotate(cerrados=Sum("total"), cumplidos=Sum("total", filter=Q(cumplido=1)))
        .filter(cerrados__gt=0)
        .order_by("entidad_salud", "programa")
    )
    return [
        {
            **row,
            "cumplidos": row["cumplidos"] or 0,
            "porcentaje": round(100 * (row["cumplidos"] or 0) / row["cerrados"], 1),
        }
        for row in rows
    ]


def compliance_between(eps: str, first: datetime.date, last: datetime.date) -> dict:
    """Protocol compliance of ``eps``'s cycles over the days ``first``..``last`` (a month of
    the program report, SPEC §11): of the items whose window closed on one of those days
    before today, excused ones left out, how many were done in their window."""
    last = min(last, today() - datetime.timedelta(days=1))
    totals = ComplianceCount.objects.filter(
        entidad_salud=eps, ventana_fin__gte=first, ventana_fin__lte=last, excusado=0
    ).aggregate(cerrados=Sum("total"), cumplidos=Sum("total", filter=Q(cumplido=1)))
    closed, done = totals["cerrados"] or 0, totals["cumplidos"] or 0
    return {
        "items_cerrados": closed,
        "cumplidos": done,
        "porcentaje": round(100 * done / closed, 1) if closed else None,
    }


def overdue_by_discipline(on: datetime.date | None = None) -> dict[str, int]:
    """Items vencidos of ACTIVO cycles, per discipline (every discipline, zero included), from
    the database's counts."""
    on = on or today()
    counts = {value: 0 for value in Disciplina.values}
    rows = (
        WorklistCount.objects.filter(abierto__in=[True], ventana_fin__lt=on)
        .values("disciplina")
        .annotate(vencidos=Sum("total"))
        .order_by()
    )
    for row in rows:
        counts[row["disciplina"]] = row["vencidos"] or 0
    return counts


def history_panel(ingreso) -> dict | None:
    """The clinical history's panel: the cycle's plan as a timeline with counts per state."""
    lines = cycle_plan(ingreso)
    if not lines:
        return None
    counts = {value: 0 for value in EstadoItem.values}
    for line in lines:
        counts[line.estado] += 1
    return {"lines": lines, "counts": counts}


def dashboard_panel(on: datetime.date | None = None) -> dict:
    """The dashboard's care-plan figures: compliance per EPS and program, overdue per discipline."""
    on = on or today()
    overdue = overdue_by_discipline(on)
    return {
        "compliance": [
            {
                **row,
                "eps_label": EntidadSalud(row["entidad_salud"]).label,
                "programa_label": Programa(row["programa"]).label,
            }
            for row in compliance(on)
            if row["entidad_salud"] and row["programa"]
        ],
        "overdue": [
            {"slug": value, "label": label, "total": overdue[value]} for value, label in Disciplina.choices
        ],
        "months": COMPLIANCE_MONTHS,
    }
