"""Figures of the coordinator's dashboard (SPEC §3), each computed by the database.

Voided records never count: the attention log lines and monitorings used here are
filtered on ``anulado=False``.
"""

import datetime
from collections import Counter

from django.conf import settings
from django.db.models import Count, DateField, DurationField, ExpressionWrapper, F, Q, TextChoices, Value

from patients.choices import EntidadSalud, Programa
from patients.models import ATTENTION_REFERENCE, CYCLE_MONTHS, Ingreso, mes_capita_range, today


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


def cycles_by_mes_capita(on: datetime.date | None = None) -> list[int]:
    """Number of ACTIVO cycles in each month 1..18 (months without cycles give 0), one query.

    Eighteen range counts on the (estado, fecha_inicio) index joined by UNION ALL: each reads
    only its month's index entries, where one pass with eighteen filtered counts would
    evaluate every condition on every active cycle.
    """
    on = on or today()
    months = [
        Ingreso.objects.active()
        .filter(mes_capita_range(mes, on))
        .order_by()
        .values(mes=Value(mes))
        .annotate(total=Count("id"))
        for mes in range(1, CYCLE_MONTHS + 1)
    ]
    counts = {row["mes"]: row["total"] for row in months[0].union(*months[1:], all=True)}
    return [counts.get(mes, 0) for mes in range(1, CYCLE_MONTHS + 1)]


def adherence_summary() -> dict:
    """Share of ACTIVO cycles whose latest valid monitoring meets the adherence criterion
    (from the cycle's stored summary, see ``exams.services.refresh_cycle_summaries``)."""
    threshold = settings.DATAMED_ADHERENCE_THRESHOLD_PCT
    figures = Ingreso.objects.active().aggregate(
        active=Count("id"),
        monitored=Count("id", filter=Q(ultimo_uso_horas_4__isnull=False)),
        adherent=Count("id", filter=Q(ultimo_uso_horas_4__gte=threshold)),
    )
    monitored = figures["monitored"]
    share = round(100 * figures["adherent"] / monitored, 1) if monitored else None
    return {**figures, "share": share, "threshold": threshold}


def counts_by_eps_and_program() -> tuple[list[dict], list[dict]]:
    """ACTIVO cycles per EPS and per program, from one grouped query on the cycles' copies
    of the patient's EPS and program (an index-only scan, no join)."""
    rows = Ingreso.objects.active().values("entidad_salud", "programa").annotate(total=Count("id")).order_by()
    by_eps, by_program = Counter(), Counter()
    for row in rows:  # at most (EPS × programs) rows
        by_eps[row["entidad_salud"]] += row["total"]
        by_program[row["programa"]] += row["total"]
    return _labelled(by_eps, EntidadSalud), _labelled(by_program, Programa)


def _labelled(counts: Counter, choices: type[TextChoices]) -> list[dict]:
    labels = dict(choices.choices)
    ordered = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    return [{"label": labels.get(value, value), "total": total} for value, total in ordered]


def dashboard_summary() -> dict:
    by_eps, by_program = counts_by_eps_and_program()
    adherence = adherence_summary()  # counts the active cycles in the same index scan
    return {
        "active_patients": adherence["active"],
        "last_admitted": Ingreso.objects.active()
        .select_related("paciente")
        .order_by("-fecha_inicio", "-id")
        .first(),
        "by_month": cycles_by_mes_capita(),
        "adherence": adherence,
        "past_program_end": Ingreso.objects.past_program_end().count(),
        "by_eps": by_eps,
        "by_program": by_program,
        "no_attention_days": settings.DATAMED_NO_ATTENTION_DAYS,
    }
