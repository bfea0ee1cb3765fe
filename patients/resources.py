"""django-import-export resources for the admin (SPEC §3: import/export of patients and cycles).

The admin's import does not use the library's own row machinery: its file formats read the
upload with ``patients.importing`` (encoding and delimiter detection) and the resource hands
the rows to ``importing.import_table``, the same layer as ``manage.py import_patients``. The
library keeps what it is good at: the upload, the preview and the confirmation step.
"""

import tablib
from django.core.exceptions import ValidationError
from import_export import fields, resources
from import_export.formats import base_formats
from import_export.results import Result, RowResult

from patients import importing
from patients.forms import PatientForm
from patients.models import Ingreso, Patient


class _SpreadsheetFormat:
    """An import format whose bytes are read by ``patients.importing``."""

    reader = staticmethod(importing.read_csv)

    def is_binary(self) -> bool:
        return True

    def get_read_mode(self) -> str:
        return "rb"

    def create_dataset(self, in_stream, **kwargs) -> tablib.Dataset:
        table = self.reader(in_stream)
        dataset = tablib.Dataset(headers=table.headers)
        for row in table.rows:
            dataset.append([*row, *[None] * (len(table.headers) - len(row))])
        return dataset


class SpreadsheetCSV(_SpreadsheetFormat, base_formats.CSV):
    """CSV in UTF-8 or Windows-1252, separated by ``;`` or ``,``."""


class SpreadsheetXLSX(_SpreadsheetFormat, base_formats.XLSX):
    reader = staticmethod(importing.read_xlsx)


IMPORT_FORMATS = [SpreadsheetXLSX, SpreadsheetCSV]


class ImportReportResult(Result):
    """The library's result, built from an ``importing.ImportReport`` (kept as ``report``)."""

    def __init__(self, report: importing.ImportReport):
        super().__init__()
        self.report = report
        self.diff_headers = list(importing.COLUMNS)
        for line in report.file_errors:
            self.append_invalid_row(1, {}, ValidationError({"archivo": [line]}))
        for outcome in report.rows:
            if outcome.errors:
                messages: dict[str, list[str]] = {}
                for column, message in outcome.errors:
                    messages.setdefault(column, []).append(message)
                self.append_invalid_row(outcome.number, outcome.values, ValidationError(messages))
                continue
            row = RowResult()
            row.import_type = {
                "new": RowResult.IMPORT_TYPE_NEW,
                "update": RowResult.IMPORT_TYPE_UPDATE,
                "skip": RowResult.IMPORT_TYPE_SKIP,
            }[outcome.action]
            row.diff = [outcome.values.get(name, "") for name in self.diff_headers]
            if outcome.patient is not None:
                row.add_instance_info(outcome.patient)
            self.append_row_result(row)
            self.increment_row_result_total(row)


class PatientResource(resources.ModelResource):
    """Export: the patient's fields by name (the import columns). Import: ``patients.importing``."""

    class Meta:
        model = Patient
        fields = ["id", *PatientForm.Meta.fields]
        export_order = fields

    def import_data(self, dataset, dry_run=False, raise_errors=False, **kwargs):
        table = importing.Table(list(dataset.headers or []), [list(row) for row in dataset])
        report = importing.import_table(table, user=kwargs.get("user"), dry_run=dry_run)
        return ImportReportResult(report)


class IngresoResource(resources.ModelResource):
    """Export of cycles, with the patient's document to match them in a spreadsheet."""

    tipo_documento = fields.Field(attribute="paciente__tipo_documento", column_name="tipo_documento")
    documento = fields.Field(attribute="paciente__documento", column_name="documento")

    class Meta:
        model = Ingreso
        fields = [
            "id",
            "paciente",
            "tipo_documento",
            "documento",
            "fecha_inicio",
            "fecha_fin",
            "estado",
            "motivo_cierre",
            "motivo",
            "fecha_cambio_estado",
        ]
        export_order = fields
