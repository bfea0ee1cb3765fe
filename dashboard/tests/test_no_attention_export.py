"""Export of the dashboard's no-attention list: the same rows as the page, every page of them."""

import datetime

import pytest
from django.urls import reverse

from datamed.tests.downloads import csv_rows, download, queries_for, xlsx_sheets
from exams.tests.factories import register_monitoring
from patients.models import today
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def _days_ago(days):
    return today() - datetime.timedelta(days=days)


def _url(fmt):
    return reverse("dashboard:no_attention_export", args=[fmt])


def test_no_attention_export_lists_the_patients_to_call_oldest_first(client_logged, coordinator):
    recent = PatientFactory(nombre="Reciente", cycle=_days_ago(60))
    register_monitoring(recent.ingresos.get(), coordinator, days_ago=3)
    stale = PatientFactory(nombre="Olvidada", celular="3109998877", cycle=_days_ago(90))
    register_monitoring(stale.ingresos.get(), coordinator, days_ago=40)
    PatientFactory(nombre="Nunca", cycle=_days_ago(20))
    _, body = download(client_logged, _url("xlsx"))
    header, *rows = xlsx_sheets(body)["Sin atención"]
    assert header == [
        "Tipo de documento",
        "Documento",
        "Apellidos",
        "Nombres",
        "Celular",
        "Teléfono",
        "Inicio del ciclo",
        "Última atención",
        "Días sin atención",
        "Mes cápita",
    ]
    assert [(r[3], r[4], r[8]) for r in rows] == [("Olvidada", "3109998877", 40), ("Nunca", "3001234567", 20)]
    assert rows[0][7].date() == _days_ago(40) and rows[1][7] is None


def test_more_than_one_page_is_exported_whole(client_logged):
    PatientFactory.create_batch(12, cycle=_days_ago(30))
    _, body = download(client_logged, _url("csv"))
    assert len(csv_rows(body)) == 1 + 12


def test_the_dashboard_offers_the_exports_only_to_those_who_may_export(client, member):
    client.force_login(member("Psicología"))
    page = client.get(reverse("dashboard:index")).content.decode()
    assert _url("xlsx") not in page and "record-exports" not in page
    assert client.get(_url("csv")).status_code == 403
    client.force_login(member("Coordinador"))
    page = client.get(reverse("dashboard:index")).content.decode()
    assert _url("xlsx") in page
    assert reverse("exams:records_export", args=["monitoreo", "csv"]) in page


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_queries_do_not_grow_with_the_rows(client_logged, fmt):
    PatientFactory.create_batch(2, cycle=_days_ago(30))
    few = queries_for(client_logged, _url(fmt))
    PatientFactory.create_batch(25, cycle=_days_ago(30))
    assert queries_for(client_logged, _url(fmt)) == few
