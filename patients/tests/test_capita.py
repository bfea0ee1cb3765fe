"""Mes cápita has one home (``patients.capita``): calendar months, clamped to 1..18, and the
"past month 18" rule that the cycle, its lists and its exports share."""

import datetime

import pytest

from patients import capita
from patients.models import Ingreso, today
from patients.tests.dates import months_ago
from patients.tests.factories import PatientFactory


def test_the_day_of_the_month_is_ignored():
    assert capita.months_elapsed(datetime.date(2026, 1, 31), datetime.date(2026, 2, 1)) == 2
    assert capita.months_elapsed(datetime.date(2026, 1, 1), datetime.date(2026, 1, 31)) == 1


def test_mes_capita_stays_within_the_program():
    start = datetime.date(2024, 2, 29)
    assert capita.mes_capita(start, start) == 1
    assert capita.mes_capita(start, datetime.date(2025, 7, 1)) == 18
    assert capita.mes_capita(start, datetime.date(2026, 12, 31)) == 18


def test_past_the_program_end_is_after_month_18():
    assert not capita.is_past_program_end(capita.CYCLE_MONTHS)
    assert capita.is_past_program_end(capita.CYCLE_MONTHS + 1)


@pytest.mark.django_db
@pytest.mark.parametrize("months", [0, 16, 17, 18, 20])
def test_python_sql_and_date_ranges_agree(months):
    PatientFactory(cycle=months_ago(months))
    cycle = Ingreso.objects.with_mes_capita().get()
    assert cycle.mes_capita_db == cycle.mes_capita == capita.mes_capita(cycle.fecha_inicio, today())
    assert Ingreso.objects.in_mes_capita(cycle.mes_capita).filter(pk=cycle.pk).exists()
    past = Ingreso.objects.past_program_end().filter(pk=cycle.pk).exists()
    assert past == cycle.vencido == capita.is_past_program_end(cycle.meses_db)
