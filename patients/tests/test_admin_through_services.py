"""The admin writes patients and cycles through the same services as the pages: the same
refusals with the same messages, the same history, and nothing around the transition rules.

The clock is frozen (noon in Bogotá) and every date is fixed."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from exams.models import EquipoMedico
from exams.services import register_record
from exams.tests.factories import monitoring
from patients import services
from patients.choices import EstadoIngreso, MotivoCierre
from patients.models import Ingreso
from patients.tests.factories import PatientFactory, patient_form_data

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 15)
START = datetime.date(2026, 2, 10)
FIRST_CARE = datetime.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 17, 0, tzinfo=datetime.UTC), tick=False):
        yield


@pytest.fixture
def cycle(db):
    return PatientFactory(cycle=START).ingresos.get()


def _change(client, ingreso, **data):
    url = reverse("admin:patients_ingreso_change", args=[ingreso.pk])
    return client.post(url, {**data, "_save": "Guardar"})


def _errors(response) -> dict:
    return response.context["adminform"].form.errors


def _monitoring(ingreso, on: datetime.date):
    return register_record(monitoring(on), ingreso)


def _unchanged(ingreso) -> None:
    stored = Ingreso.objects.get(pk=ingreso.pk)
    assert stored.fecha_inicio == START
    assert stored.history.count() == ingreso.history.count()


def test_a_cycle_start_in_the_future_is_refused_with_the_pages_message(client_logged, cycle):
    response = _change(client_logged, cycle, fecha_inicio="2026-06-16")
    assert response.status_code == 200
    assert _errors(response) == {
        "fecha_inicio": ["La fecha de ingreso al programa no puede estar en el futuro."]
    }
    _unchanged(cycle)


def test_a_cycle_start_after_its_first_attention_is_refused(client_logged, cycle):
    _monitoring(cycle, FIRST_CARE)
    response = _change(client_logged, cycle, fecha_inicio="2026-03-03")
    message = "El ciclo tiene atenciones desde el 02/03/2026; el inicio no puede ser posterior."
    assert _errors(response) == {"fecha_inicio": [message]}
    assert message in response.content.decode()
    _unchanged(cycle)
    # The patient's page says the same.
    page = client_logged.post(
        reverse("patients:detail", args=[cycle.paciente_id]),
        patient_form_data(
            documento=cycle.paciente.documento, fecha_inicio_programa="2026-03-03", entidad_salud="ECOPETROL"
        ),
    )
    assert page.context["form"].errors["fecha_inicio_programa"] == [message]


def test_an_equipment_delivery_counts_as_the_first_record(client_logged, cycle):
    """A delivery writes no attention-log line, but the cycle cannot start after it."""
    register_record(
        EquipoMedico(
            fecha_atencion=FIRST_CARE,
            marca_equipo="RESMED",
            serial_equipo="RM-1",
            modo_ventilatorio="CPAP",
            tipo_mascara_eq_medico="NASAL",
            talla_mascara="MEDIUM",
            referencia_mascara="AirFit N20",
        ),
        cycle,
    )
    response = _change(client_logged, cycle, fecha_inicio="2026-04-01")
    assert _errors(response)["fecha_inicio"] == [
        "El ciclo tiene atenciones desde el 02/03/2026; el inicio no puede ser posterior."
    ]
    _unchanged(cycle)


def test_a_voided_record_does_not_hold_the_start(client_logged, coordinator, cycle):
    from exams.services import void_record

    void_record(_monitoring(cycle, FIRST_CARE), "Duplicado", coordinator)
    _change(client_logged, cycle, fecha_inicio="2026-04-01")
    assert Ingreso.objects.get(pk=cycle.pk).fecha_inicio == datetime.date(2026, 4, 1)


def test_a_valid_move_is_saved_with_its_author_and_mes_capita_follows(client_logged, coordinator, cycle):
    _monitoring(cycle, FIRST_CARE)
    assert cycle.mes_capita == 5
    response = _change(client_logged, cycle, fecha_inicio="2026-03-02")
    assert response.status_code == 302
    stored = Ingreso.objects.get(pk=cycle.pk)
    assert stored.fecha_inicio == FIRST_CARE
    assert stored.mes_capita == 4
    assert stored.history.first().history_user == coordinator


def test_a_start_before_the_previous_cycles_end_is_refused(client_logged, coordinator):
    patient = PatientFactory(cycle=datetime.date(2025, 1, 10))
    old = patient.ingresos.get()
    services.terminate_cycle(old, datetime.date(2026, 1, 31), MotivoCierre.OTRO, "Alta", coordinator)
    new = services.start_new_cycle(patient, START, coordinator)
    response = _change(client_logged, new, fecha_inicio="2026-01-20")
    assert _errors(response) == {
        "fecha_inicio": ["El ciclo no puede empezar antes del fin del ciclo anterior."]
    }
    assert Ingreso.objects.get(pk=new.pk).fecha_inicio == START


def test_transitions_and_closed_cycles_cannot_be_edited_around_the_services(
    client_logged, coordinator, cycle
):
    _change(
        client_logged,
        cycle,
        fecha_inicio=START.isoformat(),
        estado=EstadoIngreso.TERMINADO,
        fecha_fin="2026-06-01",
        motivo_cierre=MotivoCierre.OTRO,
    )
    stored = Ingreso.objects.get(pk=cycle.pk)
    assert (stored.estado, stored.fecha_fin, stored.motivo_cierre) == (EstadoIngreso.ACTIVO, None, "")

    services.terminate_cycle(stored, datetime.date(2026, 6, 1), MotivoCierre.OTRO, "Alta", coordinator)
    page = client_logged.get(reverse("admin:patients_ingreso_change", args=[cycle.pk]))
    assert "fecha_inicio" not in page.context["adminform"].form.fields
    _change(client_logged, cycle, fecha_inicio="2026-02-01", estado=EstadoIngreso.ACTIVO)
    stored = Ingreso.objects.get(pk=cycle.pk)
    assert (stored.fecha_inicio, stored.estado) == (START, EstadoIngreso.TERMINADO)


def test_a_refusal_only_the_service_sees_changes_nothing_and_is_shown(client_logged, cycle, monkeypatch):
    """Data changed between the form's check and the save (here: the form's check skipped):
    the service refuses under its lock, the request is rolled back, the message shown."""
    from patients import admin as patients_admin

    monkeypatch.setattr(patients_admin.IngresoAdminForm, "clean", lambda form: form.cleaned_data)
    _monitoring(cycle, FIRST_CARE)
    response = _change(client_logged, cycle, fecha_inicio="2026-04-01")
    assert response.status_code == 302
    _unchanged(cycle)
    shown = [str(m) for m in client_logged.get(response.url).context["messages"]]
    assert "El ciclo tiene atenciones desde el 02/03/2026; el inicio no puede ser posterior." in shown


def test_a_patient_edited_in_the_admin_goes_through_the_service(client_logged, coordinator, cycle):
    patient = cycle.paciente
    url = reverse("admin:patients_patient_change", args=[patient.pk])
    form = client_logged.get(url).context["adminform"].form
    data = {name: value for name, value in form.initial.items() if value is not None}
    data.update(
        {
            "entidad_salud": "SANITAS",
            "ciudad": "CALI",  # not a city of Santander: the page's rule
            "fecha_nacimiento": "1970-05-17",
            "ingresos-TOTAL_FORMS": "1",
            "ingresos-INITIAL_FORMS": "1",
            "ingresos-MIN_NUM_FORMS": "0",
            "ingresos-MAX_NUM_FORMS": "1000",
            "ingresos-0-id": str(cycle.pk),
            "ingresos-0-paciente": str(patient.pk),
            "_save": "Guardar",
        }
    )
    refused = client_logged.post(url, data)
    assert _errors(refused)["ciudad"] == ["La ciudad elegida no pertenece al departamento."]

    data["ciudad"] = "FLORIDABLANCA"
    assert client_logged.post(url, data).status_code == 302
    patient.refresh_from_db()
    assert patient.entidad_salud == "SANITAS"
    assert patient.history.first().history_user == coordinator
    assert Ingreso.objects.get(pk=cycle.pk).entidad_salud == "SANITAS"  # the cycle's copy follows


def test_a_closed_cycle_cannot_be_reopened_by_restoring_an_earlier_version(client_logged, coordinator, cycle):
    open_version = cycle.history.first()
    services.terminate_cycle(cycle, datetime.date(2026, 6, 1), MotivoCierre.OTRO, "Alta", coordinator)
    url = reverse("admin:patients_ingreso_simple_history", args=[cycle.pk, open_version.history_id])
    assert client_logged.get(url).status_code == 200
    client_logged.post(url, {"fecha_inicio": "2026-02-01", "_save": "Guardar"})
    stored = Ingreso.objects.get(pk=cycle.pk)
    assert (stored.estado, stored.fecha_inicio) == (EstadoIngreso.TERMINADO, START)
