"""django-migration-linter over every app of this repository, with the project's options.

It reads the SQL each migration produces on the suite's database (SQLite or PostgreSQL) and
flags operations that lock or break a live table (CREATE INDEX without CONCURRENTLY, NOT NULL
without a default, column drops and renames, RunPython without a reverse, ...). Warnings count
as errors; the accepted exceptions are listed, with their reason, in
``settings.MIGRATION_LINTER_OPTIONS`` and docs/migrations.md.
"""

import pytest
from django.conf import settings
from django.db import connection
from django_migration_linter import MigrationLinter

from datamed.tests import migration_graph as graph


@pytest.mark.django_db(transaction=True)  # sqlmigrate on SQLite cannot run inside a transaction
def test_project_migrations_pass_the_linter(capsys):
    linter = MigrationLinter(**settings.MIGRATION_LINTER_OPTIONS, include_apps=graph.project_apps())
    linter.lint_all_migrations()
    report = capsys.readouterr().out
    assert linter.nb_total > 0
    assert not linter.has_errors, report


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="the lock it reports exists on PostgreSQL only")
def test_the_linter_flags_a_locking_migration(capsys):
    """The options do not silence the linter: without the documented exception, the plain
    CREATE INDEX of exams 0003 is flagged."""
    options = {**settings.MIGRATION_LINTER_OPTIONS, "ignore_name": []}
    linter = MigrationLinter(**options, include_apps=["exams"])
    linter.lint_all_migrations(app_label="exams", migration_name="0003")
    capsys.readouterr()
    assert linter.has_errors
