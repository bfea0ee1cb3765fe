"""Each state of an item at the edges of its window (SPEC §10). Dates are relative to today."""

import datetime

from dateutil.relativedelta import relativedelta

from careplan.choices import EstadoItem, NoAplica
from careplan.models import ItemProtocolo, VersionProtocolo
from careplan.services import refresh_plans, stale_plans
from careplan.tests.helpers import DAY, item, psychology_on
from exams.services import update_record, void_record
from patients import services as patient_services
from patients.choices import EstadoIngreso, MotivoCierre, Programa
from patients.models import today
from patients.tests.dates import months_ago
from patients.tests.factories import PatientFactory


def _cycle(months: int = 8):
    return PatientFactory(cycle=months_ago(months)).ingresos.get()


def test_a_month_item_is_due_on_start_plus_n_months_with_its_tolerance(db):
    ingreso = _cycle()
    six = item(ingreso, "psicologia", mes=6)
    due = ingreso.fecha_inicio + relativedelta(months=6)
    assert six.fecha_objetivo == due
    assert (six.ventana_inicio, six.ventana_fin) == (due - 15 * DAY, due + 15 * DAY)
    by_day = item(ingreso, "titulacion", dia=60)
    assert (by_day.ventana_inicio, by_day.ventana_fin) == (
        ingreso.fecha_inicio,
        ingreso.fecha_inicio + 60 * DAY,
    )


def test_state_by_date_at_the_edges_of_the_window(db):
    line = item(_cycle(), "psicologia", mes=6)
    assert line.estado_on(line.ventana_inicio - DAY) == EstadoItem.PROXIMO
    assert line.estado_on(line.ventana_inicio) == EstadoItem.PENDIENTE
    assert line.estado_on(line.ventana_fin) == EstadoItem.PENDIENTE
    assert line.estado_on(line.ventana_fin + DAY) == EstadoItem.VENCIDO
    assert line.dias_vencido_on(line.ventana_fin + 3 * DAY) == 3


def test_a_record_on_the_first_day_of_the_window_fulfils_it(db):
    ingreso = _cycle()
    window = item(ingreso, "psicologia", mes=1)
    psychology_on(ingreso, window.ventana_inicio)
    done = item(ingreso, "psicologia", mes=1)
    assert done.cumplido_el == window.ventana_inicio
    assert done.estado_on(today()) == EstadoItem.CUMPLIDO
    assert not done.abierto


def test_a_record_on_the_last_day_of_the_window_fulfils_it(db):
    ingreso = _cycle()
    window = item(ingreso, "psicologia", mes=1)
    psychology_on(ingreso, window.ventana_fin)
    assert item(ingreso, "psicologia", mes=1).cumplido_el == window.ventana_fin


def test_a_record_one_day_outside_the_window_does_not(db):
    ingreso = _cycle()
    window = item(ingreso, "psicologia", mes=1)
    psychology_on(ingreso, window.ventana_inicio - DAY)
    psychology_on(ingreso, window.ventana_fin + DAY)
    line = item(ingreso, "psicologia", mes=1)
    assert line.cumplido_el is None
    assert line.estado_on(today()) == EstadoItem.VENCIDO
    assert line.abierto


def test_voiding_the_record_makes_the_item_due_again(db):
    ingreso = _cycle()
    window = item(ingreso, "psicologia", mes=1)
    record = psychology_on(ingreso, window.ventana_fin)
    void_record(record, "Registrado en el paciente equivocado")
    line = item(ingreso, "psicologia", mes=1)
    assert line.cumplido_el is None
    assert line.estado_on(today()) == EstadoItem.VENCIDO


def test_moving_the_record_out_of_the_window_makes_it_due_again(db):
    ingreso = _cycle()
    window = item(ingreso, "psicologia", mes=1)
    record = psychology_on(ingreso, window.ventana_fin)
    record.fecha_atencion = window.ventana_fin + DAY
    update_record(record)
    assert item(ingreso, "psicologia", mes=1).cumplido_el is None


