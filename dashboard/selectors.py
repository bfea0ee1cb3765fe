"""Figures of the coordinator's dashboard (SPEC §3), each computed by the database.

Voided records never count: the attention log lines and monitorings used here are
filtered on ``anulado=False``.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.db.models import DateField, DurationField, ExpressionWrapper, F, Q, Sum, TextChoices, Value
from django.db.models.functions import Coalesce

from patients.capita import CYCLE_MONTHS, first_day_months_before, mes_capita, past_program_end_condition
from patients.choices import EntidadSalud, EstadoIngreso, Programa
from patients.counts import NEVER_MONITORED
from patients.models import (
    ATTENTION_REFERENCE,
    CycleCountByAttention,
    CycleCountByGroup,
    CycleCountByStart,
    CycleCountByUsage,
    Ingreso,
    today,
)


def cycles_without_recent_attention(on: datetime.date | None = None):
    """ACTIVO cycles whose last attention is older than the alert window, or that never had
    one and started before it. Oldest first: the patients to call today.

    Reads the cycle's stored last attention through a partial expression index, so neither
    the list nor its count reads the attention log.
    """
    on = on or today()
    return (
        Ingreso.objects.active()
        .select_related("paciente")
        .annotate(referencia_atencion=ATTENTION_REFERENCE)
        .filter(referencia_atencion__lt=_attention_cutoff(on))
        .annotate(
            sin_atencion=ExpressionWrapper(
                Value(on, output_field=DateField()) - F("referencia_atencion"),
                output_field=DurationField(),
            )
        )
        .order_by("referencia_atencion", "id")
    )


def _attention_cutoff(on: datetime.date) -> datetime.date:
    return on - datetime.timedelta(days=settings.DATAMED_NO_ATTENTION_DAYS)


def count_without_recent_attention(on: datetime.date | None = None) -> int:
    """How many cycles ``cycles_without_recent_attention`` lists, from the database's counts
    per date of reference (a few hundred rows, not the cycles)."""
    cutoff = _attention_cutoff(on or today())
    return CycleCountByAttention.objects.filter(
        estado=EstadoIngreso.ACTIVO, referencia_atencion__lt=cutoff
    ).total()


def cycles_by_mes_capita(active: int, on: datetime.date | None = None) -> list[int]:
    """Number of the ``active`` ACTIVO cycles in each month 1..18.

    Mes cápita counts calendar months, so every cycle started on the same day is in the same
    month: the database's counts per start date of the last 17 months (at most ~520 rows,
    whatever the number of cycles) give each date's month by ``capita.mes_capita``; month 18
    (which includes the cycles past it) holds the rest.
    """
    on = on or today()
    per_start_date = CycleCountByStart.objects.filter(
        estado=EstadoIngreso.ACTIVO,
        fecha_inicio__gte=first_day_months_before(on, CYCLE_MONTHS - 2),
        total__gt=0,
    ).values_list("fecha_inicio", "total")
    counts = [0] * CYCLE_MONTHS
    for start, total in per_start_date:
        counts[mes_capita(start, on) - 1] += total
    counts[-1] = active - sum(counts[:-1])
    return counts


def adherence_summary(active: int) -> dict:
    """Share of the ``active`` ACTIVO cycles whose latest valid monitoring is adherent under the
    rule of their EPS (its usage reaches the rule's share of nights: the cycle's stored summary
    and copy of the rule's share, kept by the database, ``summaries/triggers.py``), from the
    database's counts per usage and share: one query over a few hundred rows. ``threshold``:
    the default share, for EPS without a rule of their own."""
    threshold = settings.DATAMED_ADHERENCE_THRESHOLD_PCT
    figures = CycleCountByUsage.objects.filter(estado=EstadoIngreso.ACTIVO).aggregate(
        monitored=Coalesce(Sum("total", filter=Q(uso_ultimo_monitoreo__gt=NEVER_MONITORED)), 0),
        adherent=Coalesce(Sum("total", filter=Q(uso_ultimo_monitoreo__gte=F("umbral_adherencia"))), 0),
    )
    monitored, adherent = figures["monitored"], figures["adherent"]
    share = round(100 * adherent / monitored, 1) if monitored else None
    return {
        "active": active,
        "monitored": monitored,
        "adherent": adherent,
        "share": share,
        "threshold": threshold,
    }


def counts_by_eps_and_program() -> tuple[list[dict], list[dict], int]:
    """ACTIVO cycles per EPS and per program, and in all, from the database's counts per
    state, EPS and program (a dozen rows)."""
    rows = CycleCountByGroup.objects.filter(estado=EstadoIngreso.ACTIVO, total__gt=0).values_list(
        "entidad_salud", "programa", "total"
    )
    by_eps, by_program = Counter(), Counter()
    for entidad_salud, programa, total in rows:
        by_eps[entidad_salud] += total
        by_program[programa] += total
    return _labelled(by_eps, EntidadSalud), _labelled(by_program, Programa), by_eps.total()


def _labelled(counts: Counter, choices: type[TextChoices]) -> list[dict]:
    labels = dict(choices.choices)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"label": labels.get(value, value), "total": total} for value, total in ordered]


def dashboard_summary(last_admitted_columns: tuple[str, ...] = ()) -> dict:
    """The program-wide figures. ``last_admitted_columns``: the only fields the latest
    admission is read with (all if none)."""
    by_eps, by_program, active = counts_by_eps_and_program()
    adherence = adherence_summary(active)
    return {
        "active_patients": adherence["active"],
        "last_admitted": Ingreso.objects.active()
        .select_related("paciente")
        .only(*last_admitted_columns)
        .order_by("-fecha_inicio", "-id")
        .first(),
        "by_month": cycles_by_mes_capita(active),
        "adherence": adherence,
        "past_program_end": CycleCountByStart.objects.filter(past_program_end_condition(today())).total(),
        "by_eps": by_eps,
        "by_program": by_program,
        "no_attention_days": settings.DATAMED_NO_ATTENTION_DAYS,
    }
