"""``/api/v1/reports/program/``: the monthly program report's figures, as the page gives them,
for Coordinador and Administrador only, with field errors for a bad query."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from reports import selectors, services
from reports.months import Month
from reports.tests.world import MONTH, build_month
from users.permissions import GROUP_NAMES

pytestmark = pytest.mark.django_db
URL = "/api/v1/reports/program/"
QUERY = {"eps": "SANITAS", "month": str(MONTH)}


def test_figures_are_the_page_figures_with_the_issued_versions(api, coordinator):
    build_month()
    services.issue_report("SANITAS", MONTH, coordinator)
    response = api.get(URL, QUERY)
    assert response.status_code == 200
    body = response.json()
    expected = selectors.program_figures("SANITAS", MONTH)
    assert body["pacientes_activos_inicio"] == 5 and body["pacientes_activos_fin"] == 5
    assert body["capita"] == {"ciclos": 6, "valor": "1550000.00", "vencidos_sin_facturar": 1}
    assert body["egresos"] == expected["egresos"]
    assert body["atenciones"] == expected["atenciones"]
    assert body["monitoreo"] == expected["monitoreo"]
    assert body["basal_a_cpap"] == {"entregas": 4, "mediana_dias": 110.0, "p90_dias": 284}
    assert body["cumplimiento_protocolo"] == expected["cumplimiento_protocolo"]
    assert [row["mes"] for row in body["tendencia"]][-1] == "2025-03"
    assert [(issue["version"], issue["emitido_por"]) for issue in body["emitidos"]] == [(1, "Alicia")]
    assert len(body["emitidos"][0]["pdf_sha256"]) == 64


@pytest.mark.parametrize(
    "query, field",
    [
        ({"month": "2025-03"}, "eps"),
        ({"eps": "NUEVA", "month": "2025-03"}, "eps"),
        ({"eps": "SANITAS", "month": "marzo"}, "month"),
        ({"eps": "SANITAS"}, "month"),
    ],
)
def test_a_bad_query_gets_field_errors(api, query, field):
    response = api.get(URL, query)
    assert response.status_code == 400
    assert field in response.json()


@pytest.mark.parametrize("group", GROUP_NAMES)
def test_only_coordinators_and_administrators(token_client, member, group):
    response = token_client(member(group)).get(URL, QUERY)
    assert response.status_code == (200 if group in {"Coordinador", "Administrador"} else 403)


def test_anonymous_gets_401(client):
    assert client.get(URL, QUERY).status_code == 401


def test_queries_do_not_grow_with_the_data(api, coordinator):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert api.get(URL, QUERY).status_code == 200
        return len(captured)

    empty = count()
    build_month()
    services.issue_report("SANITAS", MONTH, coordinator)
    services.issue_report("SANITAS", Month(2025, 2), coordinator)
    assert count() == empty


def test_the_contract_describes_it():
    from django.test import Client

    schema = Client().get("/api/schema/", {"format": "json"}).json()
    operation = schema["paths"]["/api/v1/reports/program/"]["get"]
    assert "Coordinador" in operation["description"] and "Administrador" in operation["description"]
    assert {parameter["name"] for parameter in operation["parameters"]} == {"eps", "month"}
