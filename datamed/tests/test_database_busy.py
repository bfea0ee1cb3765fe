"""A write that finds the database still locked after its busy timeout (simulated: the
transaction cannot begin) saves nothing and says so in Spanish: the page keeps the form as
typed, the API answers 503 with Retry-After; never a 500."""

import pytest
from django.db import OperationalError, transaction
from django.db.transaction import Atomic
from django.urls import reverse

from datamed.database_busy import (
    DEADLOCK_DETECTED,
    DEADLOCK_RETRIES,
    MESSAGE,
    RETRY_AFTER_SECONDS,
    DatabaseBusy,
    atomic_write,
    is_database_busy,
)
from exams.models import Monitoreo, Seguimiento
from exams.tests.factories import form_data
from patients.models import Patient
from patients.tests.factories import patient_form_data


def _locked(*args, **kwargs):
    raise OperationalError("database is locked")


@pytest.fixture
def locked(monkeypatch):
    """Every transaction a request begins from now on meets the lock (SQLite raises it when
    BEGIN IMMEDIATE waited its whole busy timeout)."""
    monkeypatch.setattr(Atomic, "__enter__", _locked)


@pytest.fixture
def browser(client_logged, settings):
    """A signed-in browser whose session expiry was just refreshed (as in production, at most
    once a minute): the next request's only transaction is the form's."""
    settings.SESSION_REFRESH_SECONDS = 3600
    client_logged.get(reverse("dashboard:index"))
    return client_logged


def test_only_the_lock_counts_as_busy():
    assert is_database_busy(OperationalError("database is locked"))
    assert is_database_busy(OperationalError("database table is locked"))
    assert not is_database_busy(OperationalError("no such table: patients_patient"))
    assert not is_database_busy(ValueError("database is locked"))


@pytest.mark.django_db
def test_a_service_turns_the_lock_into_a_validation_error_and_other_errors_pass(monkeypatch):
    monkeypatch.setattr(Atomic, "__enter__", _locked)
    with pytest.raises(DatabaseBusy) as caught:
        atomic_write(lambda: None)()
    assert caught.value.messages == [MESSAGE]
    monkeypatch.setattr(
        Atomic, "__enter__", lambda self: (_ for _ in ()).throw(OperationalError("disk I/O error"))
    )
    with pytest.raises(OperationalError, match="disk I/O error"):
        atomic_write(lambda: None)()


def test_the_patient_form_keeps_what_was_typed(browser, locked):
    response = browser.post(reverse("patients:create"), patient_form_data(apellido="Ardila Quintero"))

    assert response.status_code == 200
    assert MESSAGE in response.content.decode()
    assert 'value="Ardila Quintero"' in response.content.decode()
    assert 'value="63555111"' in response.content.decode()
    assert not Patient.objects.exists()


def test_the_record_form_keeps_what_was_typed(browser, patient, locked):
    data = form_data("monitoreo", presion_ipap="13", hipopnea_residual="7.5")
    response = browser.post(reverse("exams:register", args=[patient.pk, "monitoreo"]), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert MESSAGE in page
    assert 'value="13"' in page and 'value="7.5"' in page
    assert not Monitoreo.objects.exists()
    assert not Seguimiento.objects.exists()


def test_a_lock_outside_the_services_is_a_503_page(browser, patient, monkeypatch):
    """Opening a clinical history writes its access log: a lock there is not a server error."""
    monkeypatch.setattr("users.services.ClinicalAccess.objects.create", _locked)
    response = browser.get(reverse("exams:clinical", args=[patient.pk]))

    assert response.status_code == 503
    assert response["Retry-After"] == str(RETRY_AFTER_SECONDS)
    assert MESSAGE in response.content.decode()


class _Deadlock(Exception):
    sqlstate = DEADLOCK_DETECTED


def _deadlocked_then_done(times: int):
    """A write service that loses ``times`` deadlocks, then saves."""
    calls = []

    @atomic_write
    def service():
        calls.append(1)
        if len(calls) <= times:
            try:
                raise _Deadlock("deadlock detected")
            except _Deadlock as cause:
                raise OperationalError("deadlock detected\nDETAIL: blocked by process 1") from cause
        return "guardado"

    return service, calls


@pytest.mark.django_db(transaction=True)
def test_a_write_that_lost_a_deadlock_is_run_again_from_the_start():
    service, calls = _deadlocked_then_done(times=2)
    assert service() == "guardado"
    assert len(calls) == 3


@pytest.mark.django_db(transaction=True)
def test_a_write_that_keeps_losing_deadlocks_saves_nothing_and_says_so():
    service, calls = _deadlocked_then_done(times=DEADLOCK_RETRIES + 1)
    with pytest.raises(DatabaseBusy):
        service()
    assert len(calls) == DEADLOCK_RETRIES + 1


@pytest.mark.django_db(transaction=True)
def test_a_write_inside_a_larger_transaction_is_not_run_again():
    service, calls = _deadlocked_then_done(times=1)
    with pytest.raises(DatabaseBusy), transaction.atomic():
        service()
    assert len(calls) == 1
