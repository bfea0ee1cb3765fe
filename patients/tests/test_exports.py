"""Exports of /patients/ (with its filters) and /patients/follow: content, permission, queries."""

import pytest
from django.urls import reverse

from datamed.tests.downloads import csv_rows, download, queries_for, xlsx_sheets
from patients.choices import EstadoIngreso, MotivoCierre
from patients.models import today
from patients.tests.dates import months_ago
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def _list_url(fmt):
    return reverse("patients:export", args=[fmt])


def test_patient_list_xlsx_has_spanish_headers_and_the_patients_values(client_logged):
    PatientFactory(nombre="Rosa", apellido="Quintero", documento="91234567", cycle=months_ago(4))
    response, body = download(client_logged, _list_url("xlsx"))
    assert response["Content-Disposition"].startswith('attachment; filename="pacientes_activos_')
    header, *rows = xlsx_sheets(body)["Pacientes activos"]
    assert header[:4] == ["Nombre", "Apellido", "Tipo de documento", "Número de documento"]
    assert header[-2:] == ["Inicio del ciclo", "Mes cápita"]
    values = dict(zip(header, rows[0], strict=True))
    assert values["Número de documento"] == "91234567"
    assert values["Tipo de documento"] == "Cédula de Ciudadanía"
    assert values["Ciudad / municipio"] == "Bucaramanga"
    assert values["Inicio del ciclo"].date() == months_ago(4)
    assert values["Mes cápita"] == 5


def test_patient_list_export_applies_the_page_filters(client_logged):
    PatientFactory(nombre="Rosa", cycle=months_ago(4))
    PatientFactory(nombre="Rosalba", cycle=today())
    PatientFactory(nombre="Pedro", cycle=months_ago(4))
    suspended = PatientFactory(nombre="Rosaura", cycle=months_ago(4))
    suspended.ingresos.update(estado=EstadoIngreso.SUSPENDIDO)
    _, body = download(client_logged, _list_url("csv"), {"q": "rosa", "mes": "5"})
    header, *rows = csv_rows(body)
    assert [r[header.index("Nombre")] for r in rows] == ["Rosa"]
    _, body = download(client_logged, _list_url("csv"), {"q": "rosa"})
    assert sorted(r[0] for r in csv_rows(body)[1:]) == ["Rosa", "Rosalba"]


def test_follow_export_has_every_cycle_of_the_searched_patients(client_logged):
    patient = PatientFactory(nombre="Ana", apellido="Zea", cycle=months_ago(30))
    patient.ingresos.update(
        estado=EstadoIngreso.TERMINADO,
        fecha_fin=months_ago(12),
        motivo_cierre=MotivoCierre.EGRESO_COMPLETO,
        motivo="Egreso completo",
    )
    patient.ingresos.create(fecha_inicio=months_ago(2))
    PatientFactory(nombre="Otro", apellido="Paz")
    _, body = download(client_logged, reverse("patients:follow_export", args=["csv"]), {"q": "zea"})
    header, *rows = csv_rows(body)
    assert header == [
        "Tipo de documento",
        "Documento",
        "Apellidos",
        "Nombres",
        "EPS",
        "Inicio del ciclo",
        "Fin del ciclo",
        "Estado",
        "Mes cápita",
        "Supera 18 meses",
        "Motivo de cierre",
        "Motivo",
    ]
    assert [(r[3], r[7], r[8], r[10]) for r in rows] == [
        ("Ana", "Activo", "3", ""),
        ("Ana", "Terminado", "18", "Egreso completo"),
    ]
    assert rows[1][6] == months_ago(12).strftime("%d/%m/%Y")


@pytest.mark.parametrize("group", ["Consulta", "Neumología", "Terapia respiratoria"])
def test_exports_are_refused_without_the_export_permission(client, member, group):
    client.force_login(member(group))
    for url in (_list_url("xlsx"), _list_url("csv"), reverse("patients:follow_export", args=["xlsx"])):
        assert client.get(url).status_code == 403


def test_an_unknown_format_is_not_found(client_logged):
    assert client_logged.get(_list_url("pdf")).status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
@pytest.mark.parametrize("name", ["patients:export", "patients:follow_export"])
def test_queries_do_not_grow_with_the_rows(client_logged, fmt, name):
    url = reverse(name, args=[fmt])
    PatientFactory.create_batch(2)
    few = queries_for(client_logged, url)
    PatientFactory.create_batch(30)
    assert queries_for(client_logged, url) == few


def test_export_buttons_only_for_users_who_may_export(client, member):
    export_link = _list_url("xlsx")
    client.force_login(member("Consulta"))
    assert export_link not in client.get(reverse("patients:list")).content.decode()
    assert reverse("patients:import_template") not in client.get(reverse("patients:list")).content.decode()
    client.force_login(member("Coordinador"))
    page = client.get(reverse("patients:list"), {"q": "ana", "mes": "2"}).content.decode()
    assert f"{export_link}?q=ana&amp;mes=2" in page
    assert reverse("patients:import_template") in page
    follow = client.get(reverse("patients:follow"), {"q": "ana"}).content.decode()
    assert reverse("patients:follow_export", args=["csv"]) + "?q=ana" in follow


@pytest.mark.parametrize(("name", "column"), [("export", "Nombre"), ("follow_export", "Nombres")])
def test_a_search_export_carries_every_match_beyond_the_pages_limit(client_logged, settings, name, column):
    settings.DATAMED_SEARCH_LIMIT = 2
    for index in range(5):
        PatientFactory(nombre=f"Rosa{index}", cycle=months_ago(4))
    assert client_logged.get(reverse("patients:list"), {"q": "rosa"}).context["more_than_shown"]
    _, body = download(client_logged, reverse(f"patients:{name}", args=["csv"]), {"q": "rosa"})
    header, *rows = csv_rows(body)
    assert sorted(row[header.index(column)] for row in rows) == [f"Rosa{i}" for i in range(5)]
