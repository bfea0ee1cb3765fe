"""Mes cápita: the Python property and the SQL annotation give the same answer."""

import datetime

import pytest

from patients.models import Ingreso, today
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

ON = datetime.date(2026, 11, 25)


@pytest.mark.parametrize(
    ("start", "expected_mes", "expected_meses"),
    [
        (datetime.date(2026, 11, 1), 1, 1),  # same month
        (datetime.date(2026, 11, 30), 1, 1),  # same month, later day: day ignored
        (datetime.date(2026, 10, 31), 2, 2),  # previous calendar month
        (datetime.date(2025, 6, 10), 18, 18),  # month 18
        (datetime.date(2025, 5, 28), 18, 19),  # beyond 18: clamped, flagged
        (datetime.date(2023, 1, 1), 18, 47),
        (datetime.date(2027, 2, 1), 1, -2),  # future start: clamped to 1
        (datetime.date(2025, 12, 31), 12, 12),  # year boundary
    ],
)
def test_property_and_annotation_agree(start, expected_mes, expected_meses):
    cycle = PatientFactory(cycle=start).ingresos.get()
    annotated = Ingreso.objects.with_mes_capita(on=ON).get(pk=cycle.pk)
    assert cycle.mes_capita_on(ON) == annotated.mes_capita_db == expected_mes
    assert cycle.meses_on(ON) == annotated.meses_db == expected_meses


def test_today_is_the_default_reference():
    start = today().replace(day=1)
    cycle = PatientFactory(cycle=start).ingresos.get()
    assert cycle.mes_capita == Ingreso.objects.with_mes_capita().get(pk=cycle.pk).mes_capita_db == 1


def test_closed_cycle_is_measured_at_its_end():
    cycle = PatientFactory(cycle=datetime.date(2024, 1, 15)).ingresos.get()
    cycle.estado, cycle.fecha_fin = "TERMINADO", datetime.date(2024, 4, 2)
    cycle.save()
    annotated = Ingreso.objects.with_mes_capita(on=ON).get(pk=cycle.pk)
    assert cycle.mes_capita_on(ON) == annotated.mes_capita_db == 4


def test_past_program_end_lists_only_open_cycles_beyond_month_18():
    overdue = PatientFactory(cycle=datetime.date(2025, 1, 1)).ingresos.get()
    PatientFactory(cycle=datetime.date(2025, 6, 1))  # month 18, still within the program
    closed = PatientFactory(cycle=datetime.date(2024, 1, 1)).ingresos.get()
    closed.estado, closed.fecha_fin = "TERMINADO", datetime.date(2026, 1, 1)
    closed.save()
    assert list(Ingreso.objects.past_program_end(on=ON)) == [overdue]
    assert overdue.meses_on(ON) > 18


def test_date_range_filter_agrees_with_the_annotation():
    """``in_mes_capita`` (index-friendly date ranges) selects exactly the annotated months."""
    start = datetime.date(2024, 1, 1)
    for week in range(0, 52 * 3 + 20):
        PatientFactory(cycle=start + datetime.timedelta(days=7 * week))
    annotated = Ingreso.objects.with_mes_capita(on=ON)
    for mes in range(1, 19):
        expected = set(annotated.filter(mes_capita_db=mes).values_list("pk", flat=True))
        assert set(Ingreso.objects.in_mes_capita(mes, on=ON).values_list("pk", flat=True)) == expected, mes
    past = set(annotated.filter(meses_db__gt=18).values_list("pk", flat=True))
    assert set(Ingreso.objects.past_program_end(on=ON).values_list("pk", flat=True)) == past
