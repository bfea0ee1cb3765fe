"""What an outside integrator meets (issue 23): addresses with or without their final slash,
JSON errors in Spanish for every failure, the API root, both token schemes."""

import json

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token

from exams.tests.factories import record_data, register_monitoring
from patients.tests.factories import PatientFactory, patient_form_data

pytestmark = pytest.mark.django_db


def _patient_payload(**overrides) -> dict:
    return {**patient_form_data(), "estrato": 3, **overrides}


@pytest.mark.parametrize("slash", ["/", ""])
def test_every_method_works_without_the_final_slash(api, patient, slash):
    created = api.post(f"/api/v1/patients{slash}", _patient_payload(documento="55000111"))
    assert created.status_code == 201, created.content
    pk = created.data["id"]
    assert api.get(f"/api/v1/patients/{pk}{slash}").status_code == 200
    edited = api.patch(f"/api/v1/patients/{pk}{slash}", {"nombre": "Ana"})
    assert (edited.status_code, edited.data["nombre"]) == (200, "Ana")
    assert api.put(f"/api/v1/patients/{pk}{slash}", _patient_payload(documento="55000111")).status_code == 200
    record = api.post(f"/api/v1/records/monitoreo{slash}", {**record_data("monitoreo"), "paciente": pk})
    assert record.status_code == 201, record.content
    voided = api.post(f"/api/v1/records/monitoreo/{record.data['id']}/void{slash}", {"motivo_anulacion": "x"})
    assert voided.status_code == 200
    assert api.get(f"/api/v1/dashboard{slash}").status_code == 200
    assert api.get(f"/api/v1/cycles{slash}").status_code == 200


def test_an_unknown_address_is_a_json_404_with_or_without_slash(api):
    for path in ("/api/v1/nada", "/api/v1/nada/", "/api/nada", "/api/v1/patients/1/nada"):
        for method in ("get", "post", "patch"):
            response = getattr(api, method)(path)
            assert response.status_code == 404, (method, path)
            assert response["Content-Type"] == "application/json"
            assert response.json() == {"detail": "No existe esta dirección de la API."}


def test_the_api_root_lists_the_resources(client):
    for path in ("/api/v1/", "/api/v1"):
        response = client.get(path)
        assert response.status_code == 200
        listing = response.json()
        assert listing["patients"] == "http://testserver/api/v1/patients/"
        assert listing["records/monitoreo"] == "http://testserver/api/v1/records/monitoreo/"
        assert {"cycles", "attentions", "dashboard", "schema", "docs"} <= set(listing)


def test_a_body_over_the_limit_is_a_json_413(api, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000
    body = json.dumps(_patient_payload(nombre="x" * 2000))
    response = api.generic("POST", "/api/v1/patients/", body, content_type="application/json")
    assert response.status_code == 413
    assert response["Content-Type"] == "application/json"
    assert "1000" in response.json()["detail"] or "límite" in response.json()["detail"]


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/api/v1/patients/999999/", "No se encontró el paciente."),
        ("/api/v1/cycles/999999/", "No se encontró el ciclo."),
        ("/api/v1/cycles/999999/suspend/", "No se encontró el ciclo."),
        ("/api/v1/attentions/999999/", "No se encontró la atención."),
        ("/api/v1/records/monitoreo/999999/", "No se encontró el monitoreo de adherencia."),
        ("/api/v1/records/psicologia/999999/", "No se encontró la valoración de psicología."),
        ("/api/v1/records/basal/999999/", "No se encontró la polisomnografía basal."),
        ("/api/v1/records/equipo_medico/999999/", "No se encontró el equipo médico."),
        ("/api/v1/records/seguimiento/999999/", "No se encontró la nota de seguimiento."),
        ("/api/v1/records/neumologia/999999/", "No se encontró la consulta de neumología."),
    ],
)
def test_not_found_names_the_resource_in_spanish(api, path, message):
    method = api.post if path.endswith("suspend/") else api.get
    response = method(path)
    assert (response.status_code, response.json()) == (404, {"detail": message})


def test_a_page_that_is_not_a_number_is_a_400_naming_the_parameter(api, patient):
    for query in ("page=abc", "page=0", "page=-1"):
        response = api.get(f"/api/v1/patients/?{query}")
        assert response.status_code == 400, query
        assert list(response.json()) == ["page"]
    assert api.get("/api/v1/patients/?page=99").status_code == 404


