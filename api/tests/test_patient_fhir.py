"""GET /api/v1/patients/<id>/fhir/: the patient as a FHIR R4 Bundle (SPEC §12).

Every resource is parsed strictly with the FHIR 4.0.1 models of ``fhirclient`` (see
``documents/tests/fhir_models.py`` for why that library and what it checks), the bundle
survives a round trip through them, every reference resolves inside the bundle, and the values
are the database's.
"""

import copy
import datetime
import json
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from fhirclient.models.bundle import Bundle
from fhirclient.models.observation import Observation

from documents import fhir as export
from documents.tests.factories import device_nights, fifty_records, one_record_of_each_type
from documents.tests.fhir_models import FHIRValidationError, fhir_versions, validate_bundle, validate_resource
from exams.models import Seguimiento
from exams.services import void_record
from patients import services as cycles
from patients.models import today
from patients.tests.factories import PatientFactory
from therapy.models import ResumenAdherencia
from users.models import ClinicalAccess

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(coordinator):
    """A patient with a closed cycle and an active one, a record of each type in each, weight
    and height, and device nights (an adherence verdict) in the active cycle."""
    patient = PatientFactory(
        cycle=today() - datetime.timedelta(days=200), peso=Decimal("82.5"), altura=Decimal("1.61")
    )
    old = patient.ingresos.get()
    old_records = one_record_of_each_type(old, coordinator)
    cycles.change_cycle_state(old.pk, "TERMINADO", today(), "EGRESO_COMPLETO")
    current = cycles.start_new_cycle(patient, today(), coordinator)
    records = one_record_of_each_type(current, coordinator)
    return {
        "patient": patient,
        "old": old,
        "current": current,
        "old_records": old_records,
        "records": records,
    }


def _bundle(client, patient, **headers):
    response = client.get(reverse("api:patient-fhir", args=[patient.pk]), **headers)
    assert response.status_code == 200, response.content[:300]
    return response, json.loads(response.content)


def _resources(bundle, kind: str) -> list[dict]:
    return [entry["resource"] for entry in bundle["entry"] if entry["resource"]["resourceType"] == kind]


def _observations(bundle, local_code: str) -> list[dict]:
    return [
        resource
        for resource in _resources(bundle, "Observation")
        if any(coding["code"] == local_code for coding in resource["code"]["coding"])
    ]


def test_the_models_are_fhir_r4():
    assert fhir_versions() == {"4.0.1"}


def test_every_resource_validates_against_r4(api, world):
    response, bundle = _bundle(api, world["patient"])
    assert response["Content-Type"] == "application/fhir+json"
    assert bundle["resourceType"] == "Bundle" and bundle["type"] == "collection"
    kinds = set()
    for entry in bundle["entry"]:
        resource = entry["resource"]
        model = validate_resource(resource)  # raises FHIRValidationError when invalid
        assert model.resource_type == resource["resourceType"]
        kinds.add(resource["resourceType"])
    assert kinds == {
        "Patient",
        "Organization",
        "Condition",
        "EpisodeOfCare",
        "Encounter",
        "Observation",
        "Device",
    }
    validate_bundle(bundle)


def _drop(resource, key):
    del resource[key]


def _set(path, value):
    """A change that puts ``value`` at ``path`` (keys and list indexes) of a resource."""

    def change(resource):
        node = resource
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = value

    return change


#: Broken copies of exported resources, each with what makes it invalid in FHIR R4.
BREAKAGES = [
    ("Patient", "unknown element", _set(["colorFavorito"], "azul")),
    ("Patient", "unknown element inside a datatype", _set(["name", 0, "apodo"], "Lucho")),
    ("Patient", "misspelt element", _set(["birthdate"], "1980-01-01")),
    ("Patient", "number for a date", _set(["birthDate"], 19800101)),
    ("Patient", "date out of the specification's format", _set(["birthDate"], "1980-13-01")),
    ("Patient", "text for a boolean", _set(["active"], "true")),
    ("Patient", "object for a list", _set(["name"], {"family": "Pérez"})),
    ("Patient", "number in a later item of a list of strings", _set(["name", 0, "given"], ["Ana", 7])),
    ("Observation", "text for a decimal", _set(["valueQuantity", "value"], "82.5")),
    ("Observation", "text for a reference", _set(["subject"], "Patient/1")),
    ("Observation", "missing required status", lambda resource: _drop(resource, "status")),
    ("Observation", "missing required code", lambda resource: _drop(resource, "code")),
    ("Encounter", "missing required class", lambda resource: _drop(resource, "class")),
    ("EpisodeOfCare", "missing required patient", lambda resource: _drop(resource, "patient")),
    ("Device", "unknown resource type", _set(["resourceType"], "Equipo")),
]


