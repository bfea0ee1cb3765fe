"""/api/v1/records/{type}/ for every registry type: registered into the ACTIVO cycle through
``exams/services.py``, derived values computed by the server, edits and voids with the pages'
rights, 409 when the cycle's state forbids the write."""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission

from exams.models import Monitoreo, PolisomnografiaBasal, Psicologia, Seguimiento
from exams.registry import RECORD_TYPES, REGISTRY
from exams.tests.factories import record_data, register_monitoring, register_psychology
from exams.tests.test_invalid_input import CASES
from patients.choices import EstadoIngreso
from patients.models import today
from patients.tests.factories import PatientFactory
from users.permissions import GROUP_NAMES

pytestmark = pytest.mark.django_db
BY_SLUG = pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda rt: rt.slug)


def _url(slug, pk=None, action=None):
    url = f"/api/v1/records/{slug}/"
    if pk is not None:
        url += f"{pk}/"
    if action:
        url += f"{action}/"
    return url


def _create(client, slug, patient, **overrides):
    return client.post(_url(slug), {**record_data(slug, **overrides), "paciente": patient.pk})


@BY_SLUG
def test_each_type_is_registered_into_the_active_cycle(api, coordinator, patient, record_type):
    response = _create(api, record_type.slug, patient)
    assert response.status_code == 201, response.data
    record = record_type.model.objects.get()
    assert (record.ingreso, record.registrado_por) == (patient.ingreso_activo, coordinator)
    assert (response.data["ingreso"], response.data["paciente"]) == (record.ingreso_id, patient.pk)
    log = Seguimiento.objects.filter(tipo_servicio=record_type.model.__name__, registro_id=record.pk)
    assert log.count() == (1 if record_type.model.writes_attention_log else 0)


def test_derived_values_are_computed_and_posted_ones_ignored(api, patient):
    _create(api, "basal", patient, iah="32")
    response = _create(api, "monitoreo", patient, hipopnea_basal="99", porcentaje_correccion="1")
    assert (response.data["hipopnea_basal"], response.data["porcentaje_correccion"]) == ("32.00", "87.50")
    _create(api, "basal", patient, iah="4.99", severidad_apnea="GRAVE")
    assert PolisomnografiaBasal.objects.get(iah="4.99").severidad_apnea == "NORMAL"
    assert _create(api, "psicologia", patient, total="1").data["total"] == 22


@BY_SLUG
@pytest.mark.parametrize("estado", [EstadoIngreso.SUSPENDIDO, EstadoIngreso.TERMINADO])
def test_record_into_a_cycle_that_is_not_active_is_a_409(api, patient, record_type, estado):
    patient.ingresos.update(estado=estado, fecha_fin=today() if estado == EstadoIngreso.TERMINADO else None)
    response = _create(api, record_type.slug, patient)
    assert response.status_code == 409
    assert "no tiene un ciclo activo" in response.data["detail"]
    assert not record_type.model.objects.exists() and not Seguimiento.objects.exists()


# DRF words a refused choice differently from Django's forms.
API_WORDING = {"Escoja una opción válida": "no es una elección válida"}


@pytest.mark.parametrize(
    ("slug", "overrides", "field", "message"), CASES, ids=[f"{c[0]}-{c[2]}" for c in CASES]
)
def test_invalid_input_is_a_400_and_saves_nothing(api, patient, slug, overrides, field, message):
    response = _create(api, slug, patient, **overrides)
    assert response.status_code == 400
    expected = API_WORDING.get(message, message)
    assert any(expected in error for error in response.data[field]), response.data
    assert not REGISTRY[slug].model.objects.exists() and not Seguimiento.objects.exists()


def test_unknown_patient_is_a_400(api):
    response = api.post(_url("basal"), {**record_data("basal"), "paciente": 999999})
    assert response.status_code == 400 and "paciente" in response.data


@pytest.mark.parametrize("record_type", RECORD_TYPES, ids=lambda rt: rt.slug)
@pytest.mark.parametrize("group", [g for g in GROUP_NAMES if g not in ("Administrador", "Coordinador")])
def test_each_group_registers_only_its_discipline(token_client, member, patient, record_type, group):
    response = _create(token_client(member(group)), record_type.slug, patient)
    if group == record_type.discipline:
        assert response.status_code == 201, response.data
    else:
        assert response.status_code == 403
        assert not record_type.model.objects.exists()


@pytest.fixture
def psychologist(member):
    return member("Psicología", "pablo")


@pytest.fixture
def record(patient, psychologist):
    return register_psychology(patient.ingreso_activo, psychologist)


def test_author_edits_and_the_derived_total_follows(token_client, psychologist, record):
    response = token_client(psychologist).patch(_url("psicologia", record.pk), {"calidad": 15})
    assert response.status_code == 200, response.data
    record.refresh_from_db()
    assert (record.calidad, record.total, response.data["total"]) == (15, 24, 24)
    assert record.history.filter(history_type="~").get().history_user == psychologist


