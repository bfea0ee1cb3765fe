"""``/api/v1/worklist/`` and the plan in the cycle resource."""

from careplan.tests.helpers import item, psychology_on
from patients.choices import EntidadSalud
from patients.tests.dates import months_ago
from patients.tests.factories import PatientFactory


def test_the_worklist_of_a_psychologist(token_client, member, db):
    patient = PatientFactory(cycle=months_ago(4))
    api = token_client(member("Psicología"))
    response = api.get("/api/v1/worklist/")
    assert response.status_code == 200
    body = response.json()
    assert body["count"] == 1
    (line,) = body["results"]
    assert line["tipo"] == "psicologia" and line["paciente"]["documento"] == patient.documento
    assert line["dias_vencido"] > 0


def test_the_coordinator_filters_by_discipline_and_eps(token_client, member, db):
    PatientFactory(cycle=months_ago(4), entidad_salud=EntidadSalud.SANITAS)
    api = token_client(member("Coordinador"))
    every = api.get("/api/v1/worklist/").json()["count"]
    nutrition = api.get("/api/v1/worklist/", {"disciplina": "nutricion"}).json()
    assert every > nutrition["count"] == 1
    assert api.get("/api/v1/worklist/", {"eps": "ECOPETROL"}).json()["count"] == 0
    assert api.get("/api/v1/worklist/", {"ver": "proximos"}).status_code == 200


def test_a_bad_filter_is_a_400_with_the_field(token_client, member, db):
    response = token_client(member("Coordinador")).get("/api/v1/worklist/", {"eps": "NINGUNA"})
    assert response.status_code == 400
    assert "eps" in response.json()


def test_the_cycle_resource_carries_its_plan(token_client, coordinator, db):
    ingreso = PatientFactory(cycle=months_ago(4)).ingresos.get()
    psychology_on(ingreso, item(ingreso, "psicologia", mes=1).ventana_fin)
    body = token_client(coordinator).get(f"/api/v1/cycles/{ingreso.pk}/").json()
    states = {line["etiqueta"]: line["estado"] for line in body["plan"]}
    assert len(states) == 26
    assert states["Valoración de psicología · mes 1"] == "CUMPLIDO"
    assert states["Valoración de nutrición · mes 1"] == "VENCIDO"


def test_the_schema_describes_the_worklist(client_logged, db):
    schema = client_logged.get("/api/schema/?format=json")
    assert schema.status_code == 200
    text = schema.content.decode()
    assert "/api/v1/worklist/" in text and "PlanItem" in text