def test_the_validator_refuses_broken_resources(api, world):
    """The checks above mean something: each breakage is refused, alone and inside the bundle."""
    _, bundle = _bundle(api, world["patient"])
    for kind, breakage, change in BREAKAGES:
        index = next(
            i for i, entry in enumerate(bundle["entry"]) if entry["resource"]["resourceType"] == kind
        )
        broken = copy.deepcopy(bundle)
        resource = broken["entry"][index]["resource"]
        validate_resource(resource)  # valid before the change
        change(resource)
        with pytest.raises(FHIRValidationError):
            validate_resource(resource)
            pytest.fail(f"{kind}: {breakage} was accepted")
        with pytest.raises(FHIRValidationError):
            validate_bundle(broken)
            pytest.fail(f"bundle with a {kind}: {breakage} was accepted")
    without_type = copy.deepcopy(bundle)
    del without_type["type"]
    with pytest.raises(FHIRValidationError, match="type"):
        validate_bundle(without_type)


def test_the_bundle_round_trips_through_the_library(api, world):
    _, bundle = _bundle(api, world["patient"])
    model = validate_bundle(bundle)
    # as_json() gives back exactly what was read: dates keep their original text and numbers
    # stay JSON numbers. The library would drop empty lists, null values and the "_element"
    # extensions of primitives, none of which the export writes, so the input must come back
    # unchanged, to the last key.
    assert model.as_json() == bundle
    again = Bundle(json.loads(json.dumps(model.as_json())), strict=True)
    assert again.as_json() == bundle
    assert len(again.entry) == len(bundle["entry"])
    assert [entry.fullUrl for entry in again.entry] == [entry["fullUrl"] for entry in bundle["entry"]]
    for entry, parsed in zip(bundle["entry"], model.entry, strict=True):
        assert validate_resource(entry["resource"]).as_json() == entry["resource"]
        assert parsed.resource.resource_type == entry["resource"]["resourceType"]


def _references(node):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "reference":
                yield value
            else:
                yield from _references(value)
    elif isinstance(node, list):
        for item in node:
            yield from _references(item)


def test_every_reference_resolves_inside_the_bundle(api, world):
    _, bundle = _bundle(api, world["patient"])
    full_urls = [entry["fullUrl"] for entry in bundle["entry"]]
    assert len(full_urls) == len(set(full_urls))
    references = list(_references(bundle))
    assert references
    assert set(references) <= set(full_urls)
    for entry in bundle["entry"]:
        assert entry["fullUrl"] == f"urn:uuid:{entry['resource']['id']}"


def test_values_equal_the_database(api, world):
    patient, records = world["patient"], world["records"]
    _, bundle = _bundle(api, patient)
    (person,) = _resources(bundle, "Patient")
    assert person["identifier"][0]["value"] == patient.documento
    assert person["identifier"][0]["system"].endswith("/sid/documento/CC")
    assert person["identifier"][0]["type"]["coding"][0]["code"] == "NNCOL"
    assert person["name"][0]["family"] == patient.apellido
    assert person["birthDate"] == patient.fecha_nacimiento.isoformat()
    assert person["gender"] == "female"

    episodes = _resources(bundle, "EpisodeOfCare")
    assert {(e["status"], e["period"]["start"], e["period"].get("end")) for e in episodes} == {
        ("finished", world["old"].fecha_inicio.isoformat(), today().isoformat()),
        ("active", today().isoformat(), None),
    }
    lines = Seguimiento.objects.filter(ingreso__paciente=patient, anulado=False)
    encounters = _resources(bundle, "Encounter")
    assert sorted(int(e["identifier"][0]["value"]) for e in encounters) == sorted(
        lines.values_list("pk", flat=True)
    )

    basal, monitoring, psychology = records["basal"], records["monitoreo"], records["psicologia"]
    iah = {o["valueQuantity"]["value"] for o in _observations(bundle, "iah-basal")}
    assert iah == {int(basal.iah)}
    (loinc,) = [
        c for c in _observations(bundle, "iah-basal")[0]["code"]["coding"] if c["system"] == export.LOINC
    ]
    assert loinc["code"] == "69990-0"
    assert {o["valueQuantity"]["value"] for o in _observations(bundle, "uso-4h")} == {
        float(monitoring.dias_uso_horas_4)
    }
    assert {Decimal(str(o["valueQuantity"]["value"])) for o in _observations(bundle, "horas-uso")} == {
        monitoring.horas_uso_diario
    }
    assert {o["valueQuantity"]["value"] for o in _observations(bundle, "bdi-ii")} == {
        psychology.inventario_depre_beck
    }
    assert {o["valueQuantity"]["value"] for o in _observations(bundle, "bai")} == {
        psychology.inventario_ansiedad_beck
    }
    assert all(o["valueQuantity"]["system"] == export.UCUM for o in _resources(bundle, "Observation")[:-1])
    weights = [o for o in _resources(bundle, "Observation") if o["code"]["coding"][0]["code"] == "29463-7"]
    assert [o["valueQuantity"]["value"] for o in weights] == [82.5]
    bmi = [o for o in _resources(bundle, "Observation") if o["code"]["coding"][0]["code"] == "39156-5"]
    assert [Decimal(str(o["valueQuantity"]["value"])) for o in bmi] == [patient.imc]

    (device,) = _resources(bundle, "Device")  # the same PAP delivered in both cycles
    assert device["serialNumber"] == records["equipo_medico"].serial_equipo == "RM-2231"
    assert device["manufacturer"] == "ResMed"


