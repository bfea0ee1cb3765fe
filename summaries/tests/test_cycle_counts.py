"""The database's cycle counts equal a recount of the cycles after every kind of write, whatever
the code path (services, queryset updates and deletes, bulk inserts, SQL typed by hand)."""

import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.core.management.commands import flush as django_flush
from django.db import connection
from django.urls import reverse

from patients import counts
from patients import services as cycles
from patients.choices import EntidadSalud, EstadoIngreso, MotivoCierre, Programa
from patients.models import (
    CycleCountByAttention,
    CycleCountByDevice,
    CycleCountByGroup,
    CycleCountByStart,
    CycleCountByUsage,
    Ingreso,
    Patient,
    PatientCountByGroup,
    today,
)
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def _days_ago(days):
    return today() - datetime.timedelta(days=days)


def _active_by_start():
    rows = CycleCountByStart.objects.filter(estado=EstadoIngreso.ACTIVO, total__gt=0)
    return dict(rows.values_list("fecha_inicio", "total"))


def _assert_counts_agree():
    assert counts.differences(connection) == []


def test_admissions_state_changes_and_patient_edits_move_the_counts(coordinator):
    patient = PatientFactory(entidad_salud=EntidadSalud.ECOPETROL, programa=Programa.AOS, cycle=_days_ago(40))
    PatientFactory(entidad_salud=EntidadSalud.ECOPETROL, programa=Programa.AOS, cycle=_days_ago(40))
    active = CycleCountByGroup.objects.filter(estado=EstadoIngreso.ACTIVO)
    assert active.get(entidad_salud=EntidadSalud.ECOPETROL, programa=Programa.AOS).total == 2
    assert _active_by_start() == {_days_ago(40): 2}

    ingreso = patient.ingresos.get()
    cycles.change_cycle_state(ingreso.pk, "SUSPENDIDO", _days_ago(3), "Viaje", user=coordinator)
    assert _active_by_start() == {_days_ago(40): 1}
    cycles.change_cycle_state(
        ingreso.pk, "TERMINADO", _days_ago(1), MotivoCierre.EGRESO_COMPLETO, user=coordinator
    )
    cycles.start_new_cycle(patient, today(), coordinator)
    assert _active_by_start() == {_days_ago(40): 1, today(): 1}

    patient.entidad_salud, patient.programa = EntidadSalud.SANITAS, Programa.INSOMNIO
    cycles.update_patient(patient, user=coordinator)
    assert active.get(entidad_salud=EntidadSalud.SANITAS, programa=Programa.INSOMNIO).total == 1
    assert active.filter(total__gt=0).count() == 2
    assert CycleCountByGroup.objects.get(estado=EstadoIngreso.TERMINADO, total__gt=0).programa == (
        Programa.INSOMNIO
    )
    _assert_counts_agree()


def test_writes_that_skip_the_models_still_count():
    """Queryset updates and deletes, bulk inserts and plain SQL: the triggers see them all."""
    first, second = (PatientFactory(cycle=_days_ago(10)) for _ in range(2))
    Ingreso.objects.update(fecha_inicio=_days_ago(20))
    assert _active_by_start() == {_days_ago(20): 2}
    Ingreso.objects.filter(paciente=first).update(estado=EstadoIngreso.SUSPENDIDO)
    Ingreso.objects.filter(paciente=second).delete()
    assert _active_by_start() == {}
    Ingreso.objects.bulk_create(
        Ingreso(paciente=patient, fecha_inicio=_days_ago(5), estado=EstadoIngreso.ACTIVO)
        for patient in (second, PatientFactory(cycle=False))
    )
    assert _active_by_start() == {_days_ago(5): 2}
    with connection.cursor() as cursor:
        cursor.execute("UPDATE patients_ingreso SET estado = 'TERMINADO', fecha_fin = fecha_inicio")
    assert _active_by_start() == {}
    _assert_counts_agree()


def test_updates_that_move_no_cycle_between_counts_change_nothing(coordinator):
    ingreso = PatientFactory(cycle=_days_ago(30)).ingresos.get()
    before = list(CycleCountByStart.objects.values_list("id", "total"))
    Ingreso.objects.filter(pk=ingreso.pk).update(ultima_atencion=_days_ago(2), fecha_fin=None)
    assert list(CycleCountByStart.objects.values_list("id", "total")) == before


