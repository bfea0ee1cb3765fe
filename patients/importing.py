"""Spreadsheet import of patients and their first cycle (SPEC §5).

The one row-processing layer behind ``manage.py import_patients`` and the admin's
import (django-import-export): it reads the file, normalises each cell, validates every row
with the patient form (the same rules as ``/patients/create/``) and writes through
``patients.services``.

- Columns: the patient form's fields plus ``fecha_inicio_programa``. A column missing from the
  file keeps the patient's current value (or the default, for a new patient).
- Choice columns take the code or the label, in any case, with or without accents;
  dates ``AAAA-MM-DD`` or ``DD/MM/AAAA``; decimals with a comma or a point.
- Rows are matched on (tipo_documento, documento). A new document registers the patient and
  its first ACTIVO cycle. A known one is updated through ``services.update_patient`` (history
  kept, the ACTIVO cycle's start moves like on the form) only if some value differs: a re-run
  changes nothing. No row ever opens a second cycle; a patient without an ACTIVO cycle keeps
  its cycles as they are (new cycles start from ``/patients/follow``).
- All or nothing: one bad row and nothing is saved; the report says ``fila N: campo: motivo``
  with N the row number the spreadsheet shows (the header is row 1).
"""

import csv
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.forms.models import model_to_dict

from patients import services
from patients.forms import PatientForm
from patients.models import Ingreso, Patient

PROGRAM_START = "fecha_inicio_programa"
COLUMNS: list[str] = [*PatientForm.Meta.fields, PROGRAM_START]
KEY = ("tipo_documento", "documento")
FIRST_DATA_ROW = 2  # the header is row 1, as the spreadsheet numbers it


class ImportFileError(Exception):
    """The file itself cannot be read (format, encoding, header)."""


@dataclass
class Table:
    """A sheet: the header and the data rows, as read from the file."""

    headers: list[str]
    rows: list[list]


@dataclass
class RowOutcome:
    number: int
    action: str  # "new", "update", "skip" or "invalid"
    values: dict
    errors: list[tuple[str, str]] = field(default_factory=list)
    patient: Patient | None = None


@dataclass
class ImportReport:
    rows: list[RowOutcome] = field(default_factory=list)
    file_errors: list[str] = field(default_factory=list)
    saved: bool = False

    @property
    def ok(self) -> bool:
        return not self.file_errors and not any(row.errors for row in self.rows)

    @property
    def error_lines(self) -> list[str]:
        lines = list(self.file_errors)
        for row in self.rows:
            lines.extend(f"fila {row.number}: {column}: {message}" for column, message in row.errors)
        return lines

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    def summary(self) -> str:
        return (
            f"Filas leídas: {len(self.rows)}; pacientes nuevos: {self.count('new')}; "
            f"actualizados: {self.count('update')}; sin cambios: {self.count('skip')}."
        )


# --- Reading files ---------------------------------------------------------------------------


def read_file(content: bytes, filename: str) -> Table:
    """Read an .xlsx or .csv file (by its extension)."""
    if filename.lower().endswith(".xlsx"):
        return read_xlsx(content)
    if filename.lower().endswith((".csv", ".txt")):
        return read_csv(content)
    raise ImportFileError("Formato no admitido: use un archivo .xlsx o .csv.")


def read_xlsx(content: bytes) -> Table:
    """The first sheet of an .xlsx, read by python-calamine (Rust): ten times faster than
    openpyxl on a 10,000-row file. Empty cells come as ``""``, numbers as ``float`` and dates
    as ``date``/``datetime``; positions are kept (a blank first row or column is not skipped)."""
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
    except Exception as error:  # calamine raises several unrelated types for a bad file
        raise ImportFileError("El archivo no es un libro de Excel (.xlsx) válido.") from error
    try:
        rows = workbook.get_sheet_by_index(0).to_python(skip_empty_area=False)
    except Exception as error:
        raise ImportFileError("No se pudo leer la primera hoja del libro.") from error
    finally:
        workbook.close()
    return _table(rows)


