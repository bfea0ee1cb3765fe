"""``/reports/rips/`` and ``/api/v1/reports/rips/``: coordinators and administrators only; the
file when clean, the problems otherwise."""

import json

import pytest
from django.urls import reverse

from rips.models import MapeoRegistro
from rips.tests.conftest import monitoring, register, sanitas_patient

pytestmark = pytest.mark.django_db


@pytest.fixture
def month_with_care(rips_settings, professional, month):
    register(monitoring(month[0].replace(day=6)), sanitas_patient(documento="63111222"), professional)


def _body(month, **overrides):
    return {
        "eps": "SANITAS",
        "desde": month[0].isoformat(),
        "hasta": month[1].isoformat(),
        "factura": "FE123",
        **overrides,
    }


@pytest.mark.parametrize("group", ["Coordinador", "Administrador"])
def test_page_for_coordination(client, member, group):
    client.force_login(member(group))
    response = client.get(reverse("rips:generate"))
    assert response.status_code == 200
    assert "Generar RIPS" in response.content.decode()


@pytest.mark.parametrize("group", ["Psicología", "Consulta", "Terapia respiratoria"])
def test_page_refused_to_others(client, member, group):
    client.force_login(member(group))
    assert client.get(reverse("rips:generate")).status_code == 403
    assert client.post(reverse("rips:generate"), {}).status_code == 403


def test_page_downloads_the_clean_rips(client, member, month_with_care, month):
    client.force_login(member("Coordinador"))
    response = client.post(reverse("rips:generate"), _body(month))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    assert "attachment" in response["Content-Disposition"]
    rips = json.loads(b"".join(response.streaming_content))
    assert rips["usuarios"][0]["numDocumentoIdentificacion"] == "63111222"


def test_page_lists_the_problems(client, member, month_with_care, month):
    MapeoRegistro.objects.filter(tipo_registro="monitoreo").update(cod_cups="")
    client.force_login(member("Coordinador"))
    response = client.post(reverse("rips:generate"), _body(month))
    assert response.status_code == 200
    page = response.content.decode()
    assert "El RIPS tiene 1 problema: no se generó" in page
    assert "usuario 1 (CC 63111222), consulta 1: codConsulta" in page


def test_page_form_errors_in_spanish(client, member, month):
    client.force_login(member("Coordinador"))
    response = client.post(
        reverse("rips:generate"),
        _body(month, hasta=month[0].replace(year=month[0].year - 1).isoformat(), factura="F 1"),
    )
    form = response.context["form"]
    assert form.errors["hasta"] == ["La fecha final no puede ser anterior a la inicial."]
    assert form.errors["factura"] == ["Hasta 20 letras, dígitos o guiones (p. ej. FE123)."]


def test_api_returns_the_rips(client, member, month_with_care, month):
    client.force_login(member("Administrador"))
    response = client.post(reverse("api:rips"), _body(month), content_type="application/json")
    assert response.status_code == 200
    rips = json.loads(b"".join(response.streaming_content))
    assert rips["numFactura"] == "FE123"


def test_api_lists_the_problems_with_400(client, member, month_with_care, month):
    MapeoRegistro.objects.filter(tipo_registro="monitoreo").update(cod_cups="")
    client.force_login(member("Coordinador"))
    response = client.post(reverse("api:rips"), _body(month), content_type="application/json")
    assert response.status_code == 400
    body = response.json()
    assert body["usuarios"] == 1 and body["servicios"] == 1
    assert body["problemas"][0].startswith("usuario 1 (CC 63111222), consulta 1: codConsulta:")


def test_api_field_errors(client, member, month):
    client.force_login(member("Coordinador"))
    response = client.post(
        reverse("api:rips"), _body(month, eps="OTRA", factura=""), content_type="application/json"
    )
    assert response.status_code == 400
    assert set(response.json()) >= {"eps", "factura"}


@pytest.mark.parametrize("group", ["Psicología", "Consulta"])
def test_api_refused_to_others(client, member, month, group):
    client.force_login(member(group))
    assert client.post(reverse("api:rips"), _body(month), content_type="application/json").status_code == 403


def test_api_is_documented(client):
    schema = client.get(reverse("api:schema"), HTTP_ACCEPT="application/json").content.decode()
    assert "/api/v1/reports/rips/" in schema or "/api/v1/reports/rips" in schema
