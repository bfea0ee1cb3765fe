"""/api/v1/cycles/ and /api/v1/patients/{id}/new-cycle/: the cycle rules of
``patients/services.py``, with 400 for bad data and 409 for a transition the state forbids."""

import datetime

import pytest

from patients.choices import EstadoIngreso
from patients.models import Ingreso, today
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db
TODAY = today().isoformat()


def _cycle(start_days_ago=90, estado=EstadoIngreso.ACTIVO):
    cycle = PatientFactory(cycle=today() - datetime.timedelta(days=start_days_ago)).ingresos.get()
    if estado != EstadoIngreso.ACTIVO:
        fecha_fin = today() if estado == EstadoIngreso.TERMINADO else None
        Ingreso.objects.filter(pk=cycle.pk).update(estado=estado, fecha_fin=fecha_fin)
        cycle.refresh_from_db()
    return cycle


def _act(api, cycle, name, data=None):
    return api.post(f"/api/v1/cycles/{cycle.pk}/{name}/", data or {})


def test_suspend_reactivate_terminate(api, coordinator):
    cycle = _cycle()
    response = _act(api, cycle, "suspend", {"fecha": TODAY, "motivo": "En espera de equipo"})
    assert response.status_code == 200, response.data
    assert (response.data["estado"], response.data["motivo"]) == ("SUSPENDIDO", "En espera de equipo")
    assert _act(api, cycle, "reactivate").data["estado"] == "ACTIVO"
    response = _act(api, cycle, "terminate", {"fecha": TODAY, "motivo": "OTRO", "detalle": "Traslado"})
    assert response.status_code == 200, response.data
    cycle.refresh_from_db()
    assert (cycle.estado, cycle.fecha_fin, cycle.motivo) == ("TERMINADO", today(), "Traslado")
    assert {row.history_user for row in cycle.history.filter(history_type="~")} == {coordinator}


# (starting state, action, body, field, message) — the page's refusals of
# patients/tests/test_cycle_transitions.py, under the API's field names.
INVALID = [
    ("ACTIVO", "suspend", {"fecha": TODAY}, "motivo", "obligatorio"),
    ("ACTIVO", "suspend", {"fecha": "2999-01-01", "motivo": "x"}, "fecha", "entre el inicio del ciclo y hoy"),
    ("ACTIVO", "terminate", {"fecha": TODAY, "motivo": "OTRO"}, "detalle", "Describa el motivo"),
    ("ACTIVO", "terminate", {"fecha": TODAY, "motivo": "MUDANZA"}, "motivo", "no es una elección válida"),
    ("ACTIVO", "terminate", {"fecha": "2000-01-01", "motivo": "OTRO", "detalle": "x"}, "fecha", "anterior"),
    ("ACTIVO", "terminate", {"fecha": "hoy", "motivo": "OTRO"}, "fecha", "formato"),
    ("SUSPENDIDO", "reactivate", {"fecha": "2999-01-01"}, "fecha", "futuro"),
]


@pytest.mark.parametrize(("estado", "name", "data", "field", "message"), INVALID)
def test_invalid_transition_data_is_a_400(api, estado, name, data, field, message):
    cycle = _cycle(estado=estado)
    response = _act(api, cycle, name, data)
    assert response.status_code == 400
    assert any(message in error for error in response.data[field]), response.data
    cycle.refresh_from_db()
    assert cycle.estado == estado


CONFLICTS = [
    ("SUSPENDIDO", "suspend", {"fecha": TODAY, "motivo": "x"}, "Solo un ciclo activo"),
    ("ACTIVO", "reactivate", {}, "Solo un ciclo suspendido"),
    ("TERMINADO", "reactivate", {}, "Solo un ciclo suspendido"),
    ("TERMINADO", "terminate", {"fecha": TODAY, "motivo": "OTRO", "detalle": "x"}, "terminado no puede"),
]


@pytest.mark.parametrize(("estado", "name", "data", "message"), CONFLICTS)
def test_transition_not_allowed_from_the_state_is_a_409(api, estado, name, data, message):
    cycle = _cycle(estado=estado)
    response = _act(api, cycle, name, data)
    assert response.status_code == 409
    assert message in response.data["detail"]
    cycle.refresh_from_db()
    assert cycle.estado == estado


def test_second_open_cycle_is_a_409(api):
    cycle = _cycle()
    response = api.post(f"/api/v1/patients/{cycle.paciente_id}/new-cycle/", {"fecha_inicio": TODAY})
    assert response.status_code == 409
    assert "ya tiene un ciclo abierto" in response.data["detail"]
    assert Ingreso.objects.count() == 1


def test_new_cycle_after_termination(api):
    cycle = _cycle(estado=EstadoIngreso.TERMINADO)
    url = f"/api/v1/patients/{cycle.paciente_id}/new-cycle/"
    early = api.post(url, {"fecha_inicio": (today() - datetime.timedelta(days=1)).isoformat()})
    assert early.status_code == 400
    assert "antes del fin del ciclo anterior" in early.data["fecha_inicio"][0]
    response = api.post(url, {"fecha_inicio": TODAY})
    assert response.status_code == 201, response.data
    assert (response.data["estado"], response.data["paciente"]) == ("ACTIVO", cycle.paciente_id)


def test_list_filters_by_patient(api):
    first, other = _cycle(), _cycle()
    response = api.get("/api/v1/cycles/", {"paciente": first.paciente_id})
    assert [row["id"] for row in response.data["results"]] == [first.pk]
    assert api.get(f"/api/v1/cycles/{other.pk}/").data["mes_capita"] == other.mes_capita


@pytest.mark.parametrize(
    "group", ["Neumología", "Terapia respiratoria", "Psicología", "Nutrición", "Consulta"]
)
def test_only_coordination_changes_cycles(token_client, member, group):
    client = token_client(member(group))
    cycle = _cycle()
    assert client.get(f"/api/v1/cycles/{cycle.pk}/").status_code == 200
    for name, data in [("suspend", {"fecha": TODAY, "motivo": "x"}), ("terminate", {"fecha": TODAY})]:
        assert _act(client, cycle, name, data).status_code == 403
    closed = _cycle(estado=EstadoIngreso.TERMINADO)
    url = f"/api/v1/patients/{closed.paciente_id}/new-cycle/"
    assert client.post(url, {"fecha_inicio": TODAY}).status_code == 403
    cycle.refresh_from_db()
    assert cycle.estado == "ACTIVO" and Ingreso.objects.count() == 2
