"""Every migration can be rolled back and applied again (SPEC §6), on the suite's database."""

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

PROJECT_APPS = ("users", "exams", "patients")


def _executor() -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    return executor


@pytest.mark.django_db(transaction=True)
def test_project_migrations_go_to_zero_and_back():
    """Note: this test leaves a flushed database behind, as every transactional test does;
    the groups created by the data migration are restored by the forward run."""
    executor = _executor()
    executor.migrate([(app, None) for app in PROJECT_APPS])
    tables = connection.introspection.table_names()
    assert not [t for t in tables if t.startswith(("patients_", "exams_", "users_"))]
    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())
    assert not _executor().migration_plan(executor.loader.graph.leaf_nodes())
    assert "patients_ingreso" in connection.introspection.table_names()
