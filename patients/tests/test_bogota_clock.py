"""The clinic's day is Bogotá's (UTC−5): just after UTC midnight it is still the previous day
there, and every rule that says "today" (future dates, mes cápita, days without attention)
must follow Bogotá, not the server's UTC clock."""

import datetime
import zoneinfo

import pytest
import time_machine
from django.core.exceptions import ValidationError

from exams.services import register_record
from exams.tests.factories import monitoring, register_monitoring
from patients import services
from patients.models import Ingreso, today
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db

# 04:30 UTC on New Year's Day is 23:30 on 31 December in Bogotá.
JUST_AFTER_UTC_MIDNIGHT = datetime.datetime(2027, 1, 1, 4, 30, tzinfo=datetime.UTC)
BOGOTA_DAY = datetime.date(2026, 12, 31)
UTC_DAY = datetime.date(2027, 1, 1)


@pytest.fixture
def new_years_eve_in_bogota():
    with time_machine.travel(JUST_AFTER_UTC_MIDNIGHT, tick=False):
        yield


def test_today_is_bogotas_date(new_years_eve_in_bogota):
    assert today() == BOGOTA_DAY
    assert datetime.datetime.now(zoneinfo.ZoneInfo("America/Bogota")).date() == BOGOTA_DAY


def test_mes_capita_counts_bogotas_month(new_years_eve_in_bogota):
    patient = PatientFactory(cycle=datetime.date(2026, 12, 1))
    cycle = patient.ingreso_activo
    assert cycle.mes_capita == 1
    assert Ingreso.objects.with_mes_capita().get(pk=cycle.pk).mes_capita_db == 1
    assert list(Ingreso.objects.in_mes_capita(1)) == [cycle]


def test_a_care_date_on_the_utc_day_is_still_in_the_future(new_years_eve_in_bogota, coordinator):
    cycle = PatientFactory(cycle=datetime.date(2026, 12, 1)).ingreso_activo
    record = monitoring(UTC_DAY)
    with pytest.raises(ValidationError) as refused:
        register_record(record, cycle, coordinator)
    assert refused.value.message_dict["fecha_atencion"] == ["La fecha no puede estar en el futuro."]
    assert register_monitoring(cycle, coordinator).fecha_atencion == BOGOTA_DAY


def test_a_cycle_can_close_on_bogotas_day_but_not_on_the_utc_day(new_years_eve_in_bogota, coordinator):
    cycle = PatientFactory(cycle=datetime.date(2026, 12, 1)).ingreso_activo
    with pytest.raises(ValidationError):
        services.terminate_cycle(cycle, UTC_DAY, "EGRESO_COMPLETO", user=coordinator)
    services.terminate_cycle(cycle, BOGOTA_DAY, "EGRESO_COMPLETO", user=coordinator)
    cycle.refresh_from_db()
    assert (cycle.estado, cycle.fecha_fin) == ("TERMINADO", BOGOTA_DAY)
