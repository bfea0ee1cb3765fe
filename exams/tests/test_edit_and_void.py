"""Editing (author or coordinator) and voiding (coordinator, with a reason). No hard delete."""

import pytest
from django.contrib.auth.models import Permission
from django.urls import reverse

from exams.models import PolisomnografiaBasal, Psicologia, Seguimiento
from exams.services import register_record
from exams.tests.factories import register_psychology
from patients.models import today

pytestmark = pytest.mark.django_db


@pytest.fixture
def psychologist(django_user_model):
    user = django_user_model.objects.create_user("pablo", password="x-clave-123456")
    user.user_permissions.add(
        Permission.objects.get(codename="add_psicologia"),
        Permission.objects.get(codename="change_psicologia"),
    )
    return user


@pytest.fixture
def record(patient, psychologist):
    return register_psychology(patient.ingreso_activo, psychologist)


def _edit_data(**overrides):
    data = {
        "psicologia-fecha_atencion": today().isoformat(),
        "psicologia-inventario_depre_beck": "10",
        "psicologia-inventario_ansiedad_beck": "5",
        "psicologia-calidad": "8",
        "psicologia-cantidad": "9",
    }
    data.update({f"psicologia-{k}": v for k, v in overrides.items()})
    return data


def test_author_edits_and_derived_total_follows(client, psychologist, record):
    client.force_login(psychologist)
    url = reverse("exams:edit", args=["psicologia", record.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _edit_data(calidad="15"))
    assert response.status_code == 302
    record.refresh_from_db()
    assert (record.calidad, record.total) == (15, 24)
    changes = record.history.filter(history_type="~").get()
    assert changes.history_user == psychologist


def test_another_clinician_cannot_edit(client, django_user_model, record):
    other = django_user_model.objects.create_user("otra", password="x-clave-123456")
    other.user_permissions.add(Permission.objects.get(codename="change_psicologia"))
    client.force_login(other)
    response = client.post(reverse("exams:edit", args=["psicologia", record.pk]), _edit_data(calidad="1"))
    assert response.status_code == 403
    record.refresh_from_db()
    assert record.calidad == 8


def test_coordinator_edits_any_record(client_logged, record):
    client_logged.post(reverse("exams:edit", args=["psicologia", record.pk]), _edit_data(cantidad="3"))
    record.refresh_from_db()
    assert record.total == 11


def test_invalid_edit_changes_nothing(client_logged, record):
    response = client_logged.post(
        reverse("exams:edit", args=["psicologia", record.pk]), _edit_data(calidad="40")
    )
    assert "menor o igual a 20" in response.content.decode()
    record.refresh_from_db()
    assert record.calidad == 8


def test_coordinator_voids_with_a_reason_and_the_record_stays(client_logged, coordinator, patient, record):
    url = reverse("exams:void", args=["psicologia", record.pk])
    response = client_logged.post(
        url, {"motivo_anulacion": "Registrado en el paciente equivocado"}, follow=True
    )
    assert "anulado" in response.content.decode()
    record.refresh_from_db()
    assert record.anulado and record.anulado_por == coordinator and record.motivo_anulacion
    assert Psicologia.objects.filter(pk=record.pk).exists()
    assert Seguimiento.objects.get(registro_id=record.pk, tipo_servicio="Psicologia").anulado
    history = client_logged.get(reverse("exams:clinical", args=[patient.pk]))
    assert history.context["sections"][5].records == []
    assert record.history.first().anulado and record.history.first().history_user == coordinator


def test_void_needs_a_reason(client_logged, record):
    response = client_logged.post(
        reverse("exams:void", args=["psicologia", record.pk]), {"motivo_anulacion": "  "}, follow=True
    )
    assert "Indique el motivo de la anulación." in response.content.decode()
    record.refresh_from_db()
    assert not record.anulado


def test_only_coordinators_void(client, psychologist, record):
    client.force_login(psychologist)
    response = client.post(
        reverse("exams:void", args=["psicologia", record.pk]), {"motivo_anulacion": "error"}
    )
    assert response.status_code == 403
    record.refresh_from_db()
    assert not record.anulado


def test_void_is_post_only(client_logged, record):
    assert client_logged.get(reverse("exams:void", args=["psicologia", record.pk])).status_code == 405


def test_voided_basal_is_not_copied_into_new_monitorings(client_logged, coordinator, patient):
    basal = register_record(
        PolisomnografiaBasal(iah=40, ido=3, eficiencia=80), patient.ingreso_activo, coordinator
    )
    client_logged.post(
        reverse("exams:void", args=["basal", basal.pk]), {"motivo_anulacion": "Estudio de otro paciente"}
    )
    from exams.models import latest_basal_iah

    assert latest_basal_iah(patient.ingreso_activo.pk) is None


def test_edit_page_shows_the_trail(client_logged, record):
    client_logged.post(reverse("exams:edit", args=["psicologia", record.pk]), _edit_data(calidad="12"))
    body = client_logged.get(reverse("exams:edit", args=["psicologia", record.pk])).content.decode()
    assert "Trazabilidad del registro" in body and "Creación" in body and "Modificación" in body
    assert "Calidad del sueño" in body


def test_no_delete_route_exists():
    from django.urls import get_resolver

    names = [p.name for p in get_resolver().url_patterns if getattr(p, "name", None)]
    assert not any("delete" in (name or "") for name in names)
