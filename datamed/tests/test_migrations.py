"""Every migration chain rolls back and applies again (SPEC §6), on a database holding demo data.

Apps and migrations are discovered (``migration_graph``), so new ones are tested without
editing this file. Runs on SQLite and, with DATABASE_URL, on PostgreSQL.
"""

from io import StringIO

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from conftest import ensure_groups
from datamed.tests import migration_graph as graph
from patients.models import Patient


def _executor() -> MigrationExecutor:
    return MigrationExecutor(connection)


def _migrate(targets) -> None:
    executor = _executor()
    executor.migrate(targets)


def _migrate_to_latest() -> None:
    executor = _executor()
    executor.migrate(executor.loader.graph.leaf_nodes())


def _app_tables(app: str) -> list[str]:
    return [table for table in connection.introspection.table_names() if table.startswith(f"{app}_")]


@pytest.fixture
def demo_data(transactional_db):
    """The demo data set (patients, cycles, every record type, users in every group), small."""
    ensure_groups()
    call_command("seed_demo", patients=4, stdout=StringIO())
    assert Patient.objects.count() == 4


def test_the_project_apps_are_discovered():
    assert {"patients", "exams", "users"} <= set(graph.project_apps())


@pytest.mark.parametrize("app", graph.project_apps())
def test_app_goes_to_zero_and_back_with_demo_data(app, demo_data):
    """Zero drops the app's tables (and those of the apps that depend on it): the rows go with
    them, which is what zero means. Applying again rebuilds the schema and reruns the data
    migrations. Note: this test leaves a flushed database behind, as every transactional test
    does."""
    _migrate([(app, None)])
    assert _app_tables(app) == []
    _migrate_to_latest()
    assert _executor().migration_plan(_executor().loader.graph.leaf_nodes()) == []
    # Every model's table is back (a model that moved app, as ``legacy.LegacyIdMap``, keeps the
    # table its first app created, so its name need not start with the app's).
    tables = set(connection.introspection.table_names())
    assert {model._meta.db_table for model in django_apps.get_app_config(app).get_models()} <= tables
    assert Group.objects.filter(name="Coordinador").exists()


@pytest.mark.parametrize(("app", "target"), graph.row_keeping_rollbacks())
def test_rolling_back_and_forward_keeps_every_row(app, target, demo_data):
    """`migrate <app> <target>` and back, where no step drops a table or undoes a data
    migration: every table keeps its row count at each step."""
    before = graph.row_counts()
    _migrate([(app, target)])
    during = graph.row_counts()
    assert {table: during[table] for table in before if table in during} == {
        table: before[table] for table in before if table in during
    }
    _migrate_to_latest()
    assert graph.row_counts() == before


def test_the_newest_exams_migration_rolls_back_without_losing_rows():
    """The rollback the deploy guide uses as its example is among those tested above."""
    names = graph.chain("exams")
    assert ("exams", names[-2]) in graph.row_keeping_rollbacks()
