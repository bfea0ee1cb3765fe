"""The API's answer to a write that finds the database still locked after its busy timeout
(simulated): 503 with Retry-After and the Spanish message, nothing saved; never a 500."""

import pytest
from django.db.transaction import Atomic
from django.urls import reverse

from datamed.database_busy import MESSAGE, RETRY_AFTER_SECONDS
from datamed.tests.test_database_busy import _locked
from exams.models import Monitoreo
from exams.tests.factories import record_data, register_monitoring
from patients.models import Ingreso, Patient
from patients.tests.factories import patient_form_data


@pytest.fixture
def locked(monkeypatch):
    """Every transaction a request begins meets the lock."""
    monkeypatch.setattr(Atomic, "__enter__", _locked)


@pytest.mark.parametrize(
    ("url", "body"),
    [
        (
            reverse("api:record-monitoreo-list"),
            lambda patient: {**record_data("monitoreo"), "paciente": patient.pk},
        ),
        (reverse("api:patient-list"), lambda patient: {**patient_form_data(documento="77"), "estrato": 3}),
    ],
    ids=["monitoreo", "paciente"],
)
def test_the_api_answers_503_with_retry_after_and_saves_nothing(api, patient, locked, url, body):
    response = api.post(url, body(patient))

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {"detail": MESSAGE}
    assert not Monitoreo.objects.exists()
    assert Patient.objects.count() == 1 and Ingreso.objects.count() == 1


def test_a_cycle_transition_through_the_api_answers_503(api, patient, locked):
    cycle = patient.ingresos.get()
    response = api.post(
        reverse("api:cycle-suspend", args=[cycle.pk]), {"fecha": "2026-01-01", "motivo": "OTRO"}
    )

    assert response.status_code == 503
    cycle.refresh_from_db()
    assert cycle.estado == "ACTIVO"


def test_a_lock_outside_the_services_is_a_503_in_the_api(api, coordinator, patient, monkeypatch):
    record = register_monitoring(patient.ingresos.get(), coordinator)
    monkeypatch.setattr("users.services.ClinicalAccess.objects.create", _locked)
    response = api.get(reverse("api:record-monitoreo-detail", args=[record.pk]))

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert response.json() == {"detail": MESSAGE}
