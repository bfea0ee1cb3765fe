"""/api/v1/patients/: created with their first cycle, edited, listed and filtered through the
same services and selectors as the pages."""

import datetime

import pytest

from patients.choices import EstadoIngreso
from patients.models import Ingreso, Patient, today
from patients.tests.dates import months_ago
from patients.tests.factories import PatientFactory, patient_form_data

pytestmark = pytest.mark.django_db
URL = "/api/v1/patients/"


def _payload(**overrides) -> dict:
    data = {**patient_form_data(), "estrato": 3}
    data.update(overrides)
    return data


def test_create_opens_the_first_active_cycle(api, coordinator):
    response = api.post(URL, _payload(fecha_inicio_programa="2026-01-05"))
    assert response.status_code == 201, response.data
    patient = Patient.objects.get(pk=response.data["id"])
    cycle = patient.ingresos.get()
    assert (cycle.estado, cycle.fecha_inicio) == (EstadoIngreso.ACTIVO, datetime.date(2026, 1, 5))
    assert response.data["ciclo_actual"]["id"] == cycle.pk
    assert patient.history.get().history_user == coordinator
    assert "fecha_inicio_programa" not in response.data


def test_create_without_program_start_is_refused(api):
    payload = _payload()
    del payload["fecha_inicio_programa"]
    response = api.post(URL, payload)
    assert response.status_code == 400
    assert "obligatoria" in response.data["fecha_inicio_programa"][0]
    assert not Patient.objects.exists()


# The page's refusals (patients/tests/test_patient_create.py), through the API.
REFUSED = [
    ({"fecha_nacimiento": "2999-01-01"}, "fecha_nacimiento", "futuro"),
    ({"fecha_nacimiento": "1890-01-01"}, "fecha_nacimiento", "no puede superar 120"),
    ({"documento": "63A55111"}, "documento", "solo puede tener dígitos"),
    ({"departamento": "ANTIOQUIA", "ciudad": "FLORIDABLANCA"}, "ciudad", "no pertenece al departamento"),
    ({"estrato": 9}, "estrato", "no es una elección válida"),
    ({"celular": "6071234567"}, "celular", "10 dígitos y empieza por 3"),
    ({"fecha_inicio_programa": "2999-01-01"}, "fecha_inicio_programa", "futuro"),
    ({"peso": "900"}, "peso", "menor o igual a 350"),
    ({"nombre": ""}, "nombre", "no puede estar en blanco"),
]


@pytest.mark.parametrize(("overrides", "field", "message"), REFUSED, ids=[r[1] for r in REFUSED])
def test_invalid_patient_is_refused_with_a_spanish_message(api, overrides, field, message):
    response = api.post(URL, _payload(**overrides))
    assert response.status_code == 400
    assert any(message in error for error in response.data[field]), response.data
    assert not Patient.objects.exists() and not Ingreso.objects.exists()


def test_duplicate_document_is_refused(api, patient):
    response = api.post(URL, _payload(tipo_documento="CC", documento=patient.documento))
    assert response.status_code == 400
    assert "Ya existe un paciente" in response.data["non_field_errors"][0]
    assert Patient.objects.count() == 1


def test_update_moves_the_start_of_the_active_cycle(api, patient):
    response = api.patch(f"{URL}{patient.pk}/", {"nombre": "Cambiada", "fecha_inicio_programa": "2026-02-01"})
    assert response.status_code == 200, response.data
    patient.refresh_from_db()
    assert patient.nombre == "Cambiada"
    assert patient.ingreso_activo.fecha_inicio == datetime.date(2026, 2, 1)
    assert response.data["ciclo_actual"]["fecha_inicio"] == "2026-02-01"


def test_full_update(api, patient):
    response = api.put(f"{URL}{patient.pk}/", _payload(documento=patient.documento, apellido="Nueva"))
    assert response.status_code == 200, response.data
    patient.refresh_from_db()
    assert patient.apellido == "Nueva"


def test_retrieve_shows_derived_values(api):
    patient = PatientFactory(peso=80, altura="1.60")
    data = api.get(f"{URL}{patient.pk}/").data
    assert (data["imc"], data["edad"], data["ciclo_actual"]["estado"]) == ("31.2", patient.edad, "ACTIVO")


def _names(response):
    assert response.status_code == 200, response.data
    return [row["nombre"] for row in response.data["results"]]


def test_filters(api):
    PatientFactory(nombre="Rosa", apellido="Quintero", documento="91234567", entidad_salud="SANITAS")
    PatientFactory(nombre="Mes5", cycle=months_ago(4), programa="PROGRAMA INSOMNIO")
    suspended = PatientFactory(nombre="Suspendida")
    suspended.ingresos.update(estado=EstadoIngreso.SUSPENDIDO)
    closed = PatientFactory(nombre="Cerrada")
    closed.ingresos.update(estado=EstadoIngreso.TERMINADO, fecha_fin=today())
    assert _names(api.get(URL, {"search": "rosa 9123"})) == ["Rosa"]
    assert _names(api.get(URL, {"mes": 5})) == ["Mes5"]
    assert _names(api.get(URL, {"estado": "SUSPENDIDO"})) == ["Suspendida"]
    assert _names(api.get(URL, {"estado": "TERMINADO"})) == ["Cerrada"]
    assert sorted(_names(api.get(URL, {"estado": "ACTIVO"}))) == ["Mes5", "Rosa"]
    assert _names(api.get(URL, {"entidad_salud": "SANITAS"})) == ["Rosa"]
    assert _names(api.get(URL, {"programa": "PROGRAMA INSOMNIO"})) == ["Mes5"]


def test_invalid_filter_is_a_400_in_spanish(api):
    response = api.get(URL, {"mes": 19})
    assert response.status_code == 400
    assert "19" in response.data["mes"][0] and "válida" in response.data["mes"][0]


@pytest.mark.parametrize(
    "group", ["Neumología", "Terapia respiratoria", "Psicología", "Nutrición", "Consulta"]
)
def test_clinicians_read_but_cannot_create_or_edit(token_client, member, patient, group):
    client = token_client(member(group))
    assert client.get(URL).status_code == 200
    assert client.get(f"{URL}{patient.pk}/").status_code == 200
    assert client.post(URL, _payload()).status_code == 403
    assert client.patch(f"{URL}{patient.pk}/", {"nombre": "X"}).status_code == 403
    patient.refresh_from_db()
    assert patient.nombre != "X" and Patient.objects.count() == 1
