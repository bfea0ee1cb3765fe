"""Reads of the therapy app: a window's figures, the clinical page's charts and the dashboard's
adherence panel, each in a fixed number of queries."""

import datetime
from collections import Counter
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.db.models import Case, Q, Value, When

from datamed.compiled import CompiledQuery
from datamed.sequences import ChainedQuerySets
from exams.choices import FuenteMonitoreo
from exams.models import EquipoMedico, Monitoreo, Psicologia
from patients.choices import EstadoIngreso, Veredicto
from patients.counts import NO_DEVICE_NIGHT
from patients.models import CycleCountByDevice, Ingreso, today
from therapy.models import NocheTerapia, ReglaAdherencia, ResumenAdherencia, default_rule, rule_for

TREND_NIGHTS = 90
ONE_DAY = datetime.timedelta(days=1)
CENT = Decimal("0.01")


def _round(value) -> Decimal | None:
    return None if value is None else Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def _pct(part: int, whole: int) -> Decimal:
    return _round(Decimal(100 * part) / whole) if whole else Decimal("0")


@dataclass(frozen=True)
class WindowFigures:
    """A monitoring's figures over the nights ``inicio``..``fin`` (SPEC §8). A night without a
    row counts as not used; several serials or mask sessions on one night add up. A night
    *meets the hours* when its use reaches the hours per night of the EPS's rule."""

    inicio: datetime.date
    fin: datetime.date
    noches: int
    noches_con_datos: int
    noches_usadas: int
    noches_con_horas: int
    pct_usadas: Decimal
    pct_con_horas: Decimal
    horas_media: Decimal | None
    iah_residual: Decimal | None
    presion: Decimal | None
    fuga: Decimal | None
    modo: str


def _weighted(rows, name: str) -> Decimal | None:
    """Mean of ``name`` over used rows, weighted by minutes of use."""
    weighted = [
        (row[name], row["minutos_uso"]) for row in rows if row[name] is not None and row["minutos_uso"]
    ]
    minutes = sum(used for _, used in weighted)
    return _round(sum(value * used for value, used in weighted) / minutes) if minutes else None


def window_figures(
    ingreso: Ingreso, start: datetime.date, end: datetime.date, regla: ReglaAdherencia | None = None
) -> WindowFigures:
    """One query (two without ``regla``, the rule of the cycle's EPS): the rows of the window
    (at most nights × serials)."""
    minutes = (regla or rule_for(ingreso.entidad_salud)).minutos_noche
    rows = list(
        NocheTerapia.objects.filter(ingreso=ingreso, noche__range=(start, end)).values(
            "noche", "minutos_uso", "iah", "presion_p95", "fuga_p95", "modo"
        )
    )
    per_night = Counter()
    for row in rows:
        per_night[row["noche"]] += row["minutos_uso"]
    nights = (end - start).days + 1
    used = [used for used in per_night.values() if used > 0]
    meeting = sum(1 for used_minutes in used if used_minutes >= minutes)
    modes = Counter(row["modo"] for row in rows if row["minutos_uso"] and row["modo"])
    return WindowFigures(
        inicio=start,
        fin=end,
        noches=nights,
        noches_con_datos=len(per_night),
        noches_usadas=len(used),
        noches_con_horas=meeting,
        pct_usadas=_pct(len(used), nights),
        pct_con_horas=_pct(meeting, nights),
        horas_media=_round(Decimal(sum(used)) / len(used) / 60) if used else None,
        iah_residual=_weighted(rows, "iah"),
        presion=_weighted(rows, "presion_p95"),
        fuga=_weighted(rows, "fuga_p95"),
        modo=modes.most_common(1)[0][0] if modes else "",
    )


def default_window(
    ingreso: Ingreso, last: datetime.date | None, regla: ReglaAdherencia
) -> tuple[datetime.date, datetime.date]:
    """The rule's window (30 nights by default) up to the latest night with data (or last
    night), within the cycle."""
    end = last or today() - ONE_DAY
    return max(ingreso.fecha_inicio, end - (regla.ventana_noches - 1) * ONE_DAY), end


