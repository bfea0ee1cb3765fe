"""Operational guarantees: migrations match models, health check."""

import pytest
from django.core.management import call_command


@pytest.mark.django_db
def test_models_and_migrations_agree():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


@pytest.mark.django_db
def test_healthz_reports_database_and_migrations(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"database": "ok", "pending_migrations": 0}


@pytest.mark.django_db(transaction=True)
def test_healthz_answers_503_while_a_migration_is_pending(client):
    """A deploy that has not migrated yet must not receive traffic. Rolls back the newest
    migration of exams (whichever it is) and applies it again."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    from datamed.tests.migration_graph import chain

    *_, previous, _newest = chain("exams")
    MigrationExecutor(connection).migrate([("exams", previous)])
    try:
        response = client.get("/healthz")
        assert response.status_code == 503
        assert response.json()["database"] == "ok"
        assert response.json()["pending_migrations"] >= 1
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert client.get("/healthz").status_code == 200