def test_full_update_by_a_coordinator(api, patient, record):
    response = api.put(_url("psicologia", record.pk), {**record_data("psicologia"), "paciente": patient.pk})
    assert response.status_code == 200, response.data
    record.refresh_from_db()
    assert record.inventario_depre_beck == 15


def test_another_clinician_cannot_edit(token_client, member, record):
    other = member("Psicología", "otra")
    other.user_permissions.add(Permission.objects.get(codename="change_psicologia"))
    response = token_client(other).patch(_url("psicologia", record.pk), {"calidad": 1})
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.calidad == 8


def test_invalid_edit_is_a_400(api, record):
    response = api.patch(_url("psicologia", record.pk), {"calidad": 40})
    assert response.status_code == 400 and "menor o igual a 20" in response.data["calidad"][0]


def test_the_patient_of_a_record_cannot_change(api, record):
    response = api.patch(_url("psicologia", record.pk), {"paciente": PatientFactory().pk})
    assert response.status_code == 400 and "no se puede cambiar" in response.data["paciente"][0]


def test_editing_a_record_of_a_closed_cycle_is_a_409(api, patient, record):
    patient.ingresos.update(estado=EstadoIngreso.TERMINADO, fecha_fin=today())
    response = api.patch(_url("psicologia", record.pk), {"calidad": 12})
    assert response.status_code == 409 and "solo se puede consultar" in response.data["detail"]
    record.refresh_from_db()
    assert record.calidad == 8


def test_void_keeps_the_record_and_voids_its_log_line(api, coordinator, record):
    response = api.post(_url("psicologia", record.pk, "void"), {"motivo_anulacion": "Paciente equivocado"})
    assert response.status_code == 200, response.data
    assert response.data["anulado"] and response.data["anulado_por"] == coordinator.username
    record.refresh_from_db()
    assert record.anulado and record.motivo_anulacion == "Paciente equivocado"
    assert Seguimiento.objects.get(registro_id=record.pk, tipo_servicio="Psicologia").anulado
    again = api.post(_url("psicologia", record.pk, "void"), {"motivo_anulacion": "Otra vez"})
    assert again.status_code == 409 and "ya estaba anulado" in again.data["detail"]
    # Edited after the void: a conflict with the record's state, as the second void.
    assert api.patch(_url("psicologia", record.pk), {"calidad": 3}).status_code == 409


def test_void_needs_a_reason(api, record):
    response = api.post(_url("psicologia", record.pk, "void"), {"motivo_anulacion": "  "})
    assert response.status_code == 400 and "motivo_anulacion" in response.data
    record.refresh_from_db()
    assert not record.anulado


def test_only_coordination_voids(token_client, psychologist, record):
    response = token_client(psychologist).post(
        _url("psicologia", record.pk, "void"), {"motivo_anulacion": "x"}
    )
    assert response.status_code == 403
    record.refresh_from_db()
    assert not record.anulado


def test_there_is_no_delete(api, record):
    assert api.delete(_url("psicologia", record.pk)).status_code == 405
    assert Psicologia.objects.filter(pk=record.pk).exists()


def _ids(response):
    assert response.status_code == 200, response.data
    return [row["id"] for row in response.data["results"]]


def test_list_filters(api, coordinator):
    patient, other = PatientFactory(cycle=today() - timedelta(days=30)), PatientFactory()
    old = register_monitoring(patient.ingreso_activo, coordinator, days_ago=20)
    recent = register_monitoring(patient.ingreso_activo, coordinator)
    others = register_monitoring(other.ingreso_activo, coordinator)
    voided = register_monitoring(other.ingreso_activo, coordinator)
    api.post(_url("monitoreo", voided.pk, "void"), {"motivo_anulacion": "Duplicado"})
    url = _url("monitoreo")
    assert set(_ids(api.get(url))) == {recent.pk, others.pk, old.pk}
    assert _ids(api.get(url, {"paciente": patient.pk})) == [recent.pk, old.pk]
    assert _ids(api.get(url, {"ingreso": other.ingreso_activo.pk})) == [others.pk]
    since = (today() - timedelta(days=5)).isoformat()
    assert _ids(api.get(url, {"paciente": patient.pk, "desde": since})) == [recent.pk]
    assert _ids(api.get(url, {"paciente": patient.pk, "hasta": since})) == [old.pk]
    assert _ids(api.get(url, {"anulado": "true"})) == [voided.pk]
    assert Monitoreo.objects.count() == 4


def test_reading_a_record_is_logged_as_a_clinical_access(token_client, member, patient, record):
    from users.models import ClinicalAccess

    reader = member("Consulta")
    assert token_client(reader).get(_url("psicologia", record.pk)).status_code == 200
    access = ClinicalAccess.objects.get()
    assert (access.usuario, access.paciente, access.ingreso) == (reader, patient, record.ingreso)
