"""Figures of the coordinator's dashboard (SPEC §3), each computed by the database.

Voided records never count: the attention log lines and monitorings used here are
filtered on ``anulado=False``.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.db.models import Count, DateField, DurationField, ExpressionWrapper, F, TextChoices, Value

from patients.choices import EntidadSalud, Programa
from patients.models import (
    ATTENTION_REFERENCE,
    CYCLE_MONTHS,
    Ingreso,
    clamp_mes_capita,
    first_day_months_before,
    months_elapsed,
    today,
)


def cycles_without_recent_attention(on: datetime.date | None = None):
    """ACTIVO cycles whose last attention is older than the alert window, or that never had
    one and started before it. Oldest first: the patients to call today.

    Reads the cycle's stored last attention through a partial expression index, so neither
    the list nor its count reads the attention log.
    """
    on = on or today()
    cutoff = on - datetime.timedelta(days=settings.DATAMED_NO_ATTENTION_DAYS)
    return (
        Ingreso.objects.active()
        .select_related("paciente")
        .annotate(referencia_atencion=ATTENTION_REFERENCE)
        .filter(referencia_atencion__lt=cutoff)
        .annotate(
            sin_atencion=ExpressionWrapper(
                Value(on, output_field=DateField()) - F("referencia_atencion"),
                output_field=DurationField(),
            )
        )
        .order_by("referencia_atencion", "id")
    )


def cycles_by_mes_capita(active: int, on: datetime.date | None = None) -> list[int]:
    """Number of the ``active`` ACTIVO cycles in each month 1..18, in one query.

    Mes cápita counts calendar months, so every cycle started on the same day is in the same
    month: the cycles started in the last 17 months are counted per start date along the
    (estado, fecha_inicio) index (at most ~520 dates, whatever the number of cycles), each
    date's month follows from ``months_elapsed``, and month 18 (which includes the cycles past
    it) holds the rest. Counting per month in SQL would run a date function on every cycle
    (row by row in Python on SQLite) or need eighteen queries.
    """
    on = on or today()
    per_start_date = (
        Ingreso.objects.active()
        .filter(fecha_inicio__gte=first_day_months_before(on, CYCLE_MONTHS - 2))
        .order_by()
        .values_list("fecha_inicio")
        .annotate(total=Count("*"))
    )
    counts = [0] * CYCLE_MONTHS
    for start, total in per_start_date:
        counts[clamp_mes_capita(months_elapsed(start, on)) - 1] += total
    counts[-1] = active - sum(counts[:-1])
    return counts


def adherence_summary(active: int) -> dict:
    """Share of the ``active`` ACTIVO cycles whose latest valid monitoring meets the adherence
    criterion (from the cycle's stored summary, see ``exams.services.refresh_cycle_summaries``).

    Two range counts on the (estado, ultimo_uso_horas_4) index: the cycles never monitored
    (few) and those at or above the threshold. One pass with filtered counts would evaluate
    both conditions on every active cycle, several times slower on SQLite.
    """
    threshold = settings.DATAMED_ADHERENCE_THRESHOLD_PCT
    cycles = Ingreso.objects.active()
    monitored = active - cycles.filter(ultimo_uso_horas_4__isnull=True).count()
    adherent = cycles.filter(ultimo_uso_horas_4__gte=threshold).count()
    share = round(100 * adherent / monitored, 1) if monitored else None
    return {
        "active": active,
        "monitored": monitored,
        "adherent": adherent,
        "share": share,
        "threshold": threshold,
    }


def counts_by_eps_and_program() -> tuple[list[dict], list[dict], int]:
    """ACTIVO cycles per EPS and per program, and in all, from one grouped query on the
    cycles' copies of the patient's EPS and program (an index-only scan, no join)."""
    rows = Ingreso.objects.active().values("entidad_salud", "programa").annotate(total=Count("*")).order_by()
    by_eps, by_program = Counter(), Counter()
    for row in rows:  # at most (EPS × programs) rows
        by_eps[row["entidad_salud"]] += row["total"]
        by_program[row["programa"]] += row["total"]
    return _labelled(by_eps, EntidadSalud), _labelled(by_program, Programa), by_eps.total()


def _labelled(counts: Counter, choices: type[TextChoices]) -> list[dict]:
    labels = dict(choices.choices)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"label": labels.get(value, value), "total": total} for value, total in ordered]


def dashboard_summary() -> dict:
    by_eps, by_program, active = counts_by_eps_and_program()
    adherence = adherence_summary(active)
    return {
        "active_patients": adherence["active"],
        "last_admitted": Ingreso.objects.active()
        .select_related("paciente")
        .order_by("-fecha_inicio", "-id")
        .first(),
        "by_month": cycles_by_mes_capita(active),
        "adherence": adherence,
        "past_program_end": Ingreso.objects.past_program_end().count(),
        "by_eps": by_eps,
        "by_program": by_program,
        "no_attention_days": settings.DATAMED_NO_ATTENTION_DAYS,
    }