def test_check_command_finds_a_wrong_count_and_refresh_recounts(capsys):
    PatientFactory(cycle=_days_ago(15))
    CycleCountByStart.objects.update(total=7)
    with pytest.raises(CommandError, match="1 conteo"):
        call_command("refresh_cycle_summaries", "--check")
    assert "guardado 7 ≠ recontado 1" in capsys.readouterr().out
    call_command("refresh_cycle_summaries")
    call_command("refresh_cycle_summaries", "--check")
    assert "coinciden" in capsys.readouterr().out
    assert _active_by_start() == {_days_ago(15): 1}


def test_missing_triggers_are_recreated_and_the_counts_rebuilt():
    """What ``migrate`` does after SQLite rebuilt the cycles' table (and dropped its triggers)."""
    PatientFactory(cycle=_days_ago(15))
    counts.drop_cycle_counts(connection)
    PatientFactory(cycle=_days_ago(15))  # not counted: no trigger
    assert _active_by_start() == {_days_ago(15): 1}
    assert counts.ensure_cycle_counts(connection) is True
    assert counts.ensure_cycle_counts(connection) is False
    assert _active_by_start() == {_days_ago(15): 2}
    PatientFactory(cycle=_days_ago(15))
    assert _active_by_start() == {_days_ago(15): 3}
    _assert_counts_agree()


def test_records_move_the_usage_and_attention_counts(coordinator):
    from exams.services import void_record
    from exams.tests.factories import register_monitoring

    ingreso = PatientFactory(cycle=_days_ago(60)).ingresos.get()
    active = {"estado": EstadoIngreso.ACTIVO, "total__gt": 0}
    usage = CycleCountByUsage.objects.filter(**active)
    attention = CycleCountByAttention.objects.filter(**active)
    assert list(usage.values_list("uso_ultimo_monitoreo", flat=True)) == [counts.NEVER_MONITORED]
    assert list(attention.values_list("referencia_atencion", flat=True)) == [_days_ago(60)]

    monitoring = register_monitoring(ingreso, coordinator, days4="85", days_ago=3)
    assert list(usage.values_list("uso_ultimo_monitoreo", flat=True)) == [Decimal("85")]
    assert list(attention.values_list("referencia_atencion", flat=True)) == [_days_ago(3)]

    void_record(monitoring, "Duplicado", coordinator)
    assert list(usage.values_list("uso_ultimo_monitoreo", flat=True)) == [counts.NEVER_MONITORED]
    assert list(attention.values_list("referencia_atencion", flat=True)) == [_days_ago(60)]
    _assert_counts_agree()


def test_patient_counts_follow_new_edited_and_removed_patients(coordinator):
    first = PatientFactory(entidad_salud=EntidadSalud.ECOPETROL, programa=Programa.AOS, cycle=False)
    PatientFactory(entidad_salud=EntidadSalud.ECOPETROL, programa=Programa.AOS, cycle=False)
    first.entidad_salud = EntidadSalud.SANITAS
    cycles.update_patient(first, user=coordinator)
    counted = PatientCountByGroup.objects.filter(total__gt=0)
    assert sorted(counted.values_list("entidad_salud", "programa", "total")) == [
        (EntidadSalud.ECOPETROL, Programa.AOS, 1),
        (EntidadSalud.SANITAS, Programa.AOS, 1),
    ]
    Patient.objects.filter(pk=first.pk).delete()
    assert PatientCountByGroup.objects.total() == 1
    _assert_counts_agree()


