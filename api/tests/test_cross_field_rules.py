"""Rules that tie two fields, checked in one place (the models' ``clean()`` and the rule
functions they share with the services) and so refused alike by the pages and the API:
a cycle does not start before the birth date; a monitoring's window runs forward, both nights
or none; a study that may precede the cycle does not precede the birth."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from exams.models import Monitoreo
from exams.registry import REGISTRY
from exams.tests.factories import form_data, record_data, register_monitoring
from patients import services
from patients.models import Ingreso, Patient, cycle_start_error
from patients.tests.factories import PatientFactory, patient_form_data

pytestmark = pytest.mark.django_db
BEFORE_BIRTH = "antes de la fecha de nacimiento"
WINDOW_ORDER = "no puede ser posterior a la última"


def test_the_rule_itself():
    birth = datetime.date(1965, 3, 2)
    assert cycle_start_error(birth, birth) is None
    assert BEFORE_BIRTH in cycle_start_error(birth - datetime.timedelta(days=1), birth)


def test_page_refuses_a_program_start_before_the_birth_date(client_logged):
    data = patient_form_data(fecha_nacimiento="1965-03-02", fecha_inicio_programa="1965-03-01")
    response = client_logged.post(reverse("patients:create"), data)
    assert response.status_code == 200
    assert BEFORE_BIRTH in response.context["form"].errors["fecha_inicio_programa"][0]
    assert not Patient.objects.exists()


def test_api_refuses_a_program_start_before_the_birth_date(api):
    data = {**patient_form_data(fecha_nacimiento="1965-03-02"), "estrato": 3}
    response = api.post("/api/v1/patients/", {**data, "fecha_inicio_programa": "1965-03-01"})
    assert response.status_code == 400
    assert BEFORE_BIRTH in response.json()["fecha_inicio_programa"][0]
    assert not Patient.objects.exists()


def test_api_refuses_moving_the_start_or_the_birth_past_each_other(api, patient):
    url = f"/api/v1/patients/{patient.pk}/"
    start = patient.ingreso_activo.fecha_inicio
    before_birth = (patient.fecha_nacimiento - datetime.timedelta(days=1)).isoformat()
    moved = api.patch(url, {"fecha_inicio_programa": before_birth})
    assert moved.status_code == 400 and BEFORE_BIRTH in moved.json()["fecha_inicio_programa"][0]
    born_later = api.patch(url, {"fecha_nacimiento": (start + datetime.timedelta(days=1)).isoformat()})
    assert born_later.status_code == 400 and "fecha_nacimiento" in born_later.json()


def test_a_new_cycle_before_the_birth_date_is_refused(patient):
    patient.ingresos.update(estado="TERMINADO", fecha_fin=patient.ingreso_activo.fecha_inicio)
    with pytest.raises(ValidationError) as refused:
        services.start_new_cycle(patient, patient.fecha_nacimiento - datetime.timedelta(days=1))
    assert BEFORE_BIRTH in refused.value.message_dict["fecha_inicio"][0]


def test_the_model_refuses_it_for_any_other_writer(patient):
    cycle = Ingreso(paciente=patient, fecha_inicio=patient.fecha_nacimiento - datetime.timedelta(days=1))
    with pytest.raises(ValidationError) as refused:
        cycle.clean()
    assert BEFORE_BIRTH in refused.value.message_dict["fecha_inicio"][0]


def _window(start: datetime.date, end: datetime.date | None) -> dict:
    return {"ventana_inicio": start.isoformat(), "ventana_fin": end.isoformat() if end else ""}


def test_page_refuses_a_window_that_runs_backwards(client_logged, patient):
    start = patient.ingreso_activo.fecha_inicio
    window = _window(start + datetime.timedelta(days=5), start)
    url = reverse("exams:register", args=[patient.pk, REGISTRY["monitoreo"].register_slug])
    data = form_data("monitoreo", **window)
    response = client_logged.post(url, data)
    assert response.status_code == 200
    form = dict((rt.slug, form) for rt, form in response.context["tabs"])["monitoreo"]
    assert WINDOW_ORDER in form.errors["ventana_fin"][0]
    assert not Monitoreo.objects.exists()


@pytest.mark.parametrize("fuente", ["MANUAL", "EQUIPO"])
def test_api_refuses_a_window_that_runs_backwards(api, patient, fuente):
    start = patient.ingreso_activo.fecha_inicio
    body = {**record_data("monitoreo"), **_window(start + datetime.timedelta(days=5), start)}
    response = api.post("/api/v1/records/monitoreo/", {**body, "fuente": fuente, "paciente": patient.pk})
    assert response.status_code == 400
    assert WINDOW_ORDER in response.json()["ventana_fin"][0]


def test_api_refuses_half_a_window(api, patient):
    body = {**record_data("monitoreo"), "ventana_inicio": patient.ingreso_activo.fecha_inicio.isoformat()}
    response = api.post("/api/v1/records/monitoreo/", {**body, "paciente": patient.pk})
    assert response.status_code == 400 and "ventana_fin" in response.json()


def test_the_database_refuses_a_window_that_runs_backwards(coordinator, patient):
    record = register_monitoring(patient.ingreso_activo, coordinator)
    start = patient.ingreso_activo.fecha_inicio
    with pytest.raises(IntegrityError), transaction.atomic():
        Monitoreo.objects.filter(pk=record.pk).update(
            ventana_inicio=start + datetime.timedelta(days=5), ventana_fin=start
        )


def test_a_study_before_the_birth_date_is_refused(api):
    patient = PatientFactory(fecha_nacimiento=datetime.date(2020, 1, 1))
    body = {**record_data("basal"), "fecha_basal": "2019-12-31", "paciente": patient.pk}
    response = api.post("/api/v1/records/basal/", body)
    assert response.status_code == 400
    assert "fecha de nacimiento" in response.json()["fecha_basal"][0]


def test_a_monitoring_without_a_basal_study_shows_sin_basal_on_the_page(client_logged, coordinator, patient):
    register_monitoring(patient.ingreso_activo, coordinator)
    html = client_logged.get(reverse("exams:clinical", args=[patient.pk])).content.decode()
    assert "Sin basal" in html