def read_csv(content: bytes) -> Table:
    """CSV in UTF-8 (with or without BOM) or Windows-1252, separated by ``;`` or ``,``."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = content.decode("cp1252", errors="replace")
    first_line = text.split("\n", 1)[0]
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return _table(list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)))


def _table(rows: list[list]) -> Table:
    if not rows:
        raise ImportFileError("El archivo está vacío.")
    headers = [_text(cell).lower() for cell in rows[0]]
    while headers and not headers[-1]:
        headers.pop()
    return Table(headers, [row[: len(headers)] for row in rows[1:]])


# --- Normalising cells -----------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower case, no accents, single spaces: how codes and labels are compared."""
    text = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return " ".join(text.replace("_", " ").casefold().split())


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _choice_lookup(form_field: forms.ChoiceField) -> dict[str, str]:
    lookup = {}
    for code, label in form_field.choices:
        if code != "":
            lookup[fold(label)] = str(code)
            lookup[fold(code)] = str(code)
    return lookup


def _date(value) -> datetime.date | str:
    """A date from a date cell, ``AAAA-MM-DD`` or ``DD/MM/AAAA``; anything else is left for the
    form to refuse."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = _text(value)
    match = re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})|(\d{4})-(\d{1,2})-(\d{1,2})", text)
    if match:
        day, month, year = match.groups()[:3] if match.group(1) else reversed(match.groups()[3:])
        try:
            return datetime.date(int(year), int(month), int(day))
        except ValueError:
            return text
    return text


def _decimal(value) -> str:
    if isinstance(value, int | float | Decimal):
        return str(value)
    text = _text(value).replace(" ", "")
    if "," in text:
        text = text.replace(".", "").replace(",", ".")
    return text


class RowReader:
    """Turns a file row into the patient form's data, normalising each column."""

    def __init__(self):
        form = PatientForm()
        self.fields = form.fields
        self.lookups = {
            name: _choice_lookup(f) for name, f in self.fields.items() if isinstance(f, forms.ChoiceField)
        }
        self.defaults = {name: f.initial for name, f in self.fields.items() if f.initial is not None}
        self.defaults[PROGRAM_START] = None

    def cell(self, name: str, value) -> str | datetime.date:
        form_field = self.fields.get(name)
        if isinstance(form_field, forms.DateField):
            return _date(value)
        if isinstance(form_field, forms.DecimalField):
            return _decimal(value)
        text = _text(value)
        if name in self.lookups and text:
            return self.lookups[name].get(fold(text), text)
        return text

    def values(self, headers: list[str], row: list) -> dict:
        return {
            name: self.cell(name, value)
            for name, value in zip(headers, row, strict=False)
            if name in self.fields or name == PROGRAM_START
        }


def check_headers(headers: list[str]) -> list[str]:
    unknown = [h for h in headers if h and h not in COLUMNS]
    missing = [name for name in KEY if name not in headers]
    errors = [f"fila 1: {name}: columna desconocida" for name in unknown]
    errors += [f"fila 1: {name}: falta la columna" for name in missing]
    return errors


# --- Validating and writing ------------------------------------------------------------------


def _form_data(values: dict, patient: Patient | None, active_start, reader: RowReader) -> dict:
    """The file's values over the patient's current ones (or the defaults for a new patient)."""
    if patient is None:
        base = {name: value() if callable(value) else value for name, value in reader.defaults.items()}
    else:
        current = model_to_dict(patient, fields=PatientForm.Meta.fields)
        base = {name: "" if value is None else value for name, value in current.items()}
        base[PROGRAM_START] = active_start or ""
    return {**base, **values}


