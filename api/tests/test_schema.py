"""The OpenAPI contract (/api/schema/) and its documentation page (/api/docs/): generated
without warnings, in Spanish, every operation, parameter and field described, the page served
by the application itself under the project's CSP."""

import re

import pytest
from django.core.management import call_command
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def schema(django_db_blocker):
    with django_db_blocker.unblock():
        response = Client().get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    return response.json()


def test_schema_is_valid_openapi_without_warnings(tmp_path):
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml"))
    assert (tmp_path / "schema.yaml").read_text().startswith("openapi: 3")


def test_every_route_of_the_issue_is_in_the_contract(schema):
    paths = set(schema["paths"])
    expected = {
        "/api/v1/patients/",
        "/api/v1/patients/{id}/",
        "/api/v1/patients/{id}/new-cycle/",
        "/api/v1/cycles/",
        "/api/v1/cycles/{id}/",
        "/api/v1/cycles/{id}/suspend/",
        "/api/v1/cycles/{id}/reactivate/",
        "/api/v1/cycles/{id}/terminate/",
        "/api/v1/attentions/",
        "/api/v1/attentions/{id}/",
        "/api/v1/dashboard/",
    }
    for slug in ("monitoreo", "seguimiento", "basal", "titulacion", "neumologia", "psicologia"):
        expected |= {f"/api/v1/records/{slug}/", f"/api/v1/records/{slug}/{{id}}/"}
        expected.add(f"/api/v1/records/{slug}/{{id}}/void/")
    assert expected <= paths


def _operations(schema):
    for path, methods in schema["paths"].items():
        for method, operation in methods.items():
            yield f"{method.upper()} {path}", operation


def _undescribed_properties(schema_object, where):
    """Property paths without a description, following nested objects and arrays."""
    for name, prop in schema_object.get("properties", {}).items():
        here = f"{where}.{name}"
        if not str(prop.get("description", "")).strip():
            yield here
        yield from _undescribed_properties(prop, here)
        yield from _undescribed_properties(prop.get("items", {}), here)


def test_every_field_is_described(schema):
    missing = [
        path
        for name, component in schema["components"]["schemas"].items()
        for path in _undescribed_properties(component, name)
    ]
    assert missing == []


def test_every_operation_and_parameter_is_described(schema):
    missing = []
    for where, operation in _operations(schema):
        if not operation.get("summary"):
            missing.append(where)
        for parameter in operation.get("parameters", []):
            if not parameter.get("description", "").strip():
                missing.append(f"{where} ?{parameter['name']}")
        for code, response in operation["responses"].items():
            if not response.get("description"):
                missing.append(f"{where} → {code}")
    assert missing == []


ENGLISH = re.compile(r"\b(the|this|of|a unique|integer value|identifying|page number|results)\b", re.I)


def test_descriptions_are_in_spanish(schema):
    texts = [op.get("summary", "") for _, op in _operations(schema)]
    texts += [p.get("description", "") for _, op in _operations(schema) for p in op.get("parameters", [])]
    assert [text for text in texts if ENGLISH.search(text)] == []


def test_every_operation_documents_its_errors(schema):
    for where, operation in _operations(schema):
        assert {"401", "403", "404", "429"} <= set(operation["responses"]), where
        if not where.startswith("GET"):
            assert {"400", "409"} <= set(operation["responses"]), where


def test_docs_page_has_no_inline_script_or_style(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Content-Security-Policy" in response.headers
    assert "'unsafe-inline'" not in response.headers["Content-Security-Policy"]
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", html) == []
    assert "<style" not in html and "style=" not in html
    scripts = re.findall(r'<script src="([^"]+)"', html)
    assert any("swagger-ui-bundle.js" in src for src in scripts)
    init = [src for src in scripts if "script" in src.split("?", 1)[-1]]
    assert len(init) == 1
    script = client.get(init[0].replace("&amp;", "&"))
    assert script.status_code == 200 and script["Content-Type"].startswith("application/javascript")
    assert "SwaggerUIBundle" in script.content.decode()


def test_docs_assets_are_served_by_the_application(client):
    html = client.get("/api/docs/").content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+\.(?:js|css|png))"', html)
    assert assets and all(asset.startswith("/static/") for asset in assets)


def _model_bounds(model, name):
    from django.core.validators import MaxValueValidator, MinValueValidator

    field = model._meta.get_field(name)
    low = next((float(v.limit_value) for v in field.validators if isinstance(v, MinValueValidator)), None)
    high = next((float(v.limit_value) for v in field.validators if isinstance(v, MaxValueValidator)), None)
    return low, high


def _request_components(schema):
    from exams.registry import RECORD_TYPES
    from patients.models import Patient

    yield "PatientRequest", Patient
    for record_type in RECORD_TYPES:
        yield f"{record_type.model.__name__}Request", record_type.model


def test_request_numbers_carry_the_bounds_of_the_model_validators(schema):
    """Every number a client sends has the minimum and maximum the server enforces, taken from
    the model's validators (decimals included, sent as JSON numbers)."""
    checked = 0
    for component, model in _request_components(schema):
        for name, prop in schema["components"]["schemas"][component]["properties"].items():
            if prop.get("type") not in ("number", "integer") or name == "paciente":
                continue
            low, high = _model_bounds(model, name)
            assert "minimum" in prop and "maximum" in prop, (component, name)
            if low is not None:
                assert prop["minimum"] == low, (component, name)
            if high is not None:
                assert prop["maximum"] == high, (component, name)
            checked += 1
    assert checked >= 25


