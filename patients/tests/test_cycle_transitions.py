"""Suspend, reactivate, terminate and start cycles through the SPEC §3 POST paths."""

import datetime

import pytest
from django.urls import reverse

from patients.choices import EstadoIngreso
from patients.models import Ingreso, today
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db
FOLLOW = reverse("patients:follow")


def _state_url(cycle, estado):
    return reverse("patients:change_state", args=[cycle.pk, estado])


def _messages(response):
    return [str(m) for m in response.context["messages"]]


def _cycle(start_days_ago=90):
    return PatientFactory(cycle=today() - datetime.timedelta(days=start_days_ago)).ingresos.get()


def test_suspend_and_reactivate(client_logged, coordinator):
    cycle = _cycle()
    response = client_logged.post(
        _state_url(cycle, "SUSPENDIDO"),
        {"fecha_terminacion": today().isoformat(), "motivo_estado": "En espera de equipo"},
        follow=True,
    )
    cycle.refresh_from_db()
    assert (cycle.estado, cycle.motivo, cycle.fecha_cambio_estado) == (
        "SUSPENDIDO",
        "En espera de equipo",
        today(),
    )
    assert any("suspendido" in m for m in _messages(response))
    client_logged.post(_state_url(cycle, "ACTIVO"))
    cycle.refresh_from_db()
    assert cycle.estado == "ACTIVO"
    assert {row.history_user for row in cycle.history.filter(history_type="~")} == {coordinator}


def test_suspension_needs_date_and_reason(client_logged):
    cycle = _cycle()
    response = client_logged.post(_state_url(cycle, "SUSPENDIDO"), {}, follow=True)
    cycle.refresh_from_db()
    assert cycle.estado == "ACTIVO"
    assert "Indique la fecha de la suspensión." in _messages(response)
    assert "Indique el motivo de la suspensión." in _messages(response)


def test_terminate_with_a_reason_from_the_list(client_logged):
    cycle = _cycle()
    client_logged.post(
        _state_url(cycle, "TERMINADO"),
        {"fecha_terminacion": today().isoformat(), "motivo_estado": "EGRESO_COMPLETO"},
    )
    cycle.refresh_from_db()
    assert (cycle.estado, cycle.fecha_fin, cycle.motivo_cierre) == ("TERMINADO", today(), "EGRESO_COMPLETO")
    assert cycle.motivo == "Egreso completo"


def test_terminate_other_reason_needs_free_text(client_logged):
    cycle = _cycle()
    url = _state_url(cycle, "TERMINADO")
    data = {"fecha_terminacion": today().isoformat(), "motivo_estado": "OTRO"}
    response = client_logged.post(url, data, follow=True)
    assert "Describa el motivo de cierre." in _messages(response)
    client_logged.post(url, {**data, "motivo_otro": "Traslado a otra ciudad"})
    cycle.refresh_from_db()
    assert (cycle.estado, cycle.motivo) == ("TERMINADO", "Traslado a otra ciudad")


def test_unknown_closing_reason_is_refused(client_logged):
    cycle = _cycle()
    response = client_logged.post(
        _state_url(cycle, "TERMINADO"),
        {"fecha_terminacion": today().isoformat(), "motivo_estado": "ME_ABURRI"},
        follow=True,
    )
    assert "Elija un motivo de cierre de la lista." in _messages(response)
    cycle.refresh_from_db()
    assert cycle.estado == "ACTIVO"


def test_end_date_before_the_start_is_refused(client_logged):
    cycle = _cycle(start_days_ago=10)
    before = (cycle.fecha_inicio - datetime.timedelta(days=1)).isoformat()
    response = client_logged.post(
        _state_url(cycle, "TERMINADO"),
        {"fecha_terminacion": before, "motivo_estado": "EGRESO_COMPLETO"},
        follow=True,
    )
    assert "La fecha de terminación no puede ser anterior al inicio del ciclo." in _messages(response)
    cycle.refresh_from_db()
    assert (cycle.estado, cycle.fecha_fin) == ("ACTIVO", None)


def test_a_terminated_cycle_cannot_change(client_logged):
    cycle = _cycle()
    cycle.estado, cycle.fecha_fin = EstadoIngreso.TERMINADO, today()
    cycle.save()
    for estado in ("ACTIVO", "SUSPENDIDO", "TERMINADO"):
        response = client_logged.post(
            _state_url(cycle, estado),
            {"fecha_terminacion": today().isoformat(), "motivo_estado": "EGRESO_COMPLETO"},
            follow=True,
        )
        assert response.redirect_chain[-1][0] == FOLLOW
        assert any("no puede" in m or "Solo un ciclo" in m for m in _messages(response))
        cycle.refresh_from_db()
        assert (cycle.estado, cycle.fecha_fin) == ("TERMINADO", today())


def test_reactivating_an_active_cycle_is_refused(client_logged):
    cycle = _cycle()
    response = client_logged.post(_state_url(cycle, "ACTIVO"), follow=True)
    assert "Solo un ciclo suspendido puede reactivarse." in _messages(response)


def test_unknown_state_is_refused(client_logged):
    cycle = _cycle()
    response = client_logged.post(_state_url(cycle, "BORRADO"), follow=True)
    assert "Estado desconocido." in _messages(response)


def test_state_change_is_post_only(client_logged):
    cycle = _cycle()
    assert client_logged.get(_state_url(cycle, "SUSPENDIDO")).status_code == 405
    assert client_logged.get(reverse("patients:new_cycle", args=[cycle.paciente_id])).status_code == 405


def test_new_cycle_only_when_none_is_open(client_logged):
    cycle = _cycle()
    url = reverse("patients:new_cycle", args=[cycle.paciente_id])
    response = client_logged.post(url, {"fecha_inicio": today().isoformat()}, follow=True)
    assert any("ya tiene un ciclo abierto" in m for m in _messages(response))
    assert Ingreso.objects.count() == 1
    cycle.estado, cycle.fecha_fin = EstadoIngreso.TERMINADO, today()
    cycle.save()
    client_logged.post(url, {"fecha_inicio": today().isoformat()})
    assert cycle.paciente.ingreso_activo.fecha_inicio == today()
    assert Ingreso.objects.count() == 2


def test_new_cycle_cannot_start_before_the_previous_ended(client_logged):
    cycle = _cycle()
    cycle.estado, cycle.fecha_fin = EstadoIngreso.TERMINADO, today()
    cycle.save()
    url = reverse("patients:new_cycle", args=[cycle.paciente_id])
    yesterday = (today() - datetime.timedelta(days=1)).isoformat()
    response = client_logged.post(url, {"fecha_inicio": yesterday}, follow=True)
    assert any("antes del fin del ciclo anterior" in m for m in _messages(response))
    assert Ingreso.objects.count() == 1


def test_redirect_target_stays_inside_the_site(client_logged):
    cycle = _cycle()
    response = client_logged.post(_state_url(cycle, "ACTIVO"), {"next": "https://evil.example/"})
    assert response.url == FOLLOW


def test_the_follow_page_offers_a_new_cycle_only_to_patients_without_an_open_one(client_logged):
    open_cycle, closed = _cycle(), _cycle()
    closed.estado, closed.fecha_fin = EstadoIngreso.TERMINADO, today()
    closed.save()
    body = client_logged.get(reverse("patients:follow")).content.decode()
    assert reverse("patients:new_cycle", args=[closed.paciente_id]) in body
    assert reverse("patients:new_cycle", args=[open_cycle.paciente_id]) not in body
