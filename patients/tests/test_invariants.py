"""The database itself refuses what must never happen, whatever code path writes."""

import datetime

import pytest
from django.db import IntegrityError, transaction
from django.db.models.deletion import ProtectedError

from patients.choices import EstadoIngreso
from patients.models import Ingreso, today
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def test_second_open_cycle_is_refused_by_the_database(patient):
    with pytest.raises(IntegrityError), transaction.atomic():
        Ingreso.objects.create(paciente=patient, fecha_inicio=datetime.date(2026, 1, 1))


def test_suspended_cycle_counts_as_open(patient):
    patient.ingresos.update(estado=EstadoIngreso.SUSPENDIDO)
    with pytest.raises(IntegrityError), transaction.atomic():
        Ingreso.objects.create(paciente=patient, fecha_inicio=datetime.date(2026, 1, 1))


def test_closed_cycles_do_not_block_a_new_one(patient):
    patient.ingresos.update(estado=EstadoIngreso.TERMINADO, fecha_fin=today())
    Ingreso.objects.create(paciente=patient, fecha_inicio=today())
    assert patient.ingresos.count() == 2


def test_duplicate_document_is_refused_by_the_database(patient):
    with pytest.raises(IntegrityError), transaction.atomic():
        PatientFactory(tipo_documento=patient.tipo_documento, documento=patient.documento, cycle=False)


def test_same_number_with_another_document_type_is_allowed(patient):
    PatientFactory(tipo_documento="TI", documento=patient.documento, cycle=False)


def test_end_before_start_is_refused_by_the_database(patient):
    with pytest.raises(IntegrityError), transaction.atomic():
        Ingreso.objects.filter(paciente=patient).update(
            estado=EstadoIngreso.TERMINADO, fecha_fin=datetime.date(2000, 1, 1)
        )


def test_estrato_out_of_range_is_refused_by_the_database(patient):
    with pytest.raises(IntegrityError), transaction.atomic():
        type(patient).objects.filter(pk=patient.pk).update(estrato=9)


def test_patient_with_cycles_cannot_be_deleted(patient):
    with pytest.raises(ProtectedError):
        patient.delete()