def _errors(error: ValidationError | dict) -> list[tuple[str, str]]:
    """(column, message) pairs; errors not tied to a field concern the row's document."""
    if isinstance(error, ValidationError):
        if not hasattr(error, "error_dict"):
            return [("documento", message) for message in error.messages]
        error = error.message_dict
    return [
        ("documento" if name == "__all__" else name, str(message))
        for name, messages in error.items()
        for message in messages
    ]


def _existing_patients(keys: set[tuple[str, str]]) -> dict[tuple[str, str], Patient]:
    """The patients the file names, with the start of their ACTIVO cycle (``active_start``),
    in two queries per 500 documents."""
    documents = sorted({documento for _, documento in keys})
    found = {}
    for start in range(0, len(documents), 500):
        patients = Patient.objects.filter(documento__in=documents[start : start + 500])
        starts = dict(
            Ingreso.objects.active().filter(paciente__in=patients).values_list("paciente_id", "fecha_inicio")
        )
        for patient in patients:
            patient.active_start = starts.get(patient.pk)
            found[(patient.tipo_documento, patient.documento)] = patient
    return found


class ImportPatientForm(PatientForm):
    """The patient form, built once per file and bound to each row in turn.

    Building a Django form deep-copies all its fields, which costs more than validating a row;
    ``bind`` resets everything a validation reads instead. The form's field cleaning, its
    ``clean`` methods and the model's ``full_clean`` run as on ``/patients/create/``. The model
    constraints are not queried row by row: the document is checked for the whole file at once
    (``services.create_patients``), estrato by its choice list, and the database guards both.
    """

    def bind(self, data: dict, patient: Patient | None) -> "ImportPatientForm":
        self.data, self.is_bound, self._errors = data, True, None
        self._bound_fields_cache = {}
        self.__dict__.pop("changed_data", None)  # a cached_property of the previous row
        self.instance = patient or Patient()
        self.initial = model_to_dict(patient, fields=self._meta.fields) if patient else {}
        self.set_program_start(
            _ActiveStart(patient.active_start) if patient and patient.active_start else None
        )
        return self

    def _post_clean(self):
        exclude = self._get_validation_exclusions()
        try:
            self.instance = forms.models.construct_instance(self, self.instance, self._meta.fields)
            self.instance.full_clean(exclude=exclude, validate_unique=False, validate_constraints=False)
        except ValidationError as error:
            self._update_errors(error)


@dataclass
class _ActiveStart:
    """What ``PatientForm.set_program_start`` reads of the ACTIVO cycle."""

    fecha_inicio: datetime.date


@dataclass
class _Valid:
    outcome: RowOutcome
    patient: Patient
    program_start: datetime.date | None


def validate(table: Table) -> tuple[ImportReport, list[_Valid]]:
    """Validate every row with the patient form; nothing is written."""
    report = ImportReport(file_errors=check_headers(table.headers))
    if report.file_errors:
        return report, []
    reader = RowReader()
    numbered = [
        (index + FIRST_DATA_ROW, reader.values(table.headers, row))
        for index, row in enumerate(table.rows)
        if any(_text(cell) for cell in row)
    ]
    existing = _existing_patients(
        {(v.get("tipo_documento", ""), v.get("documento", "")) for _, v in numbered}
    )
    first_row_of: dict[tuple[str, str], int] = {}
    form = ImportPatientForm()
    validated = []
    for number, values in numbered:
        key = (values.get("tipo_documento", ""), values.get("documento", ""))
        patient = existing.get(key)
        outcome = RowOutcome(number, "update" if patient else "new", values, patient=patient)
        report.rows.append(outcome)
        if key[1] and key in first_row_of:
            outcome.errors.append(("documento", f"el documento ya aparece en la fila {first_row_of[key]}"))
            continue
        first_row_of[key] = number
        form.bind(_form_data(values, patient, patient and patient.active_start, reader), patient)
        if not form.is_valid():
            outcome.errors.extend(_errors(form.errors))
            continue
        if patient and not form.has_changed():
            outcome.action = "skip"
        start = form.cleaned_data.get(PROGRAM_START)
        validated.append(
            _Valid(outcome, form.instance, start if not patient or patient.active_start else None)
        )
    return report, validated


