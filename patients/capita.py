"""Mes cápita: the calendar month of the program a cycle is in, 1..18 (SPEC §2), the one rule
every entry point uses, in Python and in SQL.

A cycle is in month 1 in the calendar month it starts, month 2 in the next, and so on: the
day of the month is ignored, because capitation is billed per calendar month. Month 18 is the
last; an open cycle past it is still reported in month 18 and is "past the program's end",
due for closure. A closed cycle is measured at its end date.

Python (``months_elapsed``, ``mes_capita``, ``is_past_program_end``) and SQL
(``months_elapsed_sql``, ``mes_capita_sql``, ``clamp_mes_capita_sql``) say the same; the date
ranges (``mes_capita_range``, ``past_program_end_condition``) say it as plain comparisons on
the start date, so the database can use an index.
"""

import datetime

from django.db import models
from django.db.models import Q
from django.db.models.functions import ExtractMonth, ExtractYear, Greatest, Least

from patients import choices

#: Months of the program: mes cápita runs from 1 to this.
CYCLE_MONTHS = 18


def months_elapsed(start: datetime.date, reference: datetime.date) -> int:
    """Calendar month of ``reference`` counted from ``start`` (same month → 1).

    The day of the month is ignored: capitation is billed per calendar month.
    """
    return (reference.year - start.year) * 12 + (reference.month - start.month) + 1


def clamp_mes_capita(months: int) -> int:
    return max(1, min(CYCLE_MONTHS, months))


def months_elapsed_sql(start, reference):
    """``months_elapsed`` as a database expression (``start``/``reference``: field names or
    expressions)."""
    start = models.F(start) if isinstance(start, str) else start
    reference = models.F(reference) if isinstance(reference, str) else reference
    return (
        (ExtractYear(reference) - ExtractYear(start)) * 12
        + (ExtractMonth(reference) - ExtractMonth(start))
        + 1
    )


def clamp_mes_capita_sql(months):
    """``clamp_mes_capita`` as a database expression."""
    return Greatest(models.Value(1), Least(models.Value(CYCLE_MONTHS), months))


def mes_capita_sql(start, reference):
    """Mes cápita (1..18) of ``reference`` in a cycle that started on ``start``, in SQL."""
    return clamp_mes_capita_sql(months_elapsed_sql(start, reference))


def first_day_months_before(on: datetime.date, months: int) -> datetime.date:
    """First day of the calendar month ``months`` months before ``on``'s month."""
    index = on.year * 12 + on.month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 1)


def mes_capita_range(mes: int, on: datetime.date) -> Q:
    """Open cycles in month ``mes`` (1..18) on ``on``, as a date range on ``fecha_inicio``.

    The same rule as ``mes_capita``, written as plain date comparisons so the database can
    use an index instead of computing the month of every row (SQLite runs its date
    functions row by row in Python).
    """
    condition = Q()
    if mes > 1:
        condition &= Q(fecha_inicio__lt=first_day_months_before(on, mes - 2))
    if mes < CYCLE_MONTHS:
        condition &= Q(fecha_inicio__gte=first_day_months_before(on, mes - 1))
    return condition


def past_program_end_condition(on: datetime.date) -> Q:
    """Open cycles beyond month 18 on ``on``, as a filter on ``estado`` and ``fecha_inicio``
    (for cycles and for their counts, ``CycleCountByStart``)."""
    return Q(estado__in=choices.OPEN_STATES, fecha_inicio__lt=first_day_months_before(on, CYCLE_MONTHS - 1))


def mes_capita(start: datetime.date, reference: datetime.date) -> int:
    """Mes cápita (1..18) on ``reference`` of a cycle that started on ``start``."""
    return clamp_mes_capita(months_elapsed(start, reference))


def is_past_program_end(months: int) -> bool:
    """Whether ``months`` elapsed (unclamped, ``months_elapsed``) go past month 18: an open
    cycle there is due for closure."""
    return months > CYCLE_MONTHS