def _parse_date(raw: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(raw) if raw else None
    except ValueError:
        return None


def monitoring_initial(ingreso: Ingreso, query) -> dict | None:
    """Initial values of the monitoring form from the window ``?desde=&hasta=`` of device nights:
    its % of nights counts the nights with the hours of the rule of the cycle's EPS."""
    start, end = _parse_date(query.get("desde")), _parse_date(query.get("hasta"))
    if start is None or end is None:
        return None
    start, end = min(start, end), max(start, end)
    figures = window_figures(ingreso, start, end)
    if not figures.noches_con_datos:
        return None
    initial = {
        "fecha_atencion": today(),
        "uso_diario": figures.pct_usadas,
        "dias_uso_horas_4": figures.pct_con_horas,
        "horas_uso_diario": figures.horas_media or Decimal("0"),
        "hipopnea_residual": figures.iah_residual,
        "modo_ventilatorio": figures.modo,
        "presion_ipap": figures.presion,
        "fuente": FuenteMonitoreo.EQUIPO,
        "ventana_inicio": start,
        "ventana_fin": end,
        "noches": figures.noches,
    }
    equipment = (
        EquipoMedico.objects.valid().filter(ingreso=ingreso).order_by("-fecha_atencion", "-id").first()
    )
    if equipment:
        initial |= {
            "mascara_cpap": equipment.tipo_mascara_eq_medico,
            "tamano_mascara": equipment.talla_mascara,
        }
        initial["modo_ventilatorio"] = initial["modo_ventilatorio"] or equipment.modo_ventilatorio
    return initial


def _by_care_date(record) -> tuple:
    return record.fecha_atencion, record.pk


def _float(value) -> float | None:
    return None if value is None else float(value)


def _nightly_trend(ingreso: Ingreso, last: datetime.date | None, regla: ReglaAdherencia) -> dict:
    """Hours and AHI of the last 90 nights up to the latest night with data (one query), with
    the rule's hours per night as the goal."""
    goal = float(regla.horas_noche)
    if last is None:
        return {
            "labels": [],
            "hours": [],
            "ahi": [],
            "used": 0,
            "meeting_hours": 0,
            "nights": 0,
            "threshold": goal,
        }
    start = max(ingreso.fecha_inicio, last - (TREND_NIGHTS - 1) * ONE_DAY)
    figures = {
        row["noche"]: row
        for row in NocheTerapia.objects.filter(ingreso=ingreso, noche__range=(start, last)).values(
            "noche", "minutos_uso", "iah"
        )
    }
    days = [start + offset * ONE_DAY for offset in range((last - start).days + 1)]
    hours = [round(figures[d]["minutos_uso"] / 60, 2) if d in figures else 0 for d in days]
    return {
        "labels": [d.strftime("%d/%m") for d in days],
        "dates": [d.isoformat() for d in days],
        "hours": hours,
        "ahi": [
            _float(figures[d]["iah"]) if d in figures and figures[d]["minutos_uso"] else None for d in days
        ],
        "threshold": goal,
        "nights": len(days),
        "used": sum(1 for h in hours if h > 0),
        "meeting_hours": sum(
            1 for d in days if d in figures and figures[d]["minutos_uso"] >= regla.minutos_noche
        ),
    }


_SUMMARY = CompiledQuery(
    lambda ingreso_id: ResumenAdherencia.objects.filter(ingreso_id=ingreso_id).order_by("pk")[:1]
)
_RULE = CompiledQuery(lambda eps: ReglaAdherencia.objects.filter(entidad_salud=eps).order_by("pk")[:1], str)


def clinical_panel(ingreso: Ingreso, monitorings: list[Monitoreo], psychology: list[Psicologia]) -> dict:
    """Everything the clinical page shows about device data and trends (two queries).

    ``monitorings`` and ``psychology``: the cycle's valid records of those types, which the
    clinical history has read already, in any order; the trends show them oldest first.
    """
    # Both reads compiled once (``datamed.compiled``): the clinical history runs them per request.
    using = ingreso._state.db
    summary = next(iter(_SUMMARY(ingreso.pk, using=using)), None)
    regla = next(iter(_RULE(ingreso.entidad_salud, using=using)), None) or default_rule(ingreso.entidad_salud)
    last = summary.ultima_noche if summary else None
    window = default_window(ingreso, last, regla)
    monitorings = sorted(monitorings, key=_by_care_date)
    psychology = sorted(psychology, key=_by_care_date)
    charts = {
        "nights": _nightly_trend(ingreso, last, regla),
        "monitorings": {
            "labels": [m.fecha_atencion.strftime("%d/%m/%Y") for m in monitorings],
            "adherence": [_float(m.dias_uso_horas_4) for m in monitorings],
            "ahi": [_float(m.hipopnea_residual) for m in monitorings],
        },
        "psychology": {
            "labels": [p.fecha_atencion.strftime("%d/%m/%Y") for p in psychology],
            "bdi": [p.inventario_depre_beck for p in psychology],
            "bai": [p.inventario_ansiedad_beck for p in psychology],
        },
    }
    nights = charts["nights"]
    return {
        "night_rows": list(zip(nights["labels"], nights["hours"], nights["ahi"], strict=True)),
        "summary": summary,
        "regla": regla,
        "window_start": window[0],
        "window_end": window[1],
        "charts": charts,
        "monitorings": monitorings,
        "psychology": psychology,
        "max_upload_mb": settings.DATAMED_DEVICE_UPLOAD_MAX_MB,
    }


@dataclass
class DevicePanel:
    """The dashboard's device panel: ACTIVO cycles by verdict, and those to follow up."""

    verdicts: list[dict]
    follow_up: ChainedQuerySets


def device_panel(on: datetime.date | None = None, columns: tuple[str, ...] = ()) -> DevicePanel:
    """Both parts of the panel for the ACTIVO cycles. The counts come from the database's
    counts per verdict and last night with data (``CycleCountByDevice``: about a hundred rows
    at 100,000 patients, not the thousands of cycles with device data), less the cycles started
    within the silence window that never sent data (an index range of a fortnight of
    admissions, read from the verdict index alone).

    The follow-up list: cycles that do not meet the rule, or whose device has sent no night
    for 14 nights (cycles younger than that are left alone). Those failing the rule first,
    then those whose device fell silent, then those that never sent data; oldest data first
    within each. Each group is its own queryset ordered along an index and the groups are
    paged as one sequence (one query per page), so no request sorts every active cycle by a
    computed priority. ``columns``: the only fields a page's rows are read with (all if none).
    """
    on = on or today()
    silence = on - datetime.timedelta(days=settings.DATAMED_DEVICE_SILENCE_NIGHTS)
    groups = _follow_up_groups(silence)
    counts = _device_counts(silence)
    verdicts = [
        {"value": value, "label": label, "total": counts[value]} for value, label in Veredicto.choices
    ]
    recent_never_sent = Ingreso.objects.active().filter(_never_sent, fecha_inicio__gte=silence)
    group_counts = [
        counts[Veredicto.NO_CUMPLE],
        counts["silent"],
        counts["never_sent"] - recent_never_sent.count(),
    ]
    return DevicePanel(verdicts, ChainedQuerySets(groups, group_counts, _follow_up_rows().only(*columns)))


def _device_counts(silence: datetime.date) -> Counter:
    """ACTIVO cycles per verdict, those (not failing) whose device fell silent before
    ``silence``, and those (not failing) that never sent a night, whatever their start: summed
    here from the count rows (one per verdict and last night: about a hundred)."""
    rows = CycleCountByDevice.objects.filter(estado=EstadoIngreso.ACTIVO, total__gt=0).values_list(
        "veredicto_equipo", "ultima_noche_equipo", "total"
    )
    counts = Counter()
    for verdict, last_night, total in rows:
        counts[verdict] += total
        if verdict == Veredicto.NO_CUMPLE:
            continue
        if last_night == NO_DEVICE_NIGHT:
            counts["never_sent"] += total
        elif last_night < silence:
            counts["silent"] += total
    return counts


BY_LAST_NIGHT = ("ultima_noche_equipo", "fecha_inicio", "id")
#: Cycles whose device never sent a night, other than those failing the rule (listed first).
#: The other verdicts are named (not ``≠ NO_CUMPLE``) so PostgreSQL reads them from the verdict
#: index alone.
_never_sent = Q(
    ultima_noche_equipo__isnull=True,
    veredicto_equipo__in=[verdict for verdict in Veredicto.values if verdict != Veredicto.NO_CUMPLE],
)


def _follow_up_rows():
    """A page's cycles in the list's order: the group's priority, then oldest data first."""
    return (
        Ingreso.objects.select_related("paciente")
        .annotate(
            prioridad=Case(
                When(veredicto_equipo=Veredicto.NO_CUMPLE, then=Value(0)),
                When(ultima_noche_equipo__isnull=False, then=Value(1)),
                default=Value(2),
            )
        )
        .order_by("prioridad", *BY_LAST_NIGHT)
    )


def _follow_up_groups(silence: datetime.date) -> list:
    """The three priorities of the follow-up list, each in its order along an index."""
    cycles = Ingreso.objects.active()
    failing = cycles.filter(veredicto_equipo=Veredicto.NO_CUMPLE).order_by(*BY_LAST_NIGHT)
    silent = (
        cycles.filter(ultima_noche_equipo__lt=silence)
        .exclude(veredicto_equipo=Veredicto.NO_CUMPLE)
        .order_by(*BY_LAST_NIGHT)
    )
    never_sent = cycles.filter(_never_sent, fecha_inicio__lt=silence).order_by("fecha_inicio", "id")
    return [failing, silent, never_sent]