def _write(validated: list[_Valid], user) -> None:
    new = [row for row in validated if row.outcome.action == "new"]
    try:
        created = services.create_patients(
            [(row.patient, row.program_start) for row in new], user, cleaned=True
        )
    except services.BulkValidationError as error:
        for index, row_error in error.by_index.items():
            new[index].outcome.errors.extend(_errors(row_error))
    else:
        for row, patient in zip(new, created, strict=True):
            row.outcome.patient = patient
    for row in validated:
        if row.outcome.action == "update":
            try:
                services.update_patient(row.patient, row.program_start, user)
            except ValidationError as error:
                row.outcome.errors.extend(_errors(error))


def import_table(table: Table, user=None, dry_run: bool = False) -> ImportReport:
    """Validate and import every row in one transaction; roll back on any error or a dry run."""
    report, validated = validate(table)
    if not report.ok:
        return report
    with transaction.atomic():
        _write(validated, user)
        if dry_run or not report.ok:
            transaction.set_rollback(True)
        else:
            report.saved = True
    return report


def import_file(content: bytes, filename: str, user=None, dry_run: bool = False) -> ImportReport:
    try:
        table = read_file(content, filename)
    except ImportFileError as error:
        return ImportReport(file_errors=[str(error)])
    return import_table(table, user, dry_run)


# --- Template --------------------------------------------------------------------------------

EXAMPLE_ROW = {
    "nombre": "Carmen",
    "apellido": "Ardila Rueda",
    "tipo_documento": "CC",
    "documento": "63555111",
    "fecha_nacimiento": "02/03/1965",
    "genero": "Femenino",
    "estado_civil": "Casado(a)",
    "departamento": "Santander",
    "ciudad": "Floridablanca",
    "zona": "Urbana",
    "telefono": "6076345678",
    "celular": "3157778899",
    "entidad_salud": "Sanitas",
    "estrato": 3,
    "programa": "Programa AOS",
    "diagnostico_clinico": "G47.3",
    "medico_remitente": "Dr. Prada",
    "especialidad": "Neumología",
    "peso": 82.5,
    "altura": 1.62,
    "perimetro_abdominal": 101,
    "cuello": 39,
    "valor_capita": 259783,
    "fecha_inicio_programa": "15/01/2026",
}


def template_workbook(target) -> None:
    """Write the import template (.xlsx) to ``target``: the columns, one example row and a
    sheet with the accepted values of every choice column."""
    from openpyxl import Workbook

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Pacientes")
    sheet.append(COLUMNS)
    sheet.append([EXAMPLE_ROW[name] for name in COLUMNS])
    values = workbook.create_sheet("Valores aceptados")
    values.append(["columna", "código", "etiqueta"])
    for name, form_field in PatientForm().fields.items():
        if isinstance(form_field, forms.ChoiceField):
            for code, label in form_field.choices:
                if code != "":
                    values.append([name, str(code), str(label)])
    notes = workbook.create_sheet("Instrucciones")
    for line in TEMPLATE_NOTES:
        notes.append([line])
    workbook.save(target)


TEMPLATE_NOTES = [
    "Una fila por paciente; la fila 1 son los nombres de las columnas (no los cambie).",
    "Columnas de opciones: el código o la etiqueta (hoja «Valores aceptados»), sin importar mayúsculas ni tildes.",
    "Fechas: AAAA-MM-DD o DD/MM/AAAA. Decimales con coma o con punto.",
    "fecha_inicio_programa: inicio del primer ciclo (18 meses) de un paciente nuevo.",
    "Un documento que ya existe actualiza al paciente (queda en el historial); nunca abre un segundo ciclo.",
    "Si una fila tiene errores no se guarda nada: el informe dice «fila N: campo: motivo».",
]
