"""Exports of clinical records: each type program-wide (one generic view over the registry) and
one patient's whole history."""

import pytest
from django.urls import reverse

from datamed.tests.downloads import csv_rows, download, queries_for, xlsx_sheets
from exams.registry import RECORD_TYPES, REGISTRY
from exams.services import void_record
from exams.tests.factories import register_monitoring
from patients.choices import EstadoIngreso
from patients.models import today
from patients.tests.dates import months_ago
from patients.tests.factories import PatientFactory
from users.models import ClinicalAccess

pytestmark = pytest.mark.django_db


def _records_url(slug, fmt):
    return reverse("exams:records_export", args=[slug, fmt])


def test_monitoring_export_has_registry_columns_document_cycle_start_and_mes_capita(
    client_logged, coordinator
):
    patient = PatientFactory(documento="7001", cycle=months_ago(3, day=1))
    cycle = patient.ingresos.get()
    register_monitoring(cycle, coordinator, days4="65", days_ago=(today() - months_ago(2, day=5)).days)
    _, body = download(client_logged, _records_url("monitoreo", "xlsx"))
    header, row = xlsx_sheets(body)["Monitoreos de adherencia"]
    monitoreo = REGISTRY["monitoreo"]
    assert header == [
        "Tipo de documento",
        "Documento",
        "Apellidos",
        "Nombres",
        "Inicio del ciclo",
        "Mes cápita de la atención",
        *monitoreo.column_titles(),
        "Registrado por",
    ]
    values = dict(zip(header, row, strict=True))
    assert values["Documento"] == "7001"
    assert values["Inicio del ciclo"].date() == months_ago(3, day=1)
    assert values["Mes cápita de la atención"] == 2
    assert values["Adherente"] == "No"
    assert values["Modo ventilatorio"] == "CPAP"
    assert values["Registrado por"] == str(coordinator)


def test_voided_records_are_not_exported(client_logged, coordinator):
    patient = PatientFactory()
    kept = register_monitoring(patient.ingresos.get(), coordinator, days4="91")
    voided = register_monitoring(patient.ingresos.get(), coordinator, days4="12")
    void_record(voided, "Error de digitación", coordinator)
    _, body = download(client_logged, _records_url("monitoreo", "csv"))
    header, *rows = csv_rows(body)
    assert kept.dias_uso_horas_4 == 91
    assert [r[header.index("Noches con las horas de la regla (%)")] for r in rows] == ["91,00"]


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda rt: rt.slug)
def test_every_record_type_exports_through_the_same_view(client_logged, record_type):
    response, body = download(client_logged, _records_url(record_type.slug, "csv"))
    assert response.status_code == 200
    assert csv_rows(body)[0][6:-1] == record_type.column_titles()


def test_unknown_record_type_is_not_found(client_logged):
    assert client_logged.get(_records_url("radiografia", "csv")).status_code == 404


def test_clinical_history_xlsx_has_every_cycle_and_one_sheet_per_record_type(client_logged, coordinator):
    patient = PatientFactory(cycle=months_ago(24))
    old = patient.ingresos.get()
    register_monitoring(old, coordinator, days4="50", days_ago=(today() - months_ago(23)).days)
    old.estado, old.fecha_fin = EstadoIngreso.TERMINADO, months_ago(20)
    old.save()
    current = patient.ingresos.create(fecha_inicio=months_ago(1))
    register_monitoring(current, coordinator, days4="90")
    other = PatientFactory()
    register_monitoring(other.ingresos.get(), coordinator)
    response, body = download(client_logged, reverse("exams:clinical_export", args=[patient.pk, "xlsx"]))
    assert response["Content-Disposition"].startswith(
        f'attachment; filename="historia_{patient.tipo_documento}{patient.documento}_'
    )
    sheets = xlsx_sheets(body)
    assert list(sheets) == ["Ciclos", *[rt.label_plural[:31] for rt in RECORD_TYPES]]
    assert [row[2] for row in sheets["Ciclos"][1:]] == ["Terminado", "Activo"]
    monitorings = sheets["Monitoreos de adherencia"]
    assert [row[0].date() for row in monitorings[1:]] == [months_ago(24), months_ago(1)]
    assert [row[1] for row in monitorings[1:]] == [2, 2]
    assert ClinicalAccess.objects.filter(paciente=patient, usuario=coordinator).exists()


def test_clinical_history_csv_is_one_table_with_a_type_column(client_logged, coordinator):
    patient = PatientFactory()
    register_monitoring(patient.ingresos.get(), coordinator, days4="90")
    _, body = download(client_logged, reverse("exams:clinical_export", args=[patient.pk, "csv"]))
    header, *rows = csv_rows(body)
    assert header == ["Tipo de registro", "Inicio del ciclo", "Mes cápita de la atención", "Dato", "Valor"]
    assert ["Monitoreo de adherencia", today().strftime("%d/%m/%Y"), "1", "Adherente", "Sí"] in rows
    assert len(rows) == len(REGISTRY["monitoreo"].columns)


def test_record_exports_are_refused_without_the_export_permission(client, member, patient):
    client.force_login(member("Terapia respiratoria"))
    assert client.get(_records_url("monitoreo", "xlsx")).status_code == 403
    assert client.get(reverse("exams:clinical_export", args=[patient.pk, "csv"])).status_code == 403
    assert not ClinicalAccess.objects.exists()


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_record_export_queries_do_not_grow_with_the_rows(client_logged, coordinator, fmt):
    patient = PatientFactory()
    register_monitoring(patient.ingresos.get(), coordinator)
    url = _records_url("monitoreo", fmt)
    few = queries_for(client_logged, url)
    for other in PatientFactory.create_batch(15):
        register_monitoring(other.ingresos.get(), coordinator)
    assert queries_for(client_logged, url) == few


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_clinical_history_export_queries_do_not_grow_with_the_rows(client_logged, coordinator, fmt):
    patient = PatientFactory()
    register_monitoring(patient.ingresos.get(), coordinator)
    url = reverse("exams:clinical_export", args=[patient.pk, fmt])
    few = queries_for(client_logged, url)
    for _ in range(12):
        register_monitoring(patient.ingresos.get(), coordinator)
    assert queries_for(client_logged, url) == few
