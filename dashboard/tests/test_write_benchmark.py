"""The benchmark's concurrent writes (``dashboard.benchmark.writes``) against gunicorn as
deployed, at a tiny scale: every write answered 201 and saved once, and the report's table."""

import datetime

import pytest
from django.test import Client

from dashboard.benchmark import report, writes
from datamed.tests.gunicorn_server import serving
from patients.models import today
from patients.tests.factories import PatientFactory


@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_are_measured_and_every_201_is_one_row(django_user_model, tmp_path):
    for _ in range(4):
        PatientFactory(cycle=today() - datetime.timedelta(days=10))
    user = django_user_model.objects.create_superuser("benchmark", password="clave-segura-123")
    token = writes.token_of(user)
    browser = Client()
    browser.force_login(user)
    with serving(tmp_path) as (server, alias):
        results = writes.measure(
            server.port,
            token,
            browser.session.session_key,
            0.5,
            log=lambda line: None,
            clients=(1, 2),
            readers=1,
            using=alias,
        )

    rows = results["filas"]
    assert [(row["escritura"], row["clientes"], row["lectores"]) for row in rows] == [
        (write, clients, readers)
        for write in ("registrar monitoreo", "crear paciente")
        for clients in (1, 2)
        for readers in (0, 1)
    ]
    assert all(row["errores"] == 0 and row["peticiones"] > 0 for row in rows), rows
    assert all(row["una_fila_por_201"] and row["guardadas"] == row["peticiones"] for row in rows)
    assert all(row["lecturas"]["errores"] == 0 for row in rows if row["lectores"])
    table = report.writes_table(results)
    assert "| registrar monitoreo | 2 | 1 |" in table
