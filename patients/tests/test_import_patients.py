"""Spreadsheet import of patients and their first cycle (patients.importing)."""

import datetime

import pytest

from patients import importing
from patients.choices import EstadoIngreso
from patients.models import Ingreso, Patient, today
from patients.tests.factories import PatientFactory
from patients.tests.spreadsheets import csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db


def _counts():
    return (
        Patient.objects.count(),
        Ingreso.objects.count(),
        Patient.history.count(),
        Ingreso.history.count(),
    )


def test_good_xlsx_creates_patients_with_their_first_active_cycle():
    start = today() - datetime.timedelta(days=40)
    content = xlsx_bytes([row(documento="111", fecha_inicio_programa=start), row(documento="222")])
    report = importing.import_file(content, "pacientes.xlsx")
    assert report.ok and report.saved, report.error_lines
    assert report.count("new") == 2
    patient = Patient.objects.get(documento="111")
    cycle = patient.ingresos.get()
    assert (cycle.estado, cycle.fecha_inicio) == (EstadoIngreso.ACTIVO, start)
    assert patient.ciudad == "FLORIDABLANCA" and patient.peso == 82.5
    assert patient.history.count() == 1 and cycle.history.count() == 1


def test_good_utf8_csv_with_commas():
    report = importing.import_file(csv_bytes([row(documento="333", nombre="Óscar")]), "p.csv")
    assert report.saved, report.error_lines
    assert Patient.objects.get(documento="333").nombre == "Óscar"


def test_windows_1252_csv_with_semicolons_and_day_first_dates():
    values = row(documento="444", apellido="Peña Muñoz", fecha_nacimiento="02/03/1965")
    values["fecha_inicio_programa"] = today().strftime("%d/%m/%Y")
    content = csv_bytes([values], delimiter=";", encoding="cp1252")
    report = importing.import_file(content, "p.csv")
    assert report.saved, report.error_lines
    patient = Patient.objects.get(documento="444")
    assert patient.apellido == "Peña Muñoz"
    assert patient.fecha_nacimiento == datetime.date(1965, 3, 2)
    assert patient.ingresos.get().fecha_inicio == today()


def test_labels_any_case_and_without_accents_instead_of_codes():
    values = row(
        documento="555",
        tipo_documento="cédula de ciudadanía",
        genero="FEMENINO",
        estado_civil="union libre",
        departamento="Bogota d.c.",
        ciudad="bogotá",
        zona="rural",
        entidad_salud="ecopetrol",
        programa="programa insomnio",
        diagnostico_clinico="g47.0 insomnio",
        peso="70,5",
    )
    report = importing.import_file(xlsx_bytes([values]), "p.xlsx")
    assert report.saved, report.error_lines
    patient = Patient.objects.get(documento="555")
    assert (patient.tipo_documento, patient.genero, patient.estado_civil) == ("CC", "F", "UNIÓN LIBRE")
    assert (patient.departamento, patient.ciudad, patient.zona) == ("BOGOTA_DC", "BOGOTA", "RURAL")
    assert (patient.programa, patient.diagnostico_clinico) == ("PROGRAMA INSOMNIO", "G47.0")
    assert str(patient.peso) == "70.50"


def test_a_file_with_bad_rows_saves_nothing_and_reports_each_row():
    before = _counts()
    content = xlsx_bytes(
        [
            row(documento="601"),
            row(documento="602", ciudad="MEDELLIN"),
            row(documento="603"),
            row(documento="60A4", estrato="9", fecha_nacimiento="1800-01-01"),
            row(documento="601"),
        ]
    )
    report = importing.import_file(content, "p.xlsx")
    assert not report.ok and not report.saved
    assert _counts() == before
    lines = report.error_lines
    assert "fila 3: ciudad: La ciudad elegida no pertenece al departamento." in lines
    assert "fila 5: documento: Para RC, TI y CC el documento solo puede tener dígitos." in lines
    assert any(line.startswith("fila 5: estrato: ") for line in lines)
    assert "fila 5: fecha_nacimiento: La edad no puede superar 120 años." in lines
    assert "fila 6: documento: el documento ya aparece en la fila 2" in lines
    assert not any(line.startswith(("fila 2:", "fila 4:")) for line in lines)


def test_future_program_start_is_refused_like_on_the_form():
    tomorrow = today() + datetime.timedelta(days=1)
    report = importing.import_file(xlsx_bytes([row(fecha_inicio_programa=tomorrow)]), "p.xlsx")
    assert report.error_lines == [
        "fila 2: fecha_inicio_programa: La fecha de ingreso al programa no puede estar en el futuro."
    ]
    assert Patient.objects.count() == 0


