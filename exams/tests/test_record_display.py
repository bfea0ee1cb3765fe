"""How the clinical history shows a record's values (``exams.templatetags.records``)."""

import datetime
from decimal import Decimal

import pytest
from django.utils.formats import date_format

from exams.models import Monitoreo
from exams.registry import get_record_type
from exams.templatetags.records import display_value, record_cells


def _monitoring(**values) -> Monitoreo:
    defaults = {
        "fecha_atencion": datetime.date(2026, 3, 7),
        "dias_uso_horas_4": Decimal("87.50"),
        "horas_uso_diario": Decimal("6.00"),
        "hipopnea_residual": None,
    }
    return Monitoreo(**(defaults | values))


@pytest.mark.parametrize(
    ("name", "shown"),
    [
        ("fecha_atencion", "07/03/2026"),
        ("dias_uso_horas_4", "87,50"),  # the locale's decimal comma
        ("horas_uso_diario", "6"),  # a whole number without its decimals
        ("hipopnea_residual", "—"),
    ],
)
def test_values_are_shown_in_the_clinics_formats(name, shown):
    assert display_value(_monitoring(), name) == shown


@pytest.mark.parametrize("day", [datetime.date(2026, 12, 31), datetime.date(987, 1, 2)])
def test_dates_read_as_djangos_own_day_month_year(day):
    assert display_value(_monitoring(fecha_atencion=day), "fecha_atencion") == date_format(day, "d/m/Y")


def test_a_rows_cells_follow_its_types_columns():
    record_type = get_record_type("monitoreo")
    record = _monitoring()
    cells = record_cells(record, record_type)
    assert cells == [display_value(record, name) for name, _ in record_type.columns]
    assert cells[0] == "07/03/2026"
