"""Streaming exports to .xlsx and .csv (SPEC §5), shared by every page that offers one.

A page describes its export as sheets: a title, columns (a Spanish header and how to read the
value from a row) and the rows, an iterator over a queryset (``.iterator(chunk_size=...)``),
so neither the rows nor the file are ever held in memory whole:

- CSV is streamed (``StreamingHttpResponse``) while the rows are read. It opens as it is in
  Excel es-CO: UTF-8 with a BOM, ``;`` between fields, decimal comma, dates DD/MM/AAAA.
- .xlsx is written by openpyxl in write-only mode (each sheet goes to a temporary file as it
  is filled) into a temporary file, then served with ``FileResponse``. Dates are real date
  cells shown DD/MM/AAAA, numbers real numbers.

Text that a spreadsheet would take as a formula (``=``, ``+``, ``-``, ``@``) is written as text.
"""

import csv
import datetime
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter

from django.http import FileResponse, Http404, StreamingHttpResponse
from django.utils import timezone

FORMATS = ("xlsx", "csv")
CHUNK_SIZE = 2000
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DATE_FORMAT = "%d/%m/%Y"
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Column:
    title: str
    value: Callable[[object], object]


@dataclass
class Sheet:
    title: str
    columns: list[Column]
    rows: Iterable


def field(title: str, path: str) -> Column:
    """A column read from an attribute path, e.g. ``field("Documento", "paciente.documento")``."""
    return Column(title, attrgetter(path))


def display(title: str, path: str, name: str) -> Column:
    """A choice column shown by its label: ``get_<name>_display`` of the object at ``path``."""
    getter = attrgetter(f"{path}.get_{name}_display" if path else f"get_{name}_display")
    return Column(title, lambda row: getter(row)())


def check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise Http404("Formato de exportación desconocido.")
    return fmt


def filename(basename: str, fmt: str) -> str:
    return f"{basename}_{timezone.localdate():%Y-%m-%d}.{fmt}"


def response(fmt: str, basename: str, sheets: list[Sheet], csv_sheet: Sheet | None = None):
    """The export as a download. A CSV holds one table: ``csv_sheet`` or the first sheet."""
    check_format(fmt)
    if fmt == "csv":
        return csv_response(filename(basename, fmt), csv_sheet or sheets[0])
    return xlsx_response(filename(basename, fmt), sheets)


# --- CSV -------------------------------------------------------------------------------------


class _Echo:
    """A file-like object that hands back what is written: csv.writer without a buffer."""

    def write(self, value: str) -> str:
        return value


def csv_cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).strftime(f"{DATE_FORMAT} %H:%M")
    if isinstance(value, datetime.date):
        return value.strftime(DATE_FORMAT)
    if isinstance(value, Decimal | float):
        return str(value).replace(".", ",")
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_PREFIXES) else text


def csv_lines(sheet: Sheet) -> Iterable[str]:
    writer = csv.writer(_Echo(), delimiter=";")
    yield "\ufeff" + writer.writerow([column.title for column in sheet.columns])
    for row in sheet.rows:
        yield writer.writerow([csv_cell(column.value(row)) for column in sheet.columns])


def csv_response(name: str, sheet: Sheet) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        (line.encode("utf-8") for line in csv_lines(sheet)), content_type="text/csv; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- XLSX ------------------------------------------------------------------------------------


def _xlsx_cell(worksheet, value):
    from openpyxl.cell import WriteOnlyCell

    if isinstance(value, bool):
        return "Sí" if value else "No"
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).replace(tzinfo=None)
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = "DD/MM/YYYY HH:MM"
        return cell
    if isinstance(value, datetime.date):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.number_format = "DD/MM/YYYY"
        return cell
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        cell = WriteOnlyCell(worksheet, value=value)
        cell.data_type = "s"
        return cell
    return value


def write_xlsx(target, sheets: list[Sheet]) -> None:
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    for sheet in sheets:
        worksheet = workbook.create_sheet(_sheet_title(sheet.title))
        worksheet.append([column.title for column in sheet.columns])
        for row in sheet.rows:
            worksheet.append([_xlsx_cell(worksheet, column.value(row)) for column in sheet.columns])
    workbook.save(target)


def _sheet_title(title: str) -> str:
    """Excel allows 31 characters and none of ``[]:*?/\\`` in a sheet name."""
    return "".join(" " if char in "[]:*?/\\" else char for char in title)[:31]


def xlsx_download(name: str, write: Callable) -> FileResponse:
    """Serve the workbook that ``write(target)`` writes, through a temporary file."""
    target = tempfile.TemporaryFile()  # noqa: SIM115 - FileResponse closes (and so deletes) it
    write(target)
    target.seek(0)
    return FileResponse(target, as_attachment=True, filename=name, content_type=XLSX_CONTENT_TYPE)


def xlsx_response(name: str, sheets: list[Sheet]) -> FileResponse:
    return xlsx_download(name, lambda target: write_xlsx(target, sheets))