def test_the_bounds_an_integrator_met(schema):
    components = schema["components"]["schemas"]
    patient, monitoring = (
        components["PatientRequest"]["properties"],
        components["MonitoreoRequest"]["properties"],
    )
    assert (patient["peso"]["minimum"], patient["altura"]["minimum"], patient["valor_capita"]["minimum"]) == (
        2,
        0.4,
        0,
    )
    assert (monitoring["uso_diario"]["minimum"], monitoring["uso_diario"]["maximum"]) == (0, 100)
    assert (monitoring["dias_uso_horas_4"]["maximum"], monitoring["horas_uso_diario"]["maximum"]) == (100, 24)
    assert monitoring["presion_ipap"]["minimum"] == 4 and monitoring["horas_uso_diario"]["multipleOf"] == 0.01
    assert components["NutricionRequest"]["properties"]["cafeina"]["maximum"] == 50
    # A response decimal is a string; its pattern admits a minus sign only where one can exist.
    assert components["Patient"]["properties"]["peso"]["pattern"].startswith("^\\d")
    assert components["Monitoreo"]["properties"]["porcentaje_correccion"]["pattern"].startswith("^-?")


def test_the_program_start_is_required_to_create_a_patient(schema):
    create = schema["paths"]["/api/v1/patients/"]["post"]["requestBody"]["content"]["application/json"]
    component = create["schema"]["$ref"].rsplit("/", 1)[-1]
    assert "fecha_inicio_programa" in schema["components"]["schemas"][component]["required"]
    assert "fecha_inicio_programa" not in schema["components"]["schemas"]["PatientRequest"].get(
        "required", []
    )


def test_every_response_property_is_required_and_nullability_is_stated(schema):
    for name, component in schema["components"]["schemas"].items():
        if name.endswith("Request") or component.get("type") != "object" or "properties" not in component:
            continue
        assert sorted(component.get("required", [])) == sorted(component["properties"]), name
    monitoring = schema["components"]["schemas"]["Monitoreo"]["properties"]
    assert monitoring["hipopnea_basal"]["nullable"] and monitoring["porcentaje_correccion"]["nullable"]
    assert schema["components"]["schemas"]["Patient"]["properties"]["edad"]["maximum"] == 120


def test_both_token_schemes_are_declared_as_alternatives(schema):
    schemes = schema["components"]["securitySchemes"]
    assert schemes["bearerAuth"] == {**schemes["bearerAuth"], "type": "http", "scheme": "bearer"}
    assert schemes["tokenAuth"]["in"] == "header" and schemes["tokenAuth"]["name"] == "Authorization"
    for where, operation in _operations(schema):
        assert {"bearerAuth": []} in operation["security"] and {"tokenAuth": []} in operation["security"], (
            where
        )


def test_each_write_names_the_roles_that_may_make_it(schema):
    paths = schema["paths"]
    assert "Terapia respiratoria" in paths["/api/v1/records/monitoreo/"]["post"]["description"]
    assert "Psicología" in paths["/api/v1/records/psicologia/"]["post"]["description"]
    assert "Coordinador" in paths["/api/v1/records/monitoreo/{id}/void/"]["post"]["description"]
    edit = paths["/api/v1/records/basal/{id}/"]["patch"]["description"]
    assert "Neumología" in edit and "Coordinador" in edit and "autor" in edit
    assert "Coordinador" in paths["/api/v1/patients/"]["post"]["description"]
    assert "Coordinador" in paths["/api/v1/cycles/{id}/terminate/"]["post"]["description"]
    assert "Psicología" not in paths["/api/v1/patients/"]["post"]["description"]
    for where, operation in _operations(schema):
        assert operation.get("description", "").startswith("Quién puede hacerlo"), where


def test_limits_of_the_query_parameters_are_stated(schema):
    parameters = {p["name"]: p for p in schema["paths"]["/api/v1/patients/"]["get"]["parameters"]}
    assert parameters["search"]["schema"]["maxLength"] == 100
    assert (parameters["mes"]["schema"]["minimum"], parameters["mes"]["schema"]["maximum"]) == (1, 18)
    assert (parameters["page_size"]["schema"]["minimum"], parameters["page_size"]["schema"]["maximum"]) == (
        1,
        200,
    )
    assert parameters["page"]["schema"]["minimum"] == 1
    assert "400" in parameters["page"]["description"]


def test_cross_field_rules_are_in_the_field_descriptions(schema):
    components = schema["components"]["schemas"]
    assert (
        "fecha_nacimiento"
        in components["NewPatientRequest"]["properties"]["fecha_inicio_programa"]["description"]
    )
    assert "departamento" in components["PatientRequest"]["properties"]["ciudad"]["description"]
    assert "120" in components["PatientRequest"]["properties"]["fecha_nacimiento"]["description"]
    monitoring = components["MonitoreoRequest"]["properties"]
    assert "presion_ipap" in monitoring["presion_epap"]["description"]
    assert "ventana_fin" in monitoring["ventana_inicio"]["description"]


def test_writes_document_the_413(schema):
    for where, operation in _operations(schema):
        if not where.startswith("GET"):
            assert "413" in operation["responses"], where