@pytest.mark.parametrize("url", ["/api/v1/patients/", "/api/v1/records/monitoreo/"])
def test_a_page_size_out_of_range_is_a_400(api, url):
    for value in ("abc", "0", "201"):
        response = api.get(f"{url}?page_size={value}")
        assert response.status_code == 400, value
        assert list(response.json()) == ["page_size"]
    assert api.get(f"{url}?page_size=200").status_code == 200


def test_search_over_100_characters_is_a_400(api):
    response = api.get("/api/v1/patients/", {"search": "x" * 101})
    assert response.status_code == 400 and "search" in response.json()


def test_editing_a_voided_record_is_a_409_as_voiding_it_again(api, coordinator, patient):
    record = register_monitoring(patient.ingreso_activo, coordinator)
    url = f"/api/v1/records/monitoreo/{record.pk}/"
    assert api.post(f"{url}void/", {"motivo_anulacion": "error"}).status_code == 200
    again = api.post(f"{url}void/", {"motivo_anulacion": "error"})
    edit = api.patch(url, {"uso_diario": "50"})
    assert again.status_code == edit.status_code == 409
    assert edit.json() == {"detail": "Un registro anulado no se puede modificar."}


def test_a_voided_record_is_still_refused_with_403_to_who_could_never_edit_it(
    token_client, member, coordinator, patient
):
    record = register_monitoring(patient.ingreso_activo, coordinator)
    record.anulado = True
    record.save()
    client = token_client(member("Psicología"))
    assert client.patch(f"/api/v1/records/monitoreo/{record.pk}/", {"uso_diario": "50"}).status_code == 403


@pytest.mark.parametrize("scheme", ["Token", "Bearer", "bearer"])
def test_both_token_schemes_are_accepted(coordinator, scheme):
    key = Token.objects.create(user=coordinator).key
    client = Client(headers={"Authorization": f"{scheme} {key}"})
    assert client.get("/api/v1/patients/").status_code == 200


def test_an_unknown_scheme_answers_which_ones_are_accepted(coordinator):
    key = Token.objects.create(user=coordinator).key
    response = Client(headers={"Authorization": f"Basic {key}"}).get("/api/v1/patients/")
    assert response.status_code == 401
    assert "Bearer" in response.json()["detail"] and "Token" in response.json()["detail"]


def test_an_unknown_patient_on_a_record_names_the_field(api):
    response = api.post("/api/v1/records/monitoreo/", {**record_data("monitoreo"), "paciente": 999999})
    assert response.status_code == 400
    assert list(response.json()) == ["paciente"]
    assert "999999" in response.json()["paciente"][0]


def test_patient_list_still_has_its_pages(api):
    PatientFactory.create_batch(3)
    assert api.get("/api/v1/patients/?page=1&page_size=2").json()["count"] == 3


def test_a_monitoring_without_a_basal_study_has_no_basal_iah(api, patient):
    body = {**record_data("monitoreo"), "paciente": patient.pk}
    response = api.post("/api/v1/records/monitoreo/", body)
    assert response.status_code == 201
    assert (response.json()["hipopnea_basal"], response.json()["porcentaje_correccion"]) == (None, None)


@pytest.mark.parametrize("pk", ["abc", "-1", "99999999999999999999", "0"])
def test_an_id_that_cannot_exist_is_a_json_404(api, pk):
    for path in (
        f"/api/v1/patients/{pk}/",
        f"/api/v1/records/monitoreo/{pk}",
        f"/api/v1/cycles/{pk}/terminate",
    ):
        response = api.get(path) if "terminate" not in path else api.post(path, {})
        assert response.status_code == 404, path
        assert response["Content-Type"] == "application/json"


def test_a_method_the_address_does_not_have_is_a_json_405(api, patient):
    for path in ("/api/v1/patients/", f"/api/v1/patients/{patient.pk}", "/api/v1/dashboard"):
        response = api.delete(path)
        assert response.status_code == 405 and "DELETE" in response.json()["detail"]


def test_a_body_that_is_not_json_is_a_json_415(api):
    response = api.generic(
        "POST", "/api/v1/patients", "nombre=Ana", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 415 and response["Content-Type"] == "application/json"


@pytest.mark.parametrize("url", ["/api/v1/cycles/", "/api/v1/records/monitoreo/", "/api/v1/attentions/"])
def test_an_id_filter_too_large_for_a_key_is_a_400(api, url):
    response = api.get(url, {"paciente": "14866367560618864759799808"})
    assert response.status_code == 400 and "paciente" in response.json()
