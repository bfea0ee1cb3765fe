"""SQLite in write-ahead-log mode (the settings' default): the rows committed but still only in
the ``-wal`` file are in the backup, the archive holds one self-contained database file, and a
restore into a WAL database leaves it in WAL mode with every row visible to other connections
(another gunicorn worker)."""

import sqlite3
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth.models import Group
from django.db import connection, connections

from operations.backup import create_backup, opened_archive, restore_backup

pytestmark = pytest.mark.skipif(connection.vendor != "sqlite", reason="the write-ahead log is SQLite's")


def _file(alias: str) -> Path:
    return Path(connections[alias].settings_dict["NAME"])


def _pragma(alias: str, name: str):
    with connections[alias].cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


@pytest.fixture
def source(scratch_database):
    """A migrated file database whose latest rows live in its -wal file only (no checkpoint)."""
    alias = scratch_database()
    assert _pragma(alias, "journal_mode") == "wal"
    _pragma(alias, "wal_checkpoint(TRUNCATE)")
    _pragma(alias, "wal_autocheckpoint = 0")
    for number in range(20):
        Group.objects.using(alias).create(name=f"Grupo en el registro {number}")
    assert Path(f"{_file(alias)}-wal").stat().st_size > 0
    return alias


def _names(alias: str) -> set[str]:
    return set(Group.objects.using(alias).values_list("name", flat=True))


def test_the_backup_holds_what_only_the_wal_file_has(source, tmp_path):
    archive = create_backup(tmp_path / "copias", using=source)

    with tarfile.open(archive) as tar:
        assert sorted(tar.getnames()) == ["database.sqlite3", "manifest.json"]  # no -wal, no -shm
    with opened_archive(archive) as opened:
        copy = sqlite3.connect(opened.payload)
        try:
            assert copy.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            names = {row[0] for row in copy.execute("SELECT name FROM auth_group")}
        finally:
            copy.close()
    assert names == _names(source)
    assert "Grupo en el registro 19" in names


def test_a_restore_into_a_wal_database_stays_wal_and_other_connections_see_it(
    source, scratch_database, tmp_path
):
    archive = create_backup(tmp_path / "copias", using=source)
    target = scratch_database()
    worker = sqlite3.connect(_file(target))  # another process's connection, open during the restore
    try:
        assert worker.execute("SELECT COUNT(*) FROM auth_group").fetchone()[0] == len(_names(target))

        restore_backup(archive, using=target)

        assert _pragma(target, "journal_mode") == "wal"
        assert _pragma(target, "integrity_check") == "ok"
        assert {row[0] for row in worker.execute("SELECT name FROM auth_group")} == _names(source)

        # An archive made before the write-ahead log (rollback journal) restores the same way.
        _pragma(source, "journal_mode = DELETE")
        Group.objects.using(source).create(name="Grupo de una copia antigua")
        older = create_backup(tmp_path / "copias", using=source)
        restore_backup(older, using=target, replace=True)

        assert _pragma(target, "journal_mode") == "wal"
        assert "Grupo de una copia antigua" in {
            row[0] for row in worker.execute("SELECT name FROM auth_group")
        }
    finally:
        worker.close()
