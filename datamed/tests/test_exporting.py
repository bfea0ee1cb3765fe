"""The export writers: CSV for Excel es-CO and .xlsx with real dates and numbers."""

import datetime
from decimal import Decimal

from datamed import exporting
from datamed.tests.downloads import csv_rows, xlsx_sheets

COLUMNS = [
    exporting.Column("Fecha", lambda row: row[0]),
    exporting.Column("Peso", lambda row: row[1]),
    exporting.Column("Nota", lambda row: row[2]),
    exporting.Column("Adherente", lambda row: row[3]),
]
ROWS = [
    (datetime.date(2026, 3, 2), Decimal("82.50"), '=HYPERLINK("x")', True),
    (None, None, "Peña; sí", False),
]


def _sheet():
    return exporting.Sheet("Prueba", COLUMNS, iter(ROWS))


def test_csv_has_a_bom_semicolons_day_first_dates_and_decimal_commas():
    response = exporting.csv_response("prueba.csv", _sheet())
    assert response["Content-Disposition"] == 'attachment; filename="prueba.csv"'
    rows = csv_rows(b"".join(response.streaming_content))
    assert rows == [
        ["Fecha", "Peso", "Nota", "Adherente"],
        ["02/03/2026", "82,50", '\'=HYPERLINK("x")', "Sí"],
        ["", "", "Peña; sí", "No"],
    ]


def test_xlsx_has_date_cells_numbers_and_no_formulas():
    response = exporting.xlsx_response("prueba.xlsx", [_sheet()])
    sheet = xlsx_sheets(b"".join(response.streaming_content))["Prueba"]
    assert sheet[0] == ["Fecha", "Peso", "Nota", "Adherente"]
    assert sheet[1] == [datetime.datetime(2026, 3, 2), 82.5, '=HYPERLINK("x")', "Sí"]


def test_file_names_carry_the_date():
    assert exporting.filename("pacientes", "csv").startswith("pacientes_20")
