"""Build import files (.xlsx and .csv) in memory for the import tests."""

import csv
import io

from openpyxl import Workbook, load_workbook

from patients.importing import COLUMNS
from patients.tests.factories import patient_form_data


def row(**overrides) -> dict:
    """One valid import row (the patient form's data), overridable per column."""
    return patient_form_data(**overrides)


def xlsx_bytes(rows: list[dict], columns: list[str] = COLUMNS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(columns)
    for values in rows:
        sheet.append([values.get(name) for name in columns])
    target = io.BytesIO()
    workbook.save(target)
    return target.getvalue()


def csv_bytes(rows: list[dict], delimiter=",", encoding="utf-8", columns: list[str] = COLUMNS) -> bytes:
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    writer.writerow(columns)
    for values in rows:
        writer.writerow([values.get(name, "") for name in columns])
    return text.getvalue().encode(encoding)


def read_xlsx(content: bytes) -> dict[str, list[list]]:
    """Every sheet of a workbook as lists of cell values, header first."""
    workbook = load_workbook(io.BytesIO(content), read_only=True)
    return {
        sheet.title: [list(r) for r in sheet.iter_rows(values_only=True)] for sheet in workbook.worksheets
    }