def test_unfiltered_lists_take_their_total_from_the_counts(client_logged):
    """The counts, not a COUNT of the rows, give an unfiltered list's total; a filtered one is
    counted. (A count made wrong on purpose shows which one a page read.)"""
    for _ in range(3):
        PatientFactory(cycle=_days_ago(20))
    # Rows that fell to zero stay zero (on SQLite a new cycle passes through the key of its empty
    # copies until the database fills them in).
    PatientCountByGroup.objects.filter(total__gt=0).update(total=7)
    CycleCountByGroup.objects.filter(total__gt=0).update(total=8)
    CycleCountByStart.objects.filter(total__gt=0).update(total=9)

    assert client_logged.get("/api/v1/patients/").json()["count"] == 7
    assert client_logged.get("/api/v1/patients/", {"estado": "ACTIVO"}).json()["count"] == 3
    assert client_logged.get("/api/v1/cycles/").json()["count"] == 8
    assert client_logged.get("/api/v1/cycles/", {"estado": "ACTIVO"}).json()["count"] == 3
    assert client_logged.get(reverse("patients:follow")).context["page"].paginator.count == 7
    assert client_logged.get(reverse("patients:follow"), {"q": "a"}).context["page"].paginator.count == 3
    assert client_logged.get(reverse("patients:list")).context["page"].paginator.count == 9


def test_device_nights_and_verdicts_move_the_device_counts():
    from therapy import services as therapy
    from therapy.synthetic import Night, str_edf

    ingreso = PatientFactory(cycle=_days_ago(60)).ingresos.get()
    device = CycleCountByDevice.objects.filter(estado=EstadoIngreso.ACTIVO, total__gt=0)

    def keys():
        return list(device.values_list("veredicto_equipo", "ultima_noche_equipo", "total"))

    assert keys() == [("SIN_DATOS", counts.NO_DEVICE_NIGHT, 1)]
    therapy.import_device_file(ingreso, "STR.edf", str_edf(ingreso.fecha_inicio, [Night(300)] * 40))
    ingreso.refresh_from_db()
    assert keys() == [(ingreso.veredicto_equipo, ingreso.ultima_noche_equipo, 1)]
    assert ingreso.ultima_noche_equipo is not None and ingreso.veredicto_equipo != "SIN_DATOS"
    _assert_counts_agree()


def _count_tables_emptied_first(monkeypatch):
    """Make ``flush`` empty the count tables first, then the clinical records, then the cycles
    and patients: one of the orders Django's SQLite flush may take (it follows a set's order)."""
    django_table_names = connection.introspection.django_table_names
    kept = [table.name for table in counts.COUNT_TABLES]

    def ordered(*args, **kwargs):
        others = [name for name in django_table_names(*args, **kwargs) if name not in kept]
        sources = [name for name in others if name in counts.SOURCES]
        rest = [name for name in others if name not in counts.SOURCES]
        return kept + rest + sources

    monkeypatch.setattr(connection.introspection, "django_table_names", ordered)


def _one_monitored_and_one_never_monitored_cycle(user):
    from exams.tests.factories import register_monitoring

    monitored = PatientFactory(cycle=_days_ago(40)).ingresos.get()
    PatientFactory(cycle=_days_ago(40))
    register_monitoring(monitored, user, days4="80", days_ago=3)


def _nonzero_counts() -> int:
    found = 0
    with connection.cursor() as cursor:
        for table in counts.COUNT_TABLES:
            cursor.execute(f"SELECT COUNT(*) FROM {table.name} WHERE total <> 0")  # noqa: S608 (constant names)
            found += cursor.fetchone()[0]
    return found


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL empties every table in one TRUNCATE")
def test_djangos_own_flush_can_leave_negative_counts_on_sqlite(coordinator, monkeypatch):
    """Why the project's ``flush`` recounts: emptied first, a count table collects the
    subtractions of the cycles deleted after it."""
    _one_monitored_and_one_never_monitored_cycle(coordinator)
    _count_tables_emptied_first(monkeypatch)

    call_command(django_flush.Command(), interactive=False, verbosity=0)

    assert _nonzero_counts() > 0


@pytest.mark.django_db(transaction=True)
def test_flush_leaves_the_counts_equal_to_a_recount_whatever_its_order(coordinator, monkeypatch):
    _one_monitored_and_one_never_monitored_cycle(coordinator)
    _count_tables_emptied_first(monkeypatch)

    call_command("flush", interactive=False, verbosity=0)

    assert _nonzero_counts() == 0
    PatientFactory(cycle=_days_ago(10))
    assert CycleCountByUsage.objects.get(estado=EstadoIngreso.ACTIVO, uso_ultimo_monitoreo=-1).total == 1
    _assert_counts_agree()
