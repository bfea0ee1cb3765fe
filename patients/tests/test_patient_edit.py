"""Editing a patient; a new program date moves the ACTIVO cycle's start."""

import datetime

import pytest
from django.urls import reverse

from patients.models import today
from patients.tests.factories import PatientFactory, patient_form_data

pytestmark = pytest.mark.django_db


def _url(patient):
    return reverse("patients:detail", args=[patient.pk])


def test_detail_page_shows_the_patient_and_cycles(client_logged, patient):
    response = client_logged.get(_url(patient))
    assert response.status_code == 200
    assert patient.documento in response.content.decode()
    assert response.context["form"]["fecha_inicio_programa"].value() == patient.ingreso_activo.fecha_inicio


def test_editing_the_program_date_moves_the_active_cycle(client_logged):
    patient = PatientFactory(documento="555", cycle=today())
    new_start = today() - datetime.timedelta(days=70)
    data = patient_form_data(documento="555", nombre="Nuevo", fecha_inicio_programa=new_start.isoformat())
    response = client_logged.post(_url(patient), data)
    assert response.status_code == 302
    patient.refresh_from_db()
    assert patient.nombre == "Nuevo"
    assert patient.ingreso_activo.fecha_inicio == new_start


def test_bad_edit_changes_nothing(client_logged):
    patient = PatientFactory(documento="556", nombre="Igual")
    response = client_logged.post(
        _url(patient), patient_form_data(documento="556", nombre="Otro", estrato="9")
    )
    assert response.status_code == 200
    patient.refresh_from_db()
    assert patient.nombre == "Igual"


def test_unknown_patient_is_404(client_logged):
    assert client_logged.get(reverse("patients:detail", args=[999999])).status_code == 404


def test_start_cannot_move_after_the_first_attention(client_logged, coordinator):
    from exams.models import Psicologia
    from exams.services import register_record

    patient = PatientFactory(documento="557", cycle=today() - datetime.timedelta(days=30))
    register_record(
        Psicologia(
            fecha_atencion=today() - datetime.timedelta(days=20),
            inventario_depre_beck=1,
            inventario_ansiedad_beck=1,
            calidad=1,
            cantidad=1,
        ),
        patient.ingreso_activo,
        coordinator,
    )
    later = (today() - datetime.timedelta(days=10)).isoformat()
    response = client_logged.post(
        _url(patient), patient_form_data(documento="557", fecha_inicio_programa=later)
    )
    assert "el inicio no puede ser posterior" in response.content.decode()
    assert patient.ingreso_activo.fecha_inicio == today() - datetime.timedelta(days=30)
