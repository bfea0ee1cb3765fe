"""The benchmark's concurrent writes (``benchmarks.writes``) against gunicorn as
deployed, at a tiny scale: every write answered 201 and saved once, and the report's table."""

import datetime

import pytest
from django.test import Client

from benchmarks import report, writes
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
        results["a_ritmo"] = writes.measure_at_rate(
            server.port,
            token,
            browser.session.session_key,
            0.5,
            rate=8,
            writers=2,
            log=lambda line: None,
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
    assert all(row["lecturas"]["errores"] == 0 for row in rows if row["lectores"]), [
        row["lecturas"] for row in rows if row["lectores"]
    ]
    table = report.writes_table(results)
    assert "| registrar monitoreo | 2 | 1 |" in table

    random_moments, in_step = results["a_ritmo"]
    assert (random_moments["llegadas"], in_step["llegadas"]) == ("al azar", "a la vez")
    for paced in (random_moments, in_step):
        assert (paced["clientes"], paced["ritmo_pedido"], paced["errores"]) == (2, 8, 0)
        assert paced["peticiones"] == paced["guardadas"] >= 1 and paced["una_fila_por_201"]
        assert paced["lecturas"]["errores"] == paced["lecturas_sin_escrituras"]["errores"] == 0
        assert paced["lecturas_relación_p50"] > 0
    # in step: 2 clients, one save every 0.25 s each for 0.5 s: at most two saves each (fewer if
    # a save outlasts the half second)
    assert 2 <= in_step["peticiones"] <= 4
    table = report.writes_table(results)
    assert "A ritmo: 2 clientes guardan monitoreos a 8 por segundo" in table
    assert "| al azar |" in table and "| a la vez |" in table
