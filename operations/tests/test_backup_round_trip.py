"""backup → new migrated database → restore gives back every row of every table."""

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections

from operations.backup import choose_method, create_backup, restore_backup, tool_major_version
from operations.tests.conftest import table_rows
from patients.counts import COUNT_TABLES, differences


def test_restore_gives_back_every_row(demo_data, scratch_database, tmp_path):
    archive = create_backup(tmp_path)
    target = scratch_database()

    manifest = restore_backup(archive, using=target)

    assert manifest["method"] == choose_method(connection)
    assert table_rows(target) == table_rows()


@pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump exists for PostgreSQL only")
def test_postgresql_backup_uses_pg_dump_when_it_matches_the_server(transactional_db):
    connection.ensure_connection()
    matches = tool_major_version("pg_dump") == connection.pg_version // 10000
    assert choose_method(connection) == ("pg_dump" if matches else "serialized")


def test_serialized_backup_gives_back_every_row(demo_data, scratch_database, tmp_path):
    """The fallback when pg_dump is missing or of another version (works on any engine)."""
    Group.objects.create(name="Grupo de la copia")  # whatever earlier tests left in the table
    # The source's counts are exact too, whatever the tests before this one flushed.
    assert differences(connection) == []
    archive = create_backup(tmp_path, method="serialized")
    target = scratch_database()

    restore_backup(archive, using=target)

    # The count tables are not in the archive: the restore recounts them from the loaded rows
    # (``operations.serialization.load``), so they are checked against a recount of the restored
    # data, and every other table row by row.
    counted = {table.name for table in COUNT_TABLES}
    restored, original = table_rows(target), table_rows()
    assert {t: rows for t, rows in restored.items() if t not in counted} == {
        t: rows for t, rows in original.items() if t not in counted
    }
    assert differences(connections[target]) == []
    # Rows are loaded with their ids: the sequences were moved past them (PostgreSQL).
    restored_ids = list(Group.objects.using(target).values_list("pk", flat=True))
    created = Group.objects.using(target).create(name="Grupo creado tras restaurar")
    assert created.pk > max(restored_ids)


def test_a_pg_dump_of_another_version_falls_back_to_serialization(monkeypatch, transactional_db):
    monkeypatch.setattr("operations.backup.tool_major_version", lambda tool: 1)
    assert choose_method(connection) == ("sqlite" if connection.vendor == "sqlite" else "serialized")
