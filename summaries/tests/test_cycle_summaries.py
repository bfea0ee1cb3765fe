"""The summaries kept on each cycle always equal their recomputation from the records."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from exams.models import Psicologia
from exams.services import register_record, update_record, void_record
from exams.tests.factories import register_monitoring
from patients import counts
from patients import services as cycles
from patients.choices import EntidadSalud, MotivoCierre, Programa
from patients.models import Ingreso, today
from patients.tests.factories import PatientFactory
from summaries.selectors import stale_cycle_summaries
from summaries.services import refresh_cycle_summaries

pytestmark = pytest.mark.django_db


def _days_ago(days):
    return today() - datetime.timedelta(days=days)


def _summary(ingreso):
    ingreso.refresh_from_db()
    return ingreso.ultima_atencion, ingreso.uso_ultimo_monitoreo


def _assert_all_agree():
    assert list(stale_cycle_summaries()) == []
    assert counts.differences(connection) == []


@pytest.fixture
def ingreso():
    return PatientFactory(cycle=_days_ago(90)).ingresos.get()


def test_registering_records_updates_last_attention_and_latest_adherence(ingreso, coordinator):
    assert _summary(ingreso) == (None, None)
    register_monitoring(ingreso, coordinator, days4="55", days_ago=20)
    assert _summary(ingreso) == (_days_ago(20), Decimal("55"))
    register_monitoring(ingreso, coordinator, days4="85", days_ago=5)
    register_record(
        Psicologia(
            fecha_atencion=_days_ago(2),
            inventario_depre_beck=1,
            inventario_ansiedad_beck=1,
            calidad=1,
            cantidad=1,
        ),
        ingreso,
        coordinator,
    )
    assert _summary(ingreso) == (_days_ago(2), Decimal("85"))
    _assert_all_agree()


def test_editing_a_record_moves_the_summaries(ingreso, coordinator):
    older = register_monitoring(ingreso, coordinator, days4="40", days_ago=30)
    register_monitoring(ingreso, coordinator, days4="90", days_ago=10)
    older.fecha_atencion = _days_ago(3)
    update_record(older, coordinator)
    assert _summary(ingreso) == (_days_ago(3), Decimal("40"))
    older.dias_uso_horas_4 = Decimal("75")
    update_record(older, coordinator)
    assert _summary(ingreso) == (_days_ago(3), Decimal("75"))
    _assert_all_agree()


def test_voiding_falls_back_to_the_previous_record_or_nothing(ingreso, coordinator):
    first = register_monitoring(ingreso, coordinator, days4="60", days_ago=15)
    latest = register_monitoring(ingreso, coordinator, days4="95", days_ago=1)
    void_record(latest, "Duplicado", coordinator)
    assert _summary(ingreso) == (_days_ago(15), Decimal("60"))
    void_record(first, "Error de digitación", coordinator)
    assert _summary(ingreso) == (None, None)
    _assert_all_agree()


def test_cycle_transitions_and_patient_edits_keep_every_summary_right(ingreso, coordinator):
    register_monitoring(ingreso, coordinator, days4="70", days_ago=4)
    patient = ingreso.paciente
    cycles.change_cycle_state(ingreso.pk, "SUSPENDIDO", _days_ago(3), "Espera de equipo", user=coordinator)
    cycles.change_cycle_state(ingreso.pk, "ACTIVO", _days_ago(2), "", user=coordinator)
    cycles.change_cycle_state(
        ingreso.pk, "TERMINADO", _days_ago(1), MotivoCierre.EGRESO_COMPLETO, user=coordinator
    )
    new = cycles.start_new_cycle(patient, today(), coordinator)
    assert _summary(new) == (None, None)
    patient.entidad_salud, patient.programa = EntidadSalud.SANITAS, Programa.INSOMNIO
    patient.apellido, patient.nombre = "Zárate Niño", "Ángela"
    cycles.update_patient(patient, user=coordinator)
    copies = Ingreso.objects.filter(paciente=patient).values_list(
        "entidad_salud", "programa", "apellido", "nombre"
    )
    assert set(copies) == {(EntidadSalud.SANITAS, Programa.INSOMNIO, "Zárate Niño", "Ángela")}
    assert _summary(ingreso) == (_days_ago(4), Decimal("70"))
    _assert_all_agree()


def test_check_command_lists_differences_and_refresh_repairs_them(ingreso, coordinator, capsys):
    register_monitoring(ingreso, coordinator, days4="80", days_ago=2)
    Ingreso.objects.filter(pk=ingreso.pk).update(ultima_atencion=None, uso_ultimo_monitoreo=Decimal("10"))
    with pytest.raises(CommandError, match="1 ciclo"):
        call_command("refresh_cycle_summaries", "--check")
    assert f"Ciclo {ingreso.pk}" in capsys.readouterr().out
    call_command("refresh_cycle_summaries")
    call_command("refresh_cycle_summaries", "--check")
    assert "coinciden" in capsys.readouterr().out
    assert _summary(ingreso) == (_days_ago(2), Decimal("80"))


def test_refresh_of_some_cycles_leaves_the_others_alone(coordinator):
    one, other = (PatientFactory(cycle=_days_ago(30)).ingresos.get() for _ in range(2))
    register_monitoring(one, coordinator, days_ago=1)
    register_monitoring(other, coordinator, days_ago=1)
    Ingreso.objects.update(ultima_atencion=None)
    assert refresh_cycle_summaries([one.pk]) == 1
    assert _summary(one)[0] == _days_ago(1) and _summary(other)[0] is None


def _verdict_copy(ingreso):
    ingreso.refresh_from_db()
    return ingreso.veredicto_equipo, ingreso.ultima_noche_equipo


def test_the_cycles_copy_of_its_device_verdict_follows_every_import_and_rule_change(ingreso):
    from therapy import services as therapy
    from therapy.models import ReglaAdherencia
    from therapy.synthetic import Night, str_edf

    assert _verdict_copy(ingreso) == ("SIN_DATOS", None)
    start = ingreso.fecha_inicio
    therapy.import_device_file(ingreso, "STR.edf", str_edf(start, [Night(300)] * 60))
    assert _verdict_copy(ingreso) == ("CUMPLE", start + datetime.timedelta(days=59))
    # Later nights with little use: the latest window no longer meets the rule.
    later = start + datetime.timedelta(days=60)
    therapy.import_device_file(ingreso, "STR.edf", str_edf(later, [Night(30)] * 29))
    assert _verdict_copy(ingreso) == ("EN_RIESGO", later + datetime.timedelta(days=28))
    # The EPS's rule asks for less: every cycle of the EPS is judged again.
    ReglaAdherencia.objects.filter(entidad_salud=ingreso.paciente.entidad_salud).update(
        horas_noche=Decimal("0.4")
    )
    therapy.recompute_summaries()
    assert _verdict_copy(ingreso)[0] == ingreso.resumen_adherencia.veredicto == "CUMPLE"
    _assert_all_agree()
