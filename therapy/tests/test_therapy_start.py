"""The initial period counts from the start of therapy (SPEC §8): the device's delivery (the
cycle's equipment record) or the first night with data, whichever is earlier; not the cycle's
start. Dates are fixed and the clock is frozen, so the cases hold on any day."""

import datetime

import pytest
import time_machine
from django.urls import reverse

from exams.models import EquipoMedico
from exams.services import register_record, update_record, void_record
from patients.choices import Veredicto
from patients.tests.factories import PatientFactory
from therapy import adherence, services
from therapy.models import ResumenAdherencia, rule_for
from therapy.readers import NightRow

pytestmark = pytest.mark.django_db

ADMISSION = datetime.date(2026, 1, 5)  # the cycle's start: day 0
# Noon in Bogotá, 250 days after admission: every initial period below has closed.
NOW = datetime.datetime(2026, 9, 12, 17, 0, tzinfo=datetime.UTC)
GOOD, POOR = 300, 60  # minutes of use per night


def day(n: int) -> datetime.date:
    return ADMISSION + datetime.timedelta(days=n)


@pytest.fixture(autouse=True)
def frozen_clock():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def cycle(db):
    return PatientFactory(cycle=ADMISSION).ingresos.get()


def deliver(ingreso, on_day: int, user=None) -> EquipoMedico:
    record = EquipoMedico(
        fecha_atencion=day(on_day),
        marca_equipo="RESMED",
        serial_equipo="RM-2231",
        modo_ventilatorio="CPAP",
        tipo_mascara_eq_medico="NASAL",
        talla_mascara="MEDIUM",
        referencia_mascara="AirFit N20",
    )
    return register_record(record, ingreso, user)


def import_nights(ingreso, pattern: dict[range, int]) -> None:
    """Nights by cycle day: {range of days: minutes of use}."""
    rows = [
        NightRow(noche=day(d), serial="RM-2231", minutos_uso=minutes)
        for days, minutes in pattern.items()
        for d in days
    ]
    services.import_nights(ingreso, rows, "prueba.csv")


def summary(ingreso) -> ResumenAdherencia:
    return ResumenAdherencia.objects.get(ingreso=ingreso)


def old_rule_verdict(ingreso) -> str:
    """The verdict the initial period counted from admission would give, for contrast."""
    minutes = dict(ingreso.noches_terapia.values_list("noche", "minutos_uso"))
    rule = adherence.Rule.from_model(rule_for(ingreso.paciente.entidad_salud))
    return adherence.evaluate(rule, ADMISSION, minutes, NOW.date()).verdict


def test_device_delivered_on_day_60_with_good_use_from_then_on_meets_the_rule(cycle):
    deliver(cycle, 60)
    import_nights(cycle, {range(60, 240): GOOD})
    stored = summary(cycle)
    assert stored.veredicto == Veredicto.CUMPLE
    assert (stored.inicio_terapia, stored.inicio_terapia_origen) == (day(60), "entrega del equipo")
    assert stored.fin_periodo_inicial == day(149)
    assert stored.inicial_mejor_inicio == day(60)
    cycle.refresh_from_db()
    assert cycle.veredicto_equipo == Veredicto.CUMPLE  # the dashboard's copy follows


def test_adapting_after_a_late_delivery_is_not_judged_on_the_days_before_it(cycle):
    """Delivered on day 60, poor use for three weeks while the patient adapts, good after:
    the 90 days of therapy hold a good window (days 80–109); the cycle's first 90 days held
    only 10 good nights, so counting from admission judged the program's own delay."""
    deliver(cycle, 60)
    import_nights(cycle, {range(60, 80): POOR, range(80, 240): GOOD})
    assert summary(cycle).veredicto == Veredicto.CUMPLE
    assert summary(cycle).inicial_mejor_inicio == day(80)
    assert old_rule_verdict(cycle) == Veredicto.NO_CUMPLE


def test_without_an_equipment_record_the_first_night_with_data_starts_therapy(cycle):
    import_nights(cycle, {range(100, 240): GOOD})
    stored = summary(cycle)
    assert (stored.inicio_terapia, stored.inicio_terapia_origen) == (
        day(100),
        "primera noche con datos",
    )
    assert stored.veredicto == Veredicto.CUMPLE
    assert old_rule_verdict(cycle) == Veredicto.NO_CUMPLE


