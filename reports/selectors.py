"""The monthly program report's figures per EPS and month (SPEC §11), read in SQL.

``program_figures`` answers in a fixed number of queries whatever the size of the program
(``QUERIES``): one pass over the EPS's cycles of the month, one over its attention log, one
over its monitored cycles, one histogram of basal-to-CPAP days and two for the 12-month trend.
The figures come back as plain JSON values (numbers, strings, ``None``), the form an issued
report freezes.

Definitions where SPEC §11 is silent (each also in the README):

- **EPS**: the cycle's copy of its patient's EPS (``Ingreso.entidad_salud``).
- **Active on a day**: the cycle had started and was ACTIVO that day, by the state changes
  dated up to that day (``fecha_cambio_estado``, read from the cycle's history for changes
  after it); the closing day is still a day of the cycle (a cycle closed on the 30th, while
  active, was active on the 30th). SUSPENDIDO is not active; those are counted apart.
- **Active at any time in the month**: started by the month's last day, not closed before its
  first, and ACTIVO on some day of it (active on the first day, started in the month, or
  reactivated in it). A cycle suspended the whole month is not billed.
- **Capita billed**: ``valor_capita`` of the patient of each such cycle, once per cycle, for
  months 1..18 of the cycle only (mes cápita, the rule of ``patients.models``): an open cycle
  past month 18 is flagged for closure, not billed; it is counted as ``vencidos_sin_facturar``.
- **Attentions**: valid lines of the attention log (voided ones never) dated in the month,
  per service type and per discipline (the record-type registry's).
- **Monitored cycles**: cycles with a valid monitoring dated in the month or device nights in
  the month. Adherent: the device verdict (``CUMPLE``) where the device sent nights in the
  month and the cycle has a verdict; otherwise the latest valid monitoring up to the month's
  end, whose % of nights with the rule's hours reaches the share of its EPS's rule.
- **Residual AHI**: the hours-weighted AHI of the month's device nights, or else the latest
  valid monitoring's residual AHI up to the month's end; ``< 5`` and ``< 10`` among the
  monitored cycles (the share's base is the monitored cycles with a value).
- **Basal-to-CPAP**: cycles whose first valid equipment delivery falls in the month: days
  from the cycle's start to that delivery; median (mean of the two middle values for an even
  count) and 90th percentile (nearest rank: the ⌈0.9·n⌉-th smallest value).
- **Protocol compliance** (SPEC §10): not available until the care plan exists
  (``protocol_compliance``, the extension point).
"""

import datetime
import math
from decimal import Decimal

