"""The cycle's summaries stay equal to their recomputation whatever writes the rows: the ORM
without the services (``create``, ``update()``, ``delete()``, ``bulk_create``) and SQL typed by
hand, on the attention log, monitorings (voided too), device summaries, rules and patients.
Dates are counted back from today, with room on both sides: valid on any day."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from dashboard import selectors as dashboard
from exams.models import Monitoreo, Seguimiento
from patients import counts
from patients.choices import EntidadSalud, EstadoIngreso, Programa
from patients.models import Ingreso, Patient, today
from patients.tests.factories import PatientFactory
from summaries.selectors import stale_cycle_summaries
from therapy.models import ReglaAdherencia, ResumenAdherencia

pytestmark = pytest.mark.django_db


def _days_ago(days: int) -> datetime.date:
    return today() - datetime.timedelta(days=days)


def _assert_all_agree() -> None:
    assert list(stale_cycle_summaries()) == []
    assert counts.differences(connection) == []


def _summary(ingreso: Ingreso) -> tuple:
    ingreso.refresh_from_db()
    return ingreso.ultima_atencion, ingreso.uso_ultimo_monitoreo


def _overdue_ids() -> set[int]:
    listed = set(dashboard.cycles_without_recent_attention().values_list("id", flat=True))
    assert dashboard.count_without_recent_attention() == len(listed)
    return listed


def _monitoring(ingreso: Ingreso, days_ago: int, usage: str) -> Monitoreo:
    return Monitoreo.objects.create(
        ingreso=ingreso,
        fecha_atencion=_days_ago(days_ago),
        uso_diario=Decimal("90"),
        dias_uso_horas_4=Decimal(usage),
        horas_uso_diario=Decimal("6"),
        hipopnea_residual=Decimal("4"),
        modo_ventilatorio="CPAP",
        presion_ipap=Decimal("10"),
        mascara_cpap="NASAL",
        tamano_mascara="MEDIUM",
    )


def _execute(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


@pytest.fixture
def ingreso():
    return PatientFactory(
        entidad_salud=EntidadSalud.ECOPETROL, programa=Programa.AOS, cycle=_days_ago(40)
    ).ingresos.get()


def test_attention_log_lines_written_around_the_services_move_the_last_attention(ingreso):
    assert ingreso.pk in _overdue_ids()  # started 40 days ago, never attended
    line = Seguimiento.objects.create(
        ingreso=ingreso, fecha_atencion=_days_ago(2), tipo_servicio="Psicologia"
    )
    assert _summary(ingreso)[0] == _days_ago(2)
    assert ingreso.pk not in _overdue_ids()  # just seen: off the "sin atención" list
    _assert_all_agree()

    Seguimiento.objects.filter(pk=line.pk).update(fecha_atencion=_days_ago(20))
    assert _summary(ingreso)[0] == _days_ago(20) and ingreso.pk in _overdue_ids()
    Seguimiento.objects.bulk_create(
        [
            Seguimiento(ingreso=ingreso, fecha_atencion=_days_ago(days), tipo_servicio="Nutricion")
            for days in (9, 1)
        ]
    )
    assert _summary(ingreso)[0] == _days_ago(1)
    Seguimiento.objects.filter(ingreso=ingreso, fecha_atencion=_days_ago(1)).update(anulado=True)
    assert _summary(ingreso)[0] == _days_ago(9)
    Seguimiento.objects.filter(ingreso=ingreso, anulado=False).delete()
    assert _summary(ingreso)[0] is None and ingreso.pk in _overdue_ids()
    _assert_all_agree()

    _execute(
        "INSERT INTO exams_seguimiento (ingreso_id, fecha_atencion, tipo_servicio, anulado, created_at) "
        "VALUES (%s, %s, %s, %s, %s)",
        [
            ingreso.pk,
            _days_ago(3).isoformat(),
            "Neumologia",
            False,
            connection.ops.adapt_datetimefield_value(timezone.now()),
        ],
    )
    assert _summary(ingreso)[0] == _days_ago(3) and ingreso.pk not in _overdue_ids()
    _execute("UPDATE exams_seguimiento SET anulado = %s WHERE ingreso_id = %s", [True, ingreso.pk])
    assert _summary(ingreso)[0] is None and ingreso.pk in _overdue_ids()
    _execute("UPDATE exams_seguimiento SET anulado = %s WHERE ingreso_id = %s", [False, ingreso.pk])
    assert _summary(ingreso)[0] == _days_ago(1)
    _execute("DELETE FROM exams_seguimiento WHERE fecha_atencion = %s", [_days_ago(1).isoformat()])
    assert _summary(ingreso)[0] == _days_ago(3)
    _assert_all_agree()
    call_command("refresh_cycle_summaries", "--check")


def test_monitorings_written_and_voided_around_the_services_move_the_latest_usage(ingreso):
    older = _monitoring(ingreso, 30, "55")
    latest = _monitoring(ingreso, 5, "85")
    assert _summary(ingreso)[1] == Decimal("85")
    Monitoreo.objects.filter(pk=latest.pk).update(anulado=True)  # voided without the service
    assert _summary(ingreso)[1] == Decimal("55")
    Monitoreo.objects.filter(pk=older.pk).update(dias_uso_horas_4=Decimal("65"), fecha_atencion=_days_ago(1))
    assert _summary(ingreso)[1] == Decimal("65")
    _assert_all_agree()

    _execute("UPDATE exams_monitoreo SET anulado = %s WHERE id = %s", [False, latest.pk])
    _execute(
        "UPDATE exams_monitoreo SET fecha_atencion = %s WHERE id = %s", [_days_ago(0).isoformat(), latest.pk]
    )
    assert _summary(ingreso)[1] == Decimal("85")
    _execute("UPDATE exams_monitoreo SET anulado = %s", [True])
    assert _summary(ingreso)[1] is None
    _assert_all_agree()
    call_command("refresh_cycle_summaries", "--check")


def test_device_summaries_written_around_the_services_move_the_cycles_copy(ingreso):
    figures = {
        "horas_noche": Decimal("4"),
        "porcentaje_noches": Decimal("70"),
        "ventana_noches": 30,
        "noches_requeridas": 21,
        "dias_iniciales": 90,
    }
    ResumenAdherencia.objects.create(
        ingreso=ingreso, veredicto="NO_CUMPLE", ultima_noche=_days_ago(4), **figures
    )
    ingreso.refresh_from_db()
    assert (ingreso.veredicto_equipo, ingreso.ultima_noche_equipo) == ("NO_CUMPLE", _days_ago(4))
    _execute(
        "UPDATE therapy_resumenadherencia SET veredicto = %s WHERE ingreso_id = %s", ["CUMPLE", ingreso.pk]
    )
    ingreso.refresh_from_db()
    assert ingreso.veredicto_equipo == "CUMPLE"
    _assert_all_agree()
    ResumenAdherencia.objects.filter(ingreso=ingreso).delete()
    ingreso.refresh_from_db()
    assert (ingreso.veredicto_equipo, ingreso.ultima_noche_equipo) == ("SIN_DATOS", None)
    _assert_all_agree()


def test_patient_edits_and_rule_changes_around_the_services_move_the_copies(ingreso):
    patient = ingreso.paciente
    ReglaAdherencia.objects.update_or_create(
        entidad_salud=EntidadSalud.SANITAS, defaults={"porcentaje_noches": Decimal("80")}
    )
    Patient.objects.filter(pk=patient.pk).update(entidad_salud=EntidadSalud.SANITAS, apellido="Zárate")
    ingreso.refresh_from_db()
    assert (ingreso.entidad_salud, ingreso.apellido, ingreso.umbral_adherencia) == (
        EntidadSalud.SANITAS,
        "Zárate",
        Decimal("80"),
    )
    _assert_all_agree()

    ReglaAdherencia.objects.filter(entidad_salud=EntidadSalud.ECOPETROL).delete()
    _execute(
        "UPDATE patients_patient SET programa = %s, nombre = %s, entidad_salud = %s WHERE id = %s",
        [Programa.INSOMNIO, "Ángela", EntidadSalud.ECOPETROL, patient.pk],
    )
    ingreso.refresh_from_db()
    assert (ingreso.programa, ingreso.nombre, ingreso.entidad_salud) == (
        Programa.INSOMNIO,
        "Ángela",
        EntidadSalud.ECOPETROL,
    )
    assert ingreso.umbral_adherencia == Decimal("70")  # no rule of its own: the default
    _execute(
        "INSERT INTO therapy_reglaadherencia "
        "(entidad_salud, horas_noche, porcentaje_noches, ventana_noches, dias_iniciales) VALUES (%s, 5, 90, 30, 90)",
        [EntidadSalud.ECOPETROL],
    )
    ingreso.refresh_from_db()
    assert ingreso.umbral_adherencia == Decimal("90")
    ReglaAdherencia.objects.filter(entidad_salud=EntidadSalud.ECOPETROL).update(
        porcentaje_noches=Decimal("60")
    )
    ingreso.refresh_from_db()
    assert ingreso.umbral_adherencia == Decimal("60")
    ReglaAdherencia.objects.filter(entidad_salud=EntidadSalud.ECOPETROL).delete()
    ingreso.refresh_from_db()
    assert ingreso.umbral_adherencia == Decimal("70")
    _assert_all_agree()
    call_command("refresh_cycle_summaries", "--check")


def test_cycles_inserted_without_their_copies_get_them(ingreso):
    patient = PatientFactory(entidad_salud=EntidadSalud.SANITAS, apellido="Ortiz", cycle=False)
    (cycle,) = Ingreso.objects.bulk_create([Ingreso(paciente=patient, fecha_inicio=_days_ago(20))])
    cycle.refresh_from_db()
    assert (cycle.entidad_salud, cycle.apellido, cycle.nombre) == (
        EntidadSalud.SANITAS,
        "Ortiz",
        patient.nombre,
    )
    other = PatientFactory(cycle=False)
    _execute(
        "INSERT INTO patients_ingreso (paciente_id, fecha_inicio, estado, motivo, motivo_cierre, created_at, "
        "entidad_salud, programa) VALUES (%s, %s, %s, '', '', %s, '', '')",
        [
            other.pk,
            _days_ago(30).isoformat(),
            EstadoIngreso.ACTIVO,
            connection.ops.adapt_datetimefield_value(timezone.now()),
        ],
    )
    inserted = Ingreso.objects.get(paciente=other)
    assert (inserted.entidad_salud, inserted.apellido) == (other.entidad_salud, other.apellido)
    assert inserted.pk in _overdue_ids()
    # A cycle moved to another patient takes that patient's copies.
    Ingreso.objects.filter(pk=inserted.pk).update(estado=EstadoIngreso.TERMINADO, fecha_fin=today())
    Ingreso.objects.filter(pk=inserted.pk).update(paciente=patient)
    inserted.refresh_from_db()
    assert (inserted.entidad_salud, inserted.apellido) == (EntidadSalud.SANITAS, "Ortiz")
    _assert_all_agree()
    call_command("refresh_cycle_summaries", "--check")


def test_the_check_still_finds_and_repairs_what_a_write_without_triggers_left(ingreso, capsys):
    """Writing the summary columns themselves is the one way around the triggers (as SQL run
    with the triggers dropped would be): ``--check`` finds it, the command repairs it."""
    _monitoring(ingreso, 3, "75")
    Ingreso.objects.filter(pk=ingreso.pk).update(
        uso_ultimo_monitoreo=Decimal("10"), umbral_adherencia=Decimal("1")
    )
    with pytest.raises(Exception, match="1 ciclo"):
        call_command("refresh_cycle_summaries", "--check")
    call_command("refresh_cycle_summaries")
    call_command("refresh_cycle_summaries", "--check")
    assert _summary(ingreso)[1] == Decimal("75")
    _assert_all_agree()


def test_saving_a_cycle_read_before_a_record_keeps_the_summaries(ingreso):
    stale = Ingreso.objects.get(pk=ingreso.pk)
    _monitoring(ingreso, 2, "88")
    Seguimiento.objects.create(ingreso=ingreso, fecha_atencion=_days_ago(2), tipo_servicio="Monitoreo")
    stale.motivo = "Cambio de turno"
    stale.save()
    assert _summary(ingreso) == (_days_ago(2), Decimal("88"))
    assert ingreso.motivo == "Cambio de turno"
    _assert_all_agree()


def test_a_new_default_share_reaches_the_triggers_at_the_next_migrate(ingreso, settings):
    """What ``post_migrate`` does after ``DATAMED_ADHERENCE_THRESHOLD_PCT`` changed: the triggers
    are recreated with the new default and every cycle recomputed (the test's transaction
    undoes it all)."""
    from summaries import triggers as summaries

    ReglaAdherencia.objects.filter(entidad_salud=EntidadSalud.ECOPETROL).delete()
    assert summaries.ensure_cycle_summaries(connection) is False
    settings.DATAMED_ADHERENCE_THRESHOLD_PCT = 65
    assert summaries.ensure_cycle_summaries(connection) is True
    assert summaries.ensure_cycle_summaries(connection) is False
    ingreso.refresh_from_db()
    assert ingreso.umbral_adherencia == Decimal("65")
    newcomer = PatientFactory(entidad_salud=EntidadSalud.ECOPETROL, cycle=_days_ago(1)).ingresos.get()
    assert newcomer.umbral_adherencia == Decimal("65")
    _assert_all_agree()