def test_a_suspension_during_the_window_excuses_the_item_and_moves_nothing(db):
    ingreso = _cycle(months=8)
    six = item(ingreso, "psicologia", mes=6)
    patient_services.change_cycle_state(
        ingreso.pk, EstadoIngreso.SUSPENDIDO, six.ventana_inicio, "Sin equipo"
    )
    patient_services.change_cycle_state(ingreso.pk, EstadoIngreso.ACTIVO, six.ventana_fin, "")
    excused = item(ingreso, "psicologia", mes=6)
    assert excused.no_aplica == NoAplica.SUSPENDIDO
    assert excused.estado_on(today()) == EstadoItem.NO_APLICA
    assert (excused.ventana_inicio, excused.ventana_fin) == (six.ventana_inicio, six.ventana_fin)
    assert not excused.abierto
    before = item(ingreso, "psicologia", mes=1)
    assert before.no_aplica == NoAplica.NINGUNO and before.abierto
    assert item(ingreso, "psicologia", mes=12).no_aplica == NoAplica.NINGUNO


def test_a_suspension_that_ends_the_day_the_window_opens_excuses_nothing(db):
    ingreso = _cycle(months=8)
    six = item(ingreso, "psicologia", mes=6)
    start = six.ventana_inicio - 10 * DAY
    patient_services.change_cycle_state(ingreso.pk, EstadoIngreso.SUSPENDIDO, start, "Sin equipo")
    patient_services.change_cycle_state(ingreso.pk, EstadoIngreso.ACTIVO, six.ventana_inicio, "")
    assert item(ingreso, "psicologia", mes=6).no_aplica == NoAplica.NINGUNO


def test_a_suspended_cycle_leaves_the_worklist_and_a_record_done_before_still_counts(db):
    ingreso = _cycle(months=8)
    one = item(ingreso, "psicologia", mes=1)
    psychology_on(ingreso, one.ventana_inicio)
    patient_services.change_cycle_state(ingreso.pk, EstadoIngreso.SUSPENDIDO, one.ventana_inicio, "Viaje")
    assert item(ingreso, "psicologia", mes=1).estado_on(today()) == EstadoItem.CUMPLIDO
    assert not ingreso.plan.filter(abierto=True).exists()


def test_closing_the_cycle_excuses_the_windows_not_closed_by_then(db):
    ingreso = _cycle(months=8)
    six = item(ingreso, "psicologia", mes=6)
    end = six.ventana_inicio - DAY
    patient_services.change_cycle_state(
        ingreso.pk, EstadoIngreso.TERMINADO, end, MotivoCierre.EGRESO_ANTICIPADO
    )
    assert item(ingreso, "psicologia", mes=6).no_aplica == NoAplica.CERRADO
    assert item(ingreso, "psicologia", mes=6).estado_on(today()) == EstadoItem.NO_APLICA
    assert item(ingreso, "psicologia", mes=1).estado_on(today()) == EstadoItem.VENCIDO
    assert not ingreso.plan.filter(abierto=True).exists()


def test_a_protocol_edited_after_the_cycle_started_does_not_change_its_plan(db):
    running = _cycle(months=3)
    before = {(line.item_id, line.ventana_fin) for line in running.plan.all()}
    version = VersionProtocolo.objects.create(
        programa=Programa.AOS, vigente_desde=today(), nota="Menos controles"
    )
    ItemProtocolo.objects.create(
        version=version,
        tipo="psicologia",
        mes=2,
        tolerancia_antes=5,
        tolerancia_despues=5,
        etiqueta="Psicología 2",
    )
    refresh_plans()
    assert {(line.item_id, line.ventana_fin) for line in running.plan.all()} == before
    newcomer = PatientFactory(cycle=today()).ingresos.get()
    assert list(newcomer.plan.values_list("item__etiqueta", flat=True)) == ["Psicología 2"]
    assert stale_plans() == []


def test_a_record_before_the_window_of_a_by_day_item_does_not_count(db):
    ingreso = _cycle(months=3)
    assert item(ingreso, "basal", dia=30).ventana_inicio == ingreso.fecha_inicio


def test_program_change_swaps_the_plan_for_the_new_program(db):
    patient = PatientFactory(cycle=months_ago(2))
    patient.programa = Programa.INSOMNIO
    patient_services.update_patient(patient, None)
    ingreso = patient.ingresos.get()
    assert ingreso.plan.count() == 18
    assert set(ingreso.plan.values_list("programa", flat=True)) == {Programa.INSOMNIO}


def test_moving_the_cycle_start_moves_the_windows(db):
    patient = PatientFactory(cycle=months_ago(2))
    ingreso = patient.ingresos.get()
    new_start = ingreso.fecha_inicio - datetime.timedelta(days=7)
    patient_services.update_patient(patient, new_start)
    assert item(ingreso, "psicologia", mes=1).fecha_objetivo == new_start + relativedelta(months=1)