def test_unknown_or_missing_columns_are_reported_on_row_1():
    content = csv_bytes([{"nombre": "Ana"}], columns=["nombre", "color"])
    report = importing.import_file(content, "p.csv")
    assert report.error_lines == [
        "fila 1: color: columna desconocida",
        "fila 1: tipo_documento: falta la columna",
        "fila 1: documento: falta la columna",
    ]


def test_not_a_spreadsheet_is_reported():
    assert importing.import_file(b"PK\x03\x04 roto", "p.xlsx").error_lines == [
        "El archivo no es un libro de Excel (.xlsx) válido."
    ]
    assert not importing.import_file(b"x", "p.pdf").ok


def test_re_running_the_same_file_changes_nothing():
    content = xlsx_bytes([row(documento="701"), row(documento="702")])
    assert importing.import_file(content, "p.xlsx").saved
    before = _counts()
    again = importing.import_file(content, "p.xlsx")
    assert again.saved and again.count("skip") == 2 and again.count("new") == 0
    assert _counts() == before


def test_an_existing_patient_is_updated_with_its_trail_and_never_gets_a_second_cycle(coordinator):
    patient = PatientFactory(
        documento="801", celular="3001234567", cycle=today() - datetime.timedelta(days=90)
    )
    new_start = today() - datetime.timedelta(days=60)
    content = xlsx_bytes([row(documento="801", celular="3119998877", fecha_inicio_programa=new_start)])
    report = importing.import_file(content, "p.xlsx", user=coordinator)
    assert report.saved and report.count("update") == 1, report.error_lines
    patient.refresh_from_db()
    assert patient.celular == "3119998877"
    assert patient.history.latest().history_user == coordinator
    cycle = patient.ingresos.get()
    assert cycle.fecha_inicio == new_start


def test_only_the_rows_that_differ_are_updated():
    content = xlsx_bytes([row(documento="811"), row(documento="812"), row(documento="813")])
    importing.import_file(content, "p.xlsx")
    changed = xlsx_bytes(
        [row(documento="811"), row(documento="812", celular="3205550000"), row(documento="813")]
    )
    report = importing.import_file(changed, "p.xlsx")
    assert [r.action for r in report.rows] == ["skip", "update", "skip"]
    assert Patient.objects.get(documento="812").celular == "3205550000"
    assert Patient.history.filter(documento="812").count() == 2
    assert Patient.history.filter(documento="813").count() == 1


def test_a_patient_without_an_active_cycle_keeps_its_cycles():
    patient = PatientFactory(documento="802")
    patient.ingresos.update(estado=EstadoIngreso.TERMINADO, fecha_fin=today())
    report = importing.import_file(xlsx_bytes([row(documento="802", nombre="Otra")]), "p.xlsx")
    assert report.saved, report.error_lines
    assert list(patient.ingresos.values_list("estado", flat=True)) == [EstadoIngreso.TERMINADO]


def test_missing_optional_columns_keep_the_current_values():
    PatientFactory(documento="803", celular="3001234567")
    columns = ["tipo_documento", "documento", "nombre"]
    report = importing.import_file(
        csv_bytes([{"tipo_documento": "CC", "documento": "803", "nombre": "Nueva"}], columns=columns), "p.csv"
    )
    assert report.saved, report.error_lines
    patient = Patient.objects.get(documento="803")
    assert (patient.nombre, patient.celular) == ("Nueva", "3001234567")


def test_dry_run_validates_and_saves_nothing():
    report = importing.import_file(xlsx_bytes([row(documento="901")]), "p.xlsx", dry_run=True)
    assert report.ok and not report.saved and report.count("new") == 1
    assert Patient.objects.count() == 0


def test_the_template_has_the_columns_and_an_example_row_that_imports():
    import io

    from openpyxl import load_workbook

    target = io.BytesIO()
    importing.template_workbook(target)
    sheet = load_workbook(io.BytesIO(target.getvalue())).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert list(rows[0]) == importing.COLUMNS and len(rows) == 2
    assert importing.import_file(target.getvalue(), "plantilla.xlsx").saved


def test_an_impossible_date_is_reported_on_its_row():
    report = importing.import_file(csv_bytes([row(fecha_nacimiento="31/02/1970")]), "p.csv")
    assert report.error_lines == ["fila 2: fecha_nacimiento: Ingrese una fecha válida."]
