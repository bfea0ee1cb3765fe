"""Registering a patient creates the patient and its first ACTIVO cycle, or nothing."""

import datetime

import pytest
from django.urls import reverse

from patients.models import Ingreso, Patient, today
from patients.tests.factories import patient_form_data

pytestmark = pytest.mark.django_db
URL = reverse("patients:create")


def test_it_creates_patient_and_first_active_cycle(client_logged, coordinator):
    start = today() - datetime.timedelta(days=40)
    response = client_logged.post(URL, patient_form_data(fecha_inicio_programa=start.isoformat()))
    patient = Patient.objects.get(documento="63555111")
    assert response.status_code == 302
    assert response.url == reverse("patients:detail", args=[patient.pk])
    cycle = patient.ingresos.get()
    assert (cycle.estado, cycle.fecha_inicio) == ("ACTIVO", start)
    assert patient.ingreso_activo == cycle and patient.esta_activo
    assert cycle.history.first().history_user == coordinator


def test_names_are_trimmed(client_logged):
    client_logged.post(URL, patient_form_data(nombre="  Carmen ", apellido=" Ardila  "))
    patient = Patient.objects.get()
    assert (patient.nombre, patient.apellido) == ("Carmen", "Ardila")


def test_form_page_offers_only_the_departments_cities(client_logged):
    response = client_logged.get(URL)
    ciudad_choices = [value for value, _ in response.context["form"].fields["ciudad"].widget.choices]
    assert "FLORIDABLANCA" in ciudad_choices and "MEDELLIN" not in ciudad_choices
    assert b'id="city-options"' in response.content


def _assert_refused(client_logged, field, message, **overrides):
    response = client_logged.post(URL, patient_form_data(**overrides))
    assert response.status_code == 200
    assert message in response.context["form"].errors[field][0]
    assert message in response.content.decode()
    assert Patient.objects.count() == 0 and Ingreso.objects.count() == 0


def test_future_birth_date_is_refused(client_logged):
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    _assert_refused(
        client_logged, "fecha_nacimiento", "no puede estar en el futuro", fecha_nacimiento=tomorrow
    )


def test_age_over_120_is_refused(client_logged):
    _assert_refused(client_logged, "fecha_nacimiento", "no puede superar 120", fecha_nacimiento="1890-01-01")


def test_letters_in_a_cc_number_are_refused(client_logged):
    _assert_refused(client_logged, "documento", "solo puede tener dígitos", documento="63A55111")


def test_letters_are_allowed_in_a_passport(client_logged):
    client_logged.post(URL, patient_form_data(tipo_documento="PA", documento="AB123456"))
    assert Patient.objects.filter(documento="AB123456").exists()


def test_city_outside_its_department_is_refused(client_logged):
    _assert_refused(
        client_logged, "ciudad", "no pertenece al departamento", departamento="SANTANDER", ciudad="MEDELLIN"
    )


def test_city_outside_department_is_refused_by_the_model_too(patient):
    from django.core.exceptions import ValidationError

    patient.departamento, patient.ciudad = "SANTANDER", "MEDELLIN"
    with pytest.raises(ValidationError) as error:
        patient.full_clean()
    assert error.value.message_dict["ciudad"] == ["La ciudad elegida no pertenece al departamento."]


def test_estrato_9_is_refused(client_logged):
    _assert_refused(client_logged, "estrato", "Escoja una opción válida", estrato="9")


def test_mobile_must_be_a_colombian_mobile(client_logged):
    _assert_refused(client_logged, "celular", "10 dígitos y empieza por 3", celular="6071234567")


def test_future_program_start_is_refused(client_logged):
    tomorrow = (today() + datetime.timedelta(days=1)).isoformat()
    _assert_refused(
        client_logged, "fecha_inicio_programa", "no puede estar en el futuro", fecha_inicio_programa=tomorrow
    )


def test_duplicate_document_gets_a_spanish_message(client_logged, patient):
    response = client_logged.post(URL, patient_form_data(documento=patient.documento))
    assert "Ya existe un paciente con este tipo y número de documento." in response.content.decode()
    assert Patient.objects.count() == 1


def test_implausible_weight_is_refused(client_logged):
    _assert_refused(client_logged, "peso", "menor o igual a 350", peso="900")
