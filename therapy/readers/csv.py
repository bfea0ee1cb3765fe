"""The documented CSV for every other brand's export (Philips, BMC, Resvent...).

One row per night after a header row. Columns (any order, header case and accents ignored):
``fecha`` (AAAA-MM-DD or DD/MM/AAAA), ``horas`` or ``minutos`` of use, ``iah``, ``fuga``
(p95, L/min), ``presion`` (p95, cmH2O), ``serial``, optionally ``modo`` (CPAP, BPAP, BPAP ST).
Separator ``;`` (decimal comma allowed) or ``,``. ``static/therapy/plantilla_noches.csv`` is
the downloadable template.
"""

import csv
import datetime
import io
import unicodedata
from decimal import Decimal, InvalidOperation

from exams.choices import ModoVentilatorio
from therapy.readers.base import DeviceFileError, NightRow

REQUIRED = ("fecha", "serial")
OPTIONAL_MEASURES = {"iah": ("200", "IAH"), "fuga": ("9999", "fuga"), "presion": ("40", "presión")}
DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")


def _key(header: str) -> str:
    plain = unicodedata.normalize("NFKD", header).encode("ascii", "ignore").decode()
    return plain.strip().lower().split(" ")[0].split("(")[0]


def _decode(filename: str, data: bytes) -> str:
    for encoding in ("utf-8-sig", "latin-1"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise DeviceFileError(f"«{filename}» no es un archivo de texto CSV.")  # pragma: no cover


def _number(raw: str, low: str, high: str) -> Decimal:
    value = Decimal(raw.strip().replace(",", "."))
    if not value.is_finite() or value < Decimal(low) or value > Decimal(high):
        raise InvalidOperation
    return value


def _date(raw: str) -> datetime.date:
    for fmt in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(raw.strip(), fmt).date()
        except ValueError:
            continue
    raise ValueError


def _minutes(row: dict, errors: list[str], line: int) -> int | None:
    if (row.get("minutos") or "").strip():
        field, raw, factor, high = "minutos", row["minutos"], 1, "1440"
    elif (row.get("horas") or "").strip():
        field, raw, factor, high = "horas", row["horas"], 60, "24"
    else:
        errors.append(f"fila {line}: horas/minutos: falta el tiempo de uso.")
        return None
    try:
        return round(_number(raw, "0", high) * factor)
    except (InvalidOperation, ValueError):
        errors.append(f"fila {line}: {field}: «{raw}» no es un número entre 0 y {high}.")
        return None


def _row(row: dict, line: int, errors: list[str]) -> NightRow | None:
    before = len(errors)
    try:
        night = _date(row.get("fecha") or "")
    except ValueError:
        errors.append(
            f"fila {line}: fecha: «{row.get('fecha') or ''}» no es una fecha (AAAA-MM-DD o DD/MM/AAAA)."
        )
    serial = (row.get("serial") or "").strip()
    if not serial:
        errors.append(f"fila {line}: serial: falta el serial del equipo.")
    minutes = _minutes(row, errors, line)
    measures = {}
    for field, (high, _label) in OPTIONAL_MEASURES.items():
        raw = (row.get(field) or "").strip()
        try:
            measures[field] = _number(raw, "0", high) if raw else None
        except (InvalidOperation, ValueError):
            errors.append(f"fila {line}: {field}: «{raw}» no es un número entre 0 y {high}.")
    mode = (row.get("modo") or "").strip().upper()
    if mode and mode not in ModoVentilatorio.values:
        errors.append(f"fila {line}: modo: «{mode}» no es uno de {', '.join(ModoVentilatorio.values)}.")
    if len(errors) > before:
        return None
    return NightRow(night, serial, minutes, measures["iah"], measures["fuga"], measures["presion"], mode)


def read(filename: str, data: bytes) -> list[NightRow]:
    text = _decode(filename, data)
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") >= first_line.count(",") else ","
    reader = csv.DictReader(io.StringIO(text), delimiter=delimiter)
    if not reader.fieldnames:
        raise DeviceFileError(f"«{filename}» está vacío.")
    reader.fieldnames = [_key(name) for name in reader.fieldnames]
    missing = [name for name in REQUIRED if name not in reader.fieldnames]
    if "horas" not in reader.fieldnames and "minutos" not in reader.fieldnames:
        missing.append("horas o minutos")
    if missing:
        raise DeviceFileError(
            f"«{filename}»: faltan las columnas {', '.join(missing)} en la fila de encabezado."
        )
    rows, errors, seen = [], [], set()
    for line, raw in enumerate(reader, start=2):
        if not any((value or "").strip() for value in raw.values() if isinstance(value, str)):
            continue
        row = _row(raw, line, errors)
        if row is None:
            continue
        if (row.noche, row.serial) in seen:
            errors.append(
                f"fila {line}: fecha: la noche {row.noche:%d/%m/%Y} del equipo {row.serial} está repetida."
            )
        seen.add((row.noche, row.serial))
        rows.append(row)
    if errors:
        raise DeviceFileError(errors)
    if not rows:
        raise DeviceFileError(f"«{filename}» no trae ninguna noche.")
    return rows
