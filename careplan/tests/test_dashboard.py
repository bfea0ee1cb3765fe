from dateutil.relativedelta import relativedelta
from django.urls import reverse

from careplan import selectors
from careplan.models import ItemPlan
from careplan.tests.helpers import item, psychology_on
from patients.choices import EntidadSalud, Programa
from patients.models import today
from patients.tests.dates import months_ago
from patients.tests.factories import PatientFactory


def test_compliance_counts_the_windows_closed_in_the_last_six_months(db):
    ingreso = PatientFactory(cycle=months_ago(4), entidad_salud=EntidadSalud.SANITAS).ingresos.get()
    psychology_on(ingreso, item(ingreso, "psicologia", mes=1).ventana_fin)
    closed = ingreso.plan.filter(ventana_fin__lt=today()).count()
    (row,) = selectors.compliance()
    assert (row["entidad_salud"], row["programa"]) == (EntidadSalud.SANITAS, Programa.AOS)
    assert (row["cumplidos"], row["cerrados"]) == (1, closed)
    assert row["porcentaje"] == round(100 / closed, 1)


def test_windows_closed_more_than_six_months_ago_are_left_out(db):
    ingreso = PatientFactory(cycle=months_ago(12)).ingresos.get()
    psychology_on(ingreso, item(ingreso, "psicologia", mes=1).ventana_fin)  # closed ~11 months ago
    on = today()
    recent = ingreso.plan.filter(ventana_fin__lt=on, ventana_fin__gte=on - relativedelta(months=6))
    (row,) = selectors.compliance()
    assert (row["cumplidos"], row["cerrados"]) == (0, recent.count())


def test_overdue_items_per_discipline(db):
    PatientFactory(cycle=months_ago(4))
    overdue = selectors.overdue_by_discipline()
    assert overdue["psicologia"] == 1
    assert overdue["nutricion"] == 1
    assert overdue["neumologia"] == 3  # basal, consulta de mes 0, titulación
    assert overdue["terapia-respiratoria"] >= 4


def test_the_dashboard_shows_the_care_plan_figures(client_logged, db):
    PatientFactory(cycle=months_ago(4))
    body = client_logged.get(reverse("dashboard:index")).content.decode()
    assert 'id="care-plan-compliance"' in body
    assert 'data-disciplina="psicologia"' in body


def test_the_counts_follow_every_write_of_the_plans(db):
    from django.db import connection

    from careplan import counts
    from patients import services as patient_services

    ingreso = PatientFactory(cycle=months_ago(7)).ingresos.get()
    record = psychology_on(ingreso, item(ingreso, "psicologia", mes=1).ventana_fin)
    from exams.services import void_record

    void_record(record, "error")
    patient_services.change_cycle_state(ingreso.pk, "SUSPENDIDO", today(), "Sin equipo")
    PatientFactory(cycle=months_ago(3), programa=Programa.INSOMNIO)
    assert counts.differences(connection) == []
    expected = ItemPlan.objects.filter(abierto=True, ventana_fin__lt=today(), disciplina="psicologia").count()
    assert expected >= 1
    assert selectors.overdue_by_discipline()["psicologia"] == expected