def test_a_night_before_the_delivery_starts_therapy_earlier(cycle):
    """Whichever is earlier: data from day 30 (a loaned device) and a delivery on day 60."""
    deliver(cycle, 60)
    import_nights(cycle, {range(30, 240): GOOD})
    stored = summary(cycle)
    assert (stored.inicio_terapia, stored.inicio_terapia_origen) == (day(30), "primera noche con datos")


def test_a_delivery_record_added_later_moves_the_start_and_the_verdict(cycle, coordinator):
    import_nights(cycle, {range(100, 240): GOOD})
    assert summary(cycle).veredicto == Veredicto.CUMPLE
    # The delivery is recorded afterwards: the device was with the patient since day 20, so
    # the 90 days ran from day 20 to day 109 and held only 10 good nights.
    record = deliver(cycle, 20, coordinator)
    stored = summary(cycle)
    assert (stored.inicio_terapia, stored.inicio_terapia_origen) == (day(20), "entrega del equipo")
    assert stored.veredicto == Veredicto.NO_CUMPLE
    cycle.refresh_from_db()
    assert cycle.veredicto_equipo == Veredicto.NO_CUMPLE

    record.fecha_atencion = day(95)  # corrected: delivered on day 95
    update_record(record, coordinator)
    stored = summary(cycle)
    assert (stored.inicio_terapia, stored.veredicto) == (day(95), Veredicto.CUMPLE)

    void_record(record, "Registrado en el paciente equivocado", coordinator)
    stored = summary(cycle)
    assert (stored.inicio_terapia, stored.inicio_terapia_origen) == (
        day(100),
        "primera noche con datos",
    )
    assert stored.veredicto == Veredicto.CUMPLE


def test_the_earliest_valid_delivery_counts(cycle):
    deliver(cycle, 70)
    deliver(cycle, 50)  # a replaced device: the first delivery started therapy
    import_nights(cycle, {range(70, 240): GOOD})
    assert summary(cycle).inicio_terapia == day(50)


def test_a_delivery_registered_on_the_page_moves_the_start(client_logged, cycle):
    from exams.tests.factories import form_data

    import_nights(cycle, {range(100, 240): GOOD})
    url = reverse("exams:register", args=[cycle.paciente_id, "equipo_medico"])
    response = client_logged.post(url, form_data("equipo_medico", fecha_atencion=day(20).isoformat()))
    assert response.status_code == 302
    assert (summary(cycle).inicio_terapia, summary(cycle).veredicto) == (day(20), Veredicto.NO_CUMPLE)


def test_the_clinical_history_says_when_therapy_started(client_logged, cycle):
    deliver(cycle, 60)
    import_nights(cycle, {range(60, 240): GOOD})
    page = client_logged.get(reverse("exams:clinical", args=[cycle.paciente_id])).content.decode()
    assert "Inicio de la terapia: 06/03/2026 (entrega del equipo)" in page
    assert "primeros 90 días hasta el 03/06/2026" in page
    assert "dentro de los primeros 90 días de terapia" in page


def test_a_delivery_without_nights_is_shown_and_gives_no_verdict(client_logged, cycle):
    deliver(cycle, 60)
    assert summary(cycle).veredicto == Veredicto.SIN_DATOS
    page = client_logged.get(reverse("exams:clinical", args=[cycle.paciente_id])).content.decode()
    assert "Equipo entregado el 06/03/2026" in page


def test_the_dashboard_counts_the_verdict_from_therapy_start(client_logged, cycle):
    deliver(cycle, 60)
    import_nights(cycle, {range(60, 80): POOR, range(80, 240): GOOD})
    response = client_logged.get(reverse("dashboard:index"))
    counts = {row["value"]: row["total"] for row in response.context["verdicts"]}
    assert counts[Veredicto.CUMPLE] == 1 and counts[Veredicto.NO_CUMPLE] == 0


def test_a_delivery_date_corrected_in_the_admin_moves_the_start(client_logged, cycle):
    from exams.tests.factories import record_data

    record = deliver(cycle, 20)
    import_nights(cycle, {range(100, 240): GOOD})
    assert summary(cycle).veredicto == Veredicto.NO_CUMPLE
    url = reverse("admin:exams_equipomedico_change", args=[record.pk])
    data = {**record_data("equipo_medico"), "fecha_atencion": day(95).isoformat(), "_save": "Guardar"}
    assert client_logged.post(url, data).status_code == 302
    assert (summary(cycle).inicio_terapia, summary(cycle).veredicto) == (day(95), Veredicto.CUMPLE)
