"""``manage.py update_statistics`` gives the query planner the tables' sizes."""

import pytest
from django.core.management import call_command
from django.db import connection

from patients.tests.factories import PatientFactory


@pytest.mark.django_db
def test_statistics_describe_the_tables_after_the_command(capsys):
    PatientFactory.create_batch(3)
    call_command("update_statistics")
    assert "ANALYZE" in capsys.readouterr().out
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("SELECT stat FROM sqlite_stat1 WHERE tbl = 'patients_patient' LIMIT 1")
        else:
            cursor.execute("SELECT reltuples FROM pg_class WHERE relname = 'patients_patient'")
        (figure,) = cursor.fetchone()
    assert float(str(figure).split()[0]) == 3  # SQLite: "3 1"; PostgreSQL: 3.0
