"""The legacy source is opened read-only: the import cannot write to it, whatever happens."""

import io
import sqlite3

import psycopg
import pytest
from django.core.management import call_command
from django.db import connection

from legacy.sample import create_schema, insert
from legacy.source import open_source
from legacy.tests import legacy_source
from patients.models import Patient

pytestmark = pytest.mark.django_db


def test_a_sqlite_source_refuses_writes(tmp_path):
    source = open_source(str(legacy_source.build(tmp_path / "anterior.sqlite3")))
    try:
        with pytest.raises(sqlite3.OperationalError, match="readonly"):
            source.connection.execute("DELETE FROM patients_patient")
    finally:
        source.close()


@pytest.fixture
def postgres_source():
    """The legacy tables in a schema of the test database, reached through their own URL."""
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    settings = connection.settings_dict
    url = f"postgresql://{settings['USER']}@{settings['HOST']}:{settings['PORT']}/{settings['NAME']}"
    with psycopg.connect(url, autocommit=True) as setup:
        setup.execute("DROP SCHEMA IF EXISTS datamed_anterior CASCADE")
        setup.execute("CREATE SCHEMA datamed_anterior")
        setup.execute("SET search_path TO datamed_anterior")
        create_schema(setup)
        for table, rows in legacy_source.ROWS.items():
            insert(setup, table, rows)
    yield f"{url}?options=-csearch_path%3Ddatamed_anterior"
    with psycopg.connect(url, autocommit=True) as teardown:
        teardown.execute("DROP SCHEMA datamed_anterior CASCADE")


def test_a_postgresql_source_is_read_in_a_read_only_transaction(postgres_source):
    source = open_source(postgres_source)
    try:
        with pytest.raises(psycopg.errors.ReadOnlySqlTransaction):
            source.connection.execute("DELETE FROM patients_patient")
    finally:
        source.close()


def test_a_postgresql_source_imports_like_a_sqlite_one(postgres_source):
    out = io.StringIO()
    call_command("import_legacy_datamed", postgres_source, stdout=out)
    assert Patient.objects.count() == 6
    assert "secreto" not in out.getvalue()
    assert (
        "  - polisomnografías basales id 3: sin ciclo y sin nada que identifique al paciente"
        in out.getvalue()
    )
