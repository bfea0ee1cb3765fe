"""Who the API lets in: a user's token (created and revoked by an administrator) or the
browser session (with CSRF on writes). Without either: 401."""

import pytest
from django.test import Client
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from patients.models import Patient
from patients.tests.factories import patient_form_data

pytestmark = pytest.mark.django_db
URL = "/api/v1/patients/"


def test_without_credentials_is_a_401_asking_for_a_token():
    response = APIClient().get(URL)
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == 'Bearer realm="api"'
    assert "credenciales" in response.data["detail"]


def test_a_wrong_token_is_a_401():
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION="Token 0123456789abcdef")
    response = client.get(URL)
    assert response.status_code == 401 and "inválido" in response.data["detail"]


def test_a_revoked_token_stops_working(token_client, coordinator):
    client = token_client(coordinator)
    assert client.get(URL).status_code == 200
    Token.objects.filter(user=coordinator).delete()
    assert client.get(URL).status_code == 401


def test_a_token_of_an_inactive_user_is_refused(token_client, coordinator):
    client = token_client(coordinator)
    coordinator.is_active = False
    coordinator.save()
    assert client.get(URL).status_code == 401


def test_token_writes_need_no_csrf(token_client, coordinator):
    client = token_client(coordinator)
    client.enforce_csrf_checks = True
    assert client.post(URL, {**patient_form_data(), "estrato": 3}, format="json").status_code == 201


def test_session_reads_work_and_session_writes_need_csrf(csrf_client):
    assert csrf_client.get(URL).status_code == 200
    response = csrf_client.post(URL, {**patient_form_data(), "estrato": 3}, content_type="application/json")
    assert response.status_code == 403 and "CSRF" in response.json()["detail"]
    assert not Patient.objects.exists()


def test_session_write_with_the_csrf_token(csrf_client):
    csrf_client.get("/patients/")
    token = csrf_client.cookies["csrftoken"].value
    response = csrf_client.post(
        URL,
        {**patient_form_data(), "estrato": 3},
        content_type="application/json",
        headers={"X-CSRFToken": token},
    )
    assert response.status_code == 201, response.content


@pytest.fixture
def staff(member):
    def make(group):
        user = member(group)
        user.is_staff = True
        user.save()
        client = Client()
        client.force_login(user)
        return client

    return make


def test_administrators_create_and_revoke_tokens_in_the_admin(staff, coordinator):
    admin = staff("Administrador")
    response = admin.post("/admin/authtoken/tokenproxy/add/", {"user": coordinator.pk})
    assert response.status_code == 302, response.content
    token = Token.objects.get(user=coordinator)
    # The token admin addresses a token by its user.
    response = admin.post(f"/admin/authtoken/tokenproxy/{token.user_id}/delete/", {"post": "yes"})
    assert response.status_code == 302
    assert not Token.objects.exists()


@pytest.mark.parametrize("group", ["Coordinador", "Neumología", "Consulta"])
def test_no_one_else_manages_tokens(staff, coordinator, group):
    client = staff(group)
    assert client.get("/admin/authtoken/tokenproxy/").status_code == 403
    assert client.post("/admin/authtoken/tokenproxy/add/", {"user": coordinator.pk}).status_code == 403
    assert not Token.objects.exists()


def test_an_unknown_api_address_is_a_json_404(api):
    for url in ("/api/v1/attentions/0.5/", "/api/v1/nada/", "/api/v2/patients/"):
        response = api.get(url)
        assert response.status_code == 404 and response["Content-Type"] == "application/json", url
        assert response.json() == {"detail": "No existe esta dirección de la API."}


def test_a_body_that_is_not_json_is_a_400_in_spanish(api):
    response = api.post(URL, "{nombre:", content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"non_field_errors": ["El cuerpo de la petición no es un JSON válido."]}
    assert api.post(URL, "nombre=x", content_type="application/x-www-form-urlencoded").status_code == 415
