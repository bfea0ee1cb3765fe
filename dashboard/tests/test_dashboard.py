"""/dashboard/: figures computed in SQL, voided records ignored, constant query count."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from exams.models import Psicologia
from exams.services import register_record, void_record
from exams.tests.factories import register_monitoring
from patients.choices import EstadoIngreso
from patients.models import today
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:index")


def _days_ago(days):
    return today() - datetime.timedelta(days=days)


def _months_ago(months):
    index = today().year * 12 + today().month - 1 - months
    return datetime.date(index // 12, index % 12 + 1, 10)


def _psychology(ingreso, user, days_ago):
    return register_record(
        Psicologia(
            fecha_atencion=_days_ago(days_ago),
            inventario_depre_beck=1,
            inventario_ansiedad_beck=1,
            calidad=1,
            cantidad=1,
        ),
        ingreso,
        user,
    )


def _monitoring(ingreso, user, days4, days_ago=0):
    return register_monitoring(ingreso, user, days4=days4, residual="2", days_ago=days_ago)


def test_no_attention_list_oldest_first_with_phones_and_days(client_logged, coordinator):
    recent = PatientFactory(nombre="Reciente", cycle=_days_ago(60))
    _psychology(recent.ingresos.get(), coordinator, days_ago=3)
    stale = PatientFactory(nombre="Olvidada", celular="3109998877", cycle=_days_ago(90))
    _psychology(stale.ingresos.get(), coordinator, days_ago=40)
    PatientFactory(nombre="Nueva", cycle=_days_ago(5))  # admitted recently: not yet due
    never = PatientFactory(nombre="Nunca", cycle=_days_ago(20))
    response = client_logged.get(URL)
    rows = list(response.context["overdue_page"])
    assert [row.paciente.nombre for row in rows] == ["Olvidada", "Nunca"]
    assert [row.sin_atencion.days for row in rows] == [40, 20]
    body = response.content.decode()
    assert "3109998877" in body and reverse("exams:clinical", args=[never.pk]) in body


def test_boundary_of_the_alert_window(client_logged, coordinator, settings):
    on_edge = PatientFactory(nombre="Quince", cycle=_days_ago(60))
    _psychology(on_edge.ingresos.get(), coordinator, days_ago=15)
    past_edge = PatientFactory(nombre="Dieciseis", cycle=_days_ago(60))
    _psychology(past_edge.ingresos.get(), coordinator, days_ago=16)
    names = [row.paciente.nombre for row in client_logged.get(URL).context["overdue_page"]]
    assert names == ["Dieciseis"]
    settings.DATAMED_NO_ATTENTION_DAYS = 10
    names = [row.paciente.nombre for row in client_logged.get(URL).context["overdue_page"]]
    assert names == ["Dieciseis", "Quince"]


def test_voided_attention_does_not_count(client_logged, coordinator):
    patient = PatientFactory(nombre="Anulada", cycle=_days_ago(60))
    record = _psychology(patient.ingresos.get(), coordinator, days_ago=1)
    void_record(record, "error de digitación", coordinator)
    assert [r.paciente.nombre for r in client_logged.get(URL).context["overdue_page"]] == ["Anulada"]


def test_only_active_cycles_are_listed(client_logged):
    patient = PatientFactory(cycle=_days_ago(60))
    patient.ingresos.update(estado=EstadoIngreso.SUSPENDIDO)
    assert list(client_logged.get(URL).context["overdue_page"]) == []


def test_month_chart_counts_every_month_with_zeros(client_logged):
    PatientFactory(cycle=today())
    PatientFactory(cycle=today())
    PatientFactory(cycle=_months_ago(4))
    PatientFactory(cycle=_months_ago(25))  # past 18: counted in month 18
    closed = PatientFactory(cycle=_months_ago(2))
    closed.ingresos.update(estado=EstadoIngreso.TERMINADO, fecha_fin=today())
    response = client_logged.get(URL)
    expected = [2, 0, 0, 0, 1] + [0] * 12 + [1]
    assert response.context["by_month"] == expected
    assert response.context["chart"]["values"] == expected
    assert len(response.context["chart"]["labels"]) == 18
    assert 'id="by-month-data"' in response.content.decode()
    assert "/static/vendor/chartjs/chart.umd.min.js" in response.content.decode()


def test_adherence_share_uses_the_latest_valid_monitoring(client_logged, coordinator):
    adherent = PatientFactory(cycle=_days_ago(60)).ingresos.get()
    _monitoring(adherent, coordinator, "40", days_ago=10)
    _monitoring(adherent, coordinator, "75", days_ago=1)
    not_adherent = PatientFactory(cycle=_days_ago(60)).ingresos.get()
    _monitoring(not_adherent, coordinator, "90", days_ago=10)
    latest = _monitoring(not_adherent, coordinator, "20", days_ago=1)
    PatientFactory()  # no monitoring: not in the denominator
    adherence = client_logged.get(URL).context["adherence"]
    assert (adherence["adherent"], adherence["monitored"], adherence["share"]) == (1, 2, 50.0)
    void_record(latest, "valor errado", coordinator)
    adherence = client_logged.get(URL).context["adherence"]
    assert (adherence["adherent"], adherence["monitored"], adherence["share"]) == (2, 2, 100.0)


def test_counts_active_past_month_18_and_by_eps_and_program(client_logged):
    PatientFactory(entidad_salud="SANITAS", cycle=_months_ago(19))
    PatientFactory(entidad_salud="ECOPETROL", programa="PROGRAMA INSOMNIO", diagnostico_clinico="G47.0")
    PatientFactory(entidad_salud="ECOPETROL")
    context = client_logged.get(URL).context
    assert context["active_patients"] == 3
    assert context["past_program_end"] == 1
    assert context["by_eps"] == [{"label": "Ecopetrol", "total": 2}, {"label": "Sanitas", "total": 1}]
    assert context["by_program"] == [
        {"label": "Programa AOS", "total": 2},
        {"label": "Programa Insomnio", "total": 1},
    ]


def test_last_admitted(client_logged):
    PatientFactory(nombre="Antes", cycle=_days_ago(9))
    PatientFactory(nombre="Ultima", cycle=_days_ago(1))
    assert client_logged.get(URL).context["last_admitted"].paciente.nombre == "Ultima"


def _count(client):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(URL).status_code == 200
    return len(queries)


def test_query_count_does_not_grow_with_patients(client_logged, coordinator):
    def populate(n):
        for i in range(n):
            ingreso = PatientFactory(cycle=_months_ago(i % 20)).ingresos.get()
            if i % 2:
                _monitoring(ingreso, coordinator, "80" if i % 4 == 1 else "30")

    populate(10)
    small = _count(client_logged)
    populate(490)
    assert _count(client_logged) == small


def test_month_chart_agrees_with_each_cycles_mes_capita_at_the_month_edges(client_logged):
    from patients.capita import first_day_months_before
    from patients.models import Ingreso

    for months in range(0, 20):  # first and last day of each of the last 20 calendar months
        first = first_day_months_before(today(), months)
        PatientFactory(cycle=first)
        PatientFactory(
            cycle=min(today(), first_day_months_before(today(), months - 1) - datetime.timedelta(days=1))
        )
    expected = [0] * 18
    for cycle in Ingreso.objects.active():
        expected[cycle.mes_capita - 1] += 1
    assert client_logged.get(URL).context["by_month"] == expected
    assert expected[16] == 2 and expected[17] == 6
