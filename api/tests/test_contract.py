"""The contract as an integrator meets it: a client generated from the served schema with
openapi-python-client, then a workflow and bad inputs sent through it to ``live_server``.

The generated client raises on any status code the schema does not list for the operation
(``raise_on_unexpected_status``), which includes every 5xx, and parses every response with its
generated models: a response its models cannot read fails the test. Requests the generated
models cannot express (a missing required field, another token scheme, an address without its
final slash, a body over the limit) are sent with the client's own HTTP connection and read
back through the operation's generated response parser, under the same rules.

Run with ``-s`` to see the list of calls and their status codes.
"""

import datetime
import importlib
import json
import subprocess
import sys
from pathlib import Path

import httpx
import pytest
from rest_framework.authtoken.models import Token

from patients.models import today

PACKAGE = "datamed_contract_client"
CONFIG = f"package_name_override: {PACKAGE}\nproject_name_override: datamed-contract-client\npost_hooks: []\n"


def _generate_client(schema_url: str, where: Path):
    """Generate the client package from the served schema into ``where`` and import it."""
    schema = where / "schema.json"
    schema.write_text(httpx.get(schema_url, timeout=60).text)
    (where / "config.yaml").write_text(CONFIG)
    command = [
        sys.executable,
        "-m",
        "openapi_python_client",
        "generate",
        "--path",
        str(schema),
        "--meta",
        "none",
        "--output-path",
        str(where / PACKAGE),
        "--config",
        str(where / "config.yaml"),
    ]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300, check=False)  # noqa: S603 - fixed arguments
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Warning" not in done.stdout + done.stderr, done.stdout + done.stderr
    sys.path.insert(0, str(where))
    for name in [name for name in sys.modules if name.startswith(PACKAGE)]:
        del sys.modules[name]
    return importlib.import_module(PACKAGE)


class Scenario:
    """Calls through the generated client, each recorded as (call, status code)."""

    def __init__(self, package, client):
        self.package = package
        self.client = client
        self.calls: list[tuple[str, int]] = []

    def operation(self, tag: str, name: str):
        return importlib.import_module(f"{self.package.__name__}.api.{tag}.{name}")

    def call(self, label: str, tag: str, name: str, **kwargs):
        """A call through the generated function; an undocumented status code raises."""
        response = self.operation(tag, name).sync_detailed(client=self.client, **kwargs)
        return self._record(label, response)

    def raw(self, label: str, tag: str, name: str, method: str, path: str, **kwargs):
        """A request the generated models cannot express, read back by the operation's parser."""
        http = self.client.get_httpx_client().request(method, path, **kwargs)
        response = self.operation(tag, name)._build_response(client=self.client, response=http)
        return self._record(label, response)

    def _record(self, label: str, response):
        self.calls.append((label, response.status_code.value))
        assert response.status_code < 500, (label, response.content)
        assert response.parsed is not None, (label, response.status_code, response.content)
        body = json.loads(response.content)
        if isinstance(body, dict):  # every property the server sent was read by the models
            assert set(response.parsed.to_dict()) == set(body), label
        return response


def _patient(documento: str, **overrides) -> dict:
    return {
        "nombre": "Carmen",
        "apellido": "Ardila",
        "tipo_documento": "CC",
        "documento": documento,
        "fecha_nacimiento": "1965-03-02",
        "genero": "F",
        "estado_civil": "CASADO",
        "departamento": "SANTANDER",
        "ciudad": "BUCARAMANGA",
        "entidad_salud": "SANITAS",
        "estrato": 3,
        "peso": 72.5,
        "altura": 1.62,
        "fecha_inicio_programa": (today() - datetime.timedelta(days=60)).isoformat(),
        **overrides,
    }


def _monitoring(patient_id: int, **overrides) -> dict:
    return {
        "paciente": patient_id,
        "fecha_atencion": today().isoformat(),
        "uso_diario": 90,
        "dias_uso_horas_4": 80,
        "horas_uso_diario": 6.5,
        "hipopnea_residual": 4,
        "modo_ventilatorio": "CPAP",
        "presion_ipap": 10,
        "mascara_cpap": "NASAL",
        "tamano_mascara": "MEDIUM",
        **overrides,
    }