def test_an_observation_points_at_the_encounter_of_its_record(api, world):
    _, bundle = _bundle(api, world["patient"])
    psychology = world["records"]["psicologia"]
    line = Seguimiento.objects.get(tipo_servicio="Psicologia", registro_id=psychology.pk)
    encounter = next(
        e for e in _resources(bundle, "Encounter") if e["identifier"][0]["value"] == str(line.pk)
    )
    bdi = [
        o
        for o in _observations(bundle, "bdi-ii")
        if o["encounter"]["reference"] == f"urn:uuid:{encounter['id']}"
    ]
    assert len(bdi) == 1


def test_the_adherence_verdict_is_an_observation(api, world, coordinator):
    current = world["current"]
    current.fecha_inicio = today() - datetime.timedelta(days=5)  # room for device nights
    current.save()
    device_nights(current, 3)
    summary = ResumenAdherencia.objects.get(ingreso=current)
    _, bundle = _bundle(api, world["patient"])
    (verdict,) = _observations(bundle, "veredicto-adherencia")
    assert verdict["valueCodeableConcept"]["coding"][0]["code"] == summary.veredicto
    assert verdict["effectiveDateTime"] == summary.ultima_noche.isoformat()
    assert verdict["identifier"][0]["value"] == str(world["current"].pk)
    assert isinstance(validate_resource(verdict), Observation)


def test_a_device_known_only_from_its_nights_is_a_device_too(api, world):
    current = world["current"]
    current.fecha_inicio = today() - datetime.timedelta(days=5)
    current.save()
    device_nights(current, 3, serial="23181234567")
    _, bundle = _bundle(api, world["patient"])
    devices = {d["serialNumber"]: d for d in _resources(bundle, "Device")}
    assert set(devices) == {"RM-2231", "23181234567"}
    assert devices["RM-2231"]["manufacturer"] == "ResMed"
    assert "manufacturer" not in devices["23181234567"]


def test_voided_records_are_left_out(api, world, coordinator):
    for record in [*world["records"].values(), *world["old_records"].values()]:
        if record._meta.model_name in ("psicologia", "equipomedico"):
            void_record(record, "Registrado en el paciente equivocado", coordinator)
    _, bundle = _bundle(api, world["patient"])
    assert _observations(bundle, "bdi-ii") == []
    assert _resources(bundle, "Device") == []
    kinds = {e["type"][0]["coding"][0]["code"] for e in _resources(bundle, "Encounter")}
    assert "Psicologia" not in kinds and "Monitoreo" in kinds


def test_it_answers_to_accept_fhir_json(api, world):
    response, bundle = _bundle(api, world["patient"], HTTP_ACCEPT="application/fhir+json")
    assert response["Content-Type"] == "application/fhir+json"
    assert bundle["type"] == "collection"


def test_the_export_is_logged_as_an_access(api, coordinator, world):
    _bundle(api, world["patient"])
    access = ClinicalAccess.objects.get()
    assert (access.usuario, access.paciente, access.ingreso) == (coordinator, world["patient"], None)
    assert access.tipo == ClinicalAccess.Tipo.EXPORTACION


def test_every_role_that_reads_histories_may_export(token_client, member, world):
    _bundle(token_client(member("Consulta")), world["patient"])


def test_without_credentials_401(client, world):
    assert client.get(reverse("api:patient-fhir", args=[world["patient"].pk])).status_code == 401


def test_it_asks_the_same_rule_as_the_history(token_client, member, world, monkeypatch):
    monkeypatch.setattr("api.fhir.can_read_clinical_history", lambda user: False)
    response = token_client(member("Consulta")).get(reverse("api:patient-fhir", args=[world["patient"].pk]))
    assert response.status_code == 403
    assert response["Content-Type"] == "application/json"
    assert not ClinicalAccess.objects.exists()


def test_an_unknown_patient_is_404(api):
    assert api.get(reverse("api:patient-fhir", args=[987654])).status_code == 404


def test_query_count_does_not_grow_with_records(api, coordinator):
    patient = PatientFactory(cycle=today() - datetime.timedelta(days=120))
    ingreso = patient.ingresos.get()
    one_record_of_each_type(ingreso, coordinator)
    url = reverse("api:patient-fhir", args=[patient.pk])
    with CaptureQueriesContext(connection) as small:
        assert api.get(url).status_code == 200
    fifty_records(ingreso, coordinator)
    device_nights(ingreso, 30)
    with CaptureQueriesContext(connection) as large:
        assert api.get(url).status_code == 200
    assert len(large) == len(small)


def test_exporting_twice_gives_the_same_identifiers(api, world):
    _, first = _bundle(api, world["patient"])
    _, second = _bundle(api, world["patient"])
    assert [e["fullUrl"] for e in first["entry"]] == [e["fullUrl"] for e in second["entry"]]
    assert first["id"] == second["id"]
