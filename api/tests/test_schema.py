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