@pytest.mark.django_db(transaction=True)
def test_a_generated_client_runs_the_workflow_and_meets_every_refusal(
    live_server, django_user_model, tmp_path
):
    user = django_user_model.objects.create_superuser("integrador", password="clave-segura-123")
    key = Token.objects.create(user=user).key
    package = _generate_client(f"{live_server.url}/api/schema/?format=json", tmp_path)
    models = importlib.import_module(f"{PACKAGE}.models")
    bearer = package.AuthenticatedClient(base_url=live_server.url, token=key, raise_on_unexpected_status=True)
    s = Scenario(package, bearer)
    try:
        # The workflow: a patient, a monitoring registered and voided, the cycle closed.
        created = s.call(
            "POST /patients/",
            "pacientes",
            "patients_create",
            body=models.NewPatientRequest.from_dict(_patient("71000001")),
        )
        assert created.status_code == 201
        patient_id = created.parsed.id
        cycle_id = created.parsed.ciclo_actual.id
        assert (
            s.call("GET /patients/{id}/", "pacientes", "patients_retrieve", id=patient_id).status_code == 200
        )
        body = models.MonitoreoRequest.from_dict(_monitoring(patient_id))
        monitoring = s.call(
            "POST /records/monitoreo/",
            "registros_monitoreos_de_adherencia",
            "records_monitoreo_create",
            body=body,
        )
        assert monitoring.status_code == 201 and monitoring.parsed.hipopnea_basal is None
        record_id = monitoring.parsed.id
        void = models.VoidRequest(motivo_anulacion="Registrado en el paciente equivocado")
        voided = s.call(
            "POST /records/monitoreo/{id}/void/",
            "registros_monitoreos_de_adherencia",
            "records_monitoreo_void_create",
            id=record_id,
            body=void,
        )
        assert voided.status_code == 200 and voided.parsed.anulado
        again = s.call(
            "POST /records/monitoreo/{id}/void/ (otra vez)",
            "registros_monitoreos_de_adherencia",
            "records_monitoreo_void_create",
            id=record_id,
            body=void,
        )
        edit = s.call(
            "PATCH /records/monitoreo/{id}/ (anulado)",
            "registros_monitoreos_de_adherencia",
            "records_monitoreo_partial_update",
            id=record_id,
            body=models.PatchedMonitoreoRequest(uso_diario=50.0),
        )
        assert again.status_code == edit.status_code == 409
        listed = s.call(
            "GET /records/monitoreo/?anulado=true",
            "registros_monitoreos_de_adherencia",
            "records_monitoreo_list",
            anulado=True,
        )
        assert [record.id for record in listed.parsed.results] == [record_id]
        terminate = models.TerminateRequest.from_dict(
            {"fecha": today().isoformat(), "motivo": "EGRESO_COMPLETO", "detalle": ""}
        )
        closed = s.call(
            "POST /cycles/{id}/terminate/", "ciclos", "cycles_terminate_create", id=cycle_id, body=terminate
        )
        assert closed.status_code == 200 and closed.parsed.estado.value == "TERMINADO"
        late = s.call(
            "POST /records/monitoreo/ (ciclo terminado)",
            "registros_monitoreos_de_adherencia",
            "records_monitoreo_create",
            body=body,
        )
        assert late.status_code == 409
        assert s.call("GET /dashboard/", "tablero", "dashboard_retrieve").status_code == 200

        # Bad inputs.
        incomplete = {
            name: value for name, value in _patient("71000002").items() if name != "fecha_inicio_programa"
        }
        missing = s.raw(
            "POST /patients/ sin fecha_inicio_programa",
            "pacientes",
            "patients_create",
            "POST",
            "/api/v1/patients/",
            json=incomplete,
        )
        assert missing.status_code == 400 and "fecha_inicio_programa" in missing.parsed.additional_properties
        heavy = models.NewPatientRequest.from_dict(_patient("71000003", peso=900))
        out_of_range = s.call("POST /patients/ peso=900", "pacientes", "patients_create", body=heavy)
        assert out_of_range.status_code == 400 and "peso" in out_of_range.parsed.additional_properties
        before_birth = models.NewPatientRequest.from_dict(
            _patient("71000004", fecha_inicio_programa="1965-03-01")
        )
        early = s.call(
            "POST /patients/ inicio antes del nacimiento", "pacientes", "patients_create", body=before_birth
        )
        assert early.status_code == 400
        wrong_scheme = s.raw(
            "GET /patients/ con «Basic <clave>»",
            "pacientes",
            "patients_list",
            "GET",
            "/api/v1/patients/",
            headers={"Authorization": f"Basic {key}"},
        )
        assert wrong_scheme.status_code == 401 and "Bearer" in wrong_scheme.parsed.detail
        token = package.AuthenticatedClient(
            base_url=live_server.url, token=key, prefix="Token", raise_on_unexpected_status=True
        )
        by_token = Scenario(package, token).call("GET /patients/", "pacientes", "patients_list")
        s.calls.append(("GET /patients/ con «Token <clave>»", by_token.status_code.value))
        no_slash = s.raw(
            "POST /patients (sin barra final)",
            "pacientes",
            "patients_create",
            "POST",
            "/api/v1/patients",
            json=_patient("71000005"),
        )
        assert no_slash.status_code == 201
        no_slash_edit = s.raw(
            "PATCH /patients/{id} (sin barra final)",
            "pacientes",
            "patients_partial_update",
            "PATCH",
            f"/api/v1/patients/{no_slash.parsed.id}",
            json={"nombre": "Ana"},
        )
        assert no_slash_edit.status_code == 200 and no_slash_edit.parsed.nombre == "Ana"
        backwards = _monitoring(
            no_slash.parsed.id, ventana_inicio=today().isoformat(), ventana_fin="2000-01-01"
        )
        window = s.call(
            "POST /records/monitoreo/ ventana al revés",
            "registros_monitoreos_de_adherencia",
            "records_monitoreo_create",
            body=models.MonitoreoRequest.from_dict(backwards),
        )
        assert window.status_code == 400
        too_big = s.raw(
            "POST /patients/ con 3 MB",
            "pacientes",
            "patients_create",
            "POST",
            "/api/v1/patients/",
            json=_patient("71000006", nombre="x" * 3_000_000),
        )
        assert too_big.status_code == 413
        unknown = s.call("GET /patients/999999/", "pacientes", "patients_retrieve", id=999999)
        assert unknown.status_code == 404 and unknown.parsed.detail == "No se encontró el paciente."
        unknown_cycle = s.call(
            "POST /cycles/999999/terminate/", "ciclos", "cycles_terminate_create", id=999999, body=terminate
        )
        assert unknown_cycle.status_code == 404 and unknown_cycle.parsed.detail == "No se encontró el ciclo."
        bad_page = s.raw(
            "GET /patients/?page=abc", "pacientes", "patients_list", "GET", "/api/v1/patients/?page=abc"
        )
        assert bad_page.status_code == 400
    finally:
        print("\nLlamadas del escenario (cliente generado con openapi-python-client):")
        for label, status in s.calls:
            print(f"  {status}  {label}")
    assert len(s.calls) == 22