from django.db.models import (
    BooleanField,
    Case,
    CharField,
    Count,
    DecimalField,
    DurationField,
    Exists,
    ExpressionWrapper,
    F,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from careplan import selectors as careplan
from exams.models import EquipoMedico, Monitoreo, Seguimiento
from exams.registry import RECORD_TYPES
from patients.capita import CYCLE_MONTHS, first_day_months_before
from patients.choices import EntidadSalud, EstadoIngreso, MotivoCierre, Veredicto
from patients.models import Ingreso
from reports.months import Month
from therapy.models import NocheTerapia

ACTIVO, SUSPENDIDO, TERMINADO = EstadoIngreso.ACTIVO, EstadoIngreso.SUSPENDIDO, EstadoIngreso.TERMINADO
HistoricalIngreso = Ingreso.history.model
TREND_MONTHS = 12
#: The queries ``program_figures`` makes, whatever the data (the query-count tests pin it).
QUERIES = 7
#: Closures without a reason (cycles imported from an earlier installation may lack one).
NO_REASON = "SIN_MOTIVO"
MONEY = DecimalField(max_digits=16, decimal_places=2)
AHI = DecimalField(max_digits=8, decimal_places=2)

#: Attention-log service type → discipline, from the record-type registry.
DISCIPLINES = {record_type.model.__name__: record_type.discipline for record_type in RECORD_TYPES}


# --- cycle states on a day -------------------------------------------------------------------


def settled_on(day: datetime.date) -> Q:
    """The state changes in force on ``day`` (of a cycle row or of one of its history rows):
    those dated up to that day, and a closure from the day after its date (the closing day is
    still a day of the cycle, in the state it closed from)."""
    return (
        Q(fecha_cambio_estado__isnull=True)
        | Q(fecha_cambio_estado__lt=day)
        | (Q(fecha_cambio_estado=day) & ~Q(estado=TERMINADO))
    )


def state_on(day: datetime.date):
    """The cycle's state on ``day``, as a database expression.

    The cycle's own row knows its state since its last change (``fecha_cambio_estado``); only
    a cycle changed after ``day`` needs its history (django-simple-history keeps one row per
    save, each with the state and the date of the change then in force: the latest of those in
    force on ``day`` gives the state then). A cycle written without history (a bulk load) falls
    back to the state its last change left: a suspension or a closure came from ACTIVO, a
    reactivation from SUSPENDIDO.
    """
    settled = settled_on(day)
    earlier = (
        HistoricalIngreso.objects.filter(id=OuterRef("id"))
        .filter(settled)
        .order_by("-history_id")
        .values("estado")[:1]
    )
    guess = Case(When(estado=ACTIVO, then=Value(SUSPENDIDO)), default=Value(ACTIVO))
    return Case(
        When(settled, then=F("estado")),
        default=Coalesce(Subquery(earlier), guess),
        output_field=CharField(),
    )


def in_month(month: Month) -> Q:
    """Cycles in the program some day of ``month`` (started by its end, not closed before it)."""
    return Q(fecha_inicio__lte=month.last) & (Q(fecha_fin__isnull=True) | Q(fecha_fin__gte=month.first))


class CycleTerms:
    """Conditions on cycles for the counts of one query, over per-cycle annotations that each
    state is computed from once (``annotations``: add them to the queryset before aggregating)."""

    def __init__(self):
        self.annotations: dict = {}

    def state(self, day: datetime.date) -> str:
        name = f"estado_{day:%Y%m%d}"
        if name not in self.annotations:
            self.annotations[name] = state_on(day)
        return name

    def active_on(self, day: datetime.date) -> Q:
        """Cycles ACTIVO on ``day``."""
        return Q(fecha_inicio__lte=day) & Q(**{self.state(day): ACTIVO})

    def suspended_on(self, day: datetime.date) -> Q:
        return Q(fecha_inicio__lte=day) & Q(**{self.state(day): SUSPENDIDO})

    def reactivated_in(self, month: Month) -> Q:
        """Cycles reactivated on a day of ``month`` after its first (a history row, or for a
        cycle without history its own row)."""
        name = f"reactivado_{month.year}{month.month:02d}"
        if name not in self.annotations:
            reactivation = Exists(
                HistoricalIngreso.objects.filter(
                    id=OuterRef("id"),
                    estado=ACTIVO,
                    fecha_cambio_estado__gt=month.first,
                    fecha_cambio_estado__lte=month.last,
                )
            )
            self.annotations[name] = Case(
                When(fecha_cambio_estado__gt=month.first, then=reactivation),
                default=Value(False),
                output_field=BooleanField(),
            )
        own_row = Q(estado=ACTIVO, fecha_cambio_estado__gt=month.first, fecha_cambio_estado__lte=month.last)
        return own_row | Q(**{name: True})

    def active_during(self, month: Month) -> Q:
        """Cycles ACTIVO some day of ``month``: active on its first day, started in it (a cycle
        starts ACTIVO) or reactivated in it."""
        return in_month(month) & (
            Q(fecha_inicio__gte=month.first) | self.active_on(month.first) | self.reactivated_in(month)
        )

    def billable(self, month: Month) -> Q:
        return self.active_during(month) & within_program_months(month)


def within_program_months(month: Month) -> Q:
    """Cycles in months 1..18 during ``month`` (mes cápita of ``patients.models``, as a date
    range on the start so the database compares dates instead of computing a month per row)."""
    return Q(fecha_inicio__gte=first_day_months_before(month.first, CYCLE_MONTHS - 1))


def closed_in(month: Month) -> Q:
    return Q(estado=TERMINADO, fecha_fin__gte=month.first, fecha_fin__lte=month.last)


# --- the figures ------------------------------------------------------------------------------


def _percentage(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _money(value) -> str:
    return str(Decimal(value or 0).quantize(Decimal("0.01")))


def cycle_figures(eps: str, month: Month) -> dict:
    """Patients active on the first and last day, admissions, closures by reason, capita."""
    reasons = [*MotivoCierre.values, NO_REASON]
    terms = CycleTerms()
    counts = {
        "activos_inicio": Count("id", filter=terms.active_on(month.first)),
        "activos_fin": Count("id", filter=terms.active_on(month.last)),
        "suspendidos_fin": Count("id", filter=terms.suspended_on(month.last)),
        "ingresos": Count("id", filter=Q(fecha_inicio__gte=month.first)),
        "capita_ciclos": Count("id", filter=terms.billable(month)),
        "capita_valor": Sum("paciente__valor_capita", filter=terms.billable(month), output_field=MONEY),
        "vencidos": Count("id", filter=terms.active_during(month) & ~within_program_months(month)),
        **{
            f"egreso_{reason}": Count(
                "id", filter=closed_in(month) & Q(motivo_cierre="" if reason == NO_REASON else reason)
            )
            for reason in reasons
        },
    }
    row = (
        Ingreso.objects.filter(entidad_salud=eps)
        .filter(in_month(month))
        .annotate(**terms.annotations)
        .aggregate(**counts)
    )
    closures = {reason: row[f"egreso_{reason}"] for reason in reasons}
    return {
        "pacientes_activos_inicio": row["activos_inicio"],
        "pacientes_activos_fin": row["activos_fin"],
        "suspendidos_fin": row["suspendidos_fin"],
        "ingresos": row["ingresos"],
        "egresos": {"total": sum(closures.values()), "por_motivo": closures},
        "capita": {
            "ciclos": row["capita_ciclos"],
            "valor": _money(row["capita_valor"]),
            "vencidos_sin_facturar": row["vencidos"],
        },
    }


def attention_figures(eps: str, month: Month) -> dict:
    rows = (
        Seguimiento.objects.filter(
            anulado=False,
            fecha_atencion__gte=month.first,
            fecha_atencion__lte=month.last,
            ingreso__entidad_salud=eps,
        )
        .values("tipo_servicio")
        .annotate(total=Count("id"))
        .order_by()
    )
    by_type = {tipo: 0 for tipo in DISCIPLINES if tipo in _attention_types()}
    for row in rows:
        by_type[row["tipo_servicio"]] = row["total"]
    by_discipline: dict[str, int] = {}
    for tipo, total in by_type.items():
        discipline = DISCIPLINES.get(tipo, tipo)
        by_discipline[discipline] = by_discipline.get(discipline, 0) + total
    return {"total": sum(by_type.values()), "por_tipo": by_type, "por_disciplina": by_discipline}


def _attention_types() -> list[str]:
    return [
        record_type.model.__name__ for record_type in RECORD_TYPES if record_type.model.writes_attention_log
    ]


def monitoring_figures(eps: str, month: Month) -> dict:
    """Monitored cycles, % adherent and residual AHI < 5 and < 10 among them."""
    monitorings = Monitoreo.objects.filter(anulado=False, ingreso=OuterRef("pk"))
    latest = monitorings.filter(fecha_atencion__lte=month.last).order_by(
        "-fecha_atencion", "-created_at", "-id"
    )
    nights = NocheTerapia.objects.filter(
        ingreso=OuterRef("pk"), noche__gte=month.first, noche__lte=month.last
    )
    weighted_ahi = (
        nights.filter(iah__isnull=False, minutos_uso__gt=0)
        .order_by()
        .values("ingreso")
        .annotate(
            ahi=ExpressionWrapper(
                Sum(ExpressionWrapper(F("iah") * F("minutos_uso"), output_field=AHI)) / Sum("minutos_uso"),
                output_field=AHI,
            )
        )
        .values("ahi")
    )
    device_in_month = Exists(nights)
    # The month's monitorings name most candidates in one pass over their table; a night in the
    # month is looked up only for cycles whose last night (a summary the database keeps on the
    # cycle) is not before the month.
    candidates = Q(
        pk__in=Monitoreo.objects.filter(
            anulado=False, fecha_atencion__gte=month.first, fecha_atencion__lte=month.last
        ).values("ingreso_id")
    ) | (Q(ultima_noche_equipo__gte=month.first) & Q(device_in_month))
    cycles = (
        Ingreso.objects.filter(entidad_salud=eps)
        .filter(in_month(month) & candidates)
        .annotate(
            con_equipo=device_in_month,
            uso=Subquery(latest.values("dias_uso_horas_4")[:1]),
            residual=Coalesce(
                Subquery(weighted_ahi, output_field=AHI),
                Subquery(latest.values("hipopnea_residual")[:1]),
                output_field=AHI,
            ),
        )
        # One row per cycle with its figures, aggregated outside: each look-up runs once per
        # cycle rather than once per count that reads it (DISTINCT makes Django nest the query).
        .values("id", "con_equipo", "uso", "residual", "veredicto_equipo", "umbral_adherencia")
        .distinct()
    )
    by_device = Q(con_equipo=True) & ~Q(veredicto_equipo=Veredicto.SIN_DATOS)
    adherent = (by_device & Q(veredicto_equipo=Veredicto.CUMPLE)) | (
        ~by_device & Q(uso__gte=F("umbral_adherencia"))
    )
    row = cycles.aggregate(
        monitoreados=Count("id"),
        adherentes=Count("id", filter=adherent),
        por_equipo=Count("id", filter=by_device),
        con_iah=Count("id", filter=Q(residual__isnull=False)),
        iah_5=Count("id", filter=Q(residual__lt=5)),
        iah_10=Count("id", filter=Q(residual__lt=10)),
    )
    return {
        "ciclos_monitoreados": row["monitoreados"],
        "adherentes": row["adherentes"],
        "porcentaje_adherentes": _percentage(row["adherentes"], row["monitoreados"]),
        "juzgados_por_equipo": row["por_equipo"],
        "con_iah_residual": row["con_iah"],
        "iah_residual_menor_5": row["iah_5"],
        "porcentaje_iah_menor_5": _percentage(row["iah_5"], row["con_iah"]),
        "iah_residual_menor_10": row["iah_10"],
        "porcentaje_iah_menor_10": _percentage(row["iah_10"], row["con_iah"]),
    }


def median_and_p90(histogram: list[tuple[int, int]]) -> tuple[float | None, int | None]:
    """Median and nearest-rank 90th percentile of values given as (value, count), sorted."""
    total = sum(count for _, count in histogram)
    if not total:
        return None, None

    def nth(rank: int) -> int:  # 1-based
        seen = 0
        for value, count in histogram:
            seen += count
            if seen >= rank:
                return value
        raise AssertionError("rank beyond the histogram")

    median = float(nth(total // 2 + 1)) if total % 2 else (nth(total // 2) + nth(total // 2 + 1)) / 2
    return median, nth(math.ceil(0.9 * total))


def basal_to_cpap_figures(eps: str, month: Month) -> dict:
    valid = EquipoMedico.objects.filter(anulado=False)
    # The cycle's first valid delivery: no valid delivery of the cycle before it (same day: the
    # one registered first).
    earlier = valid.filter(ingreso=OuterRef("ingreso")).filter(
        Q(fecha_atencion__lt=OuterRef("fecha_atencion"))
        | Q(fecha_atencion=OuterRef("fecha_atencion"), id__lt=OuterRef("id"))
    )
    rows = (
        valid.filter(
            fecha_atencion__gte=month.first,
            fecha_atencion__lte=month.last,
            ingreso__entidad_salud=eps,
        )
        .exclude(Exists(earlier))
        .annotate(
            dias=ExpressionWrapper(
                F("fecha_atencion") - F("ingreso__fecha_inicio"), output_field=DurationField()
            )
        )
        .values("dias")
        .annotate(ciclos=Count("id"))
        .order_by("dias")
    )
    histogram = [(_days(row["dias"]), row["ciclos"]) for row in rows]
    median, p90 = median_and_p90(histogram)
    return {"entregas": sum(count for _, count in histogram), "mediana_dias": median, "p90_dias": p90}


def _days(value) -> int:
    if isinstance(value, datetime.timedelta):
        return value.days
    return int(value)  # a backend that answers date − date in days


def protocol_compliance(eps: str, month: Month) -> dict:
    """Protocol compliance (SPEC §10) of the EPS's cycles in ``month``: the care plan's items
    whose window closed in the month, and those done in their window (``careplan``)."""
    return careplan.compliance_between(eps, month.first, month.last)


def trend(eps: str, month: Month) -> list[dict]:
    """The 12 months ending with ``month``: active at the month's end, admissions, closures,
    capita billed and attentions (two queries)."""
    months = month.previous_months(TREND_MONTHS)
    span = Month.of(months[0].first), month
    cycles = Ingreso.objects.filter(entidad_salud=eps).filter(
        Q(fecha_inicio__lte=span[1].last) & (Q(fecha_fin__isnull=True) | Q(fecha_fin__gte=span[0].first))
    )
    terms = CycleTerms()
    aggregates = {}
    for index, each in enumerate(months):
        aggregates[f"activos_{index}"] = Count("id", filter=terms.active_on(each.last))
        aggregates[f"ingresos_{index}"] = Count(
            "id", filter=Q(fecha_inicio__gte=each.first, fecha_inicio__lte=each.last)
        )
        aggregates[f"egresos_{index}"] = Count("id", filter=closed_in(each))
        aggregates[f"capita_{index}"] = Sum(
            "paciente__valor_capita", filter=terms.billable(each), output_field=MONEY
        )
    row = cycles.annotate(**terms.annotations).aggregate(**aggregates)
    attentions = Seguimiento.objects.filter(
        anulado=False,
        ingreso__entidad_salud=eps,
        fecha_atencion__gte=span[0].first,
        fecha_atencion__lte=span[1].last,
    ).aggregate(
        **{
            f"atenciones_{index}": Count(
                "id", filter=Q(fecha_atencion__gte=each.first, fecha_atencion__lte=each.last)
            )
            for index, each in enumerate(months)
        }
    )
    return [
        {
            "mes": str(each),
            "pacientes_activos_fin": row[f"activos_{index}"],
            "ingresos": row[f"ingresos_{index}"],
            "egresos": row[f"egresos_{index}"],
            "capita_valor": _money(row[f"capita_{index}"]),
            "atenciones": attentions[f"atenciones_{index}"],
        }
        for index, each in enumerate(months)
    ]


def program_figures(eps: str, month: Month, *, with_trend: bool = True) -> dict:
    """Every figure of the monthly program report of ``eps`` for ``month`` (SPEC §11)."""
    if eps not in EntidadSalud.values:
        raise ValueError(f"EPS desconocida: {eps}")
    figures = {
        "eps": eps,
        "eps_nombre": EntidadSalud(eps).label,
        "mes": str(month),
        "desde": month.first.isoformat(),
        "hasta": month.last.isoformat(),
        **cycle_figures(eps, month),
        "atenciones": attention_figures(eps, month),
        "monitoreo": monitoring_figures(eps, month),
        "basal_a_cpap": basal_to_cpap_figures(eps, month),
        "cumplimiento_protocolo": protocol_compliance(eps, month),
    }
    if with_trend:
        figures["tendencia"] = trend(eps, month)
    return figures
