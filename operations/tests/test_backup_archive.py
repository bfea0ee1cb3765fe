"""What `manage.py backup` writes: one complete archive under its final name, a manifest with
checksum and schema state, and --keep that prunes only this project's oldest archives."""

import hashlib
import io
import json
import tarfile

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

from operations.backup import ARCHIVE_NAME, MANIFEST, choose_method


def _backup(*args: str) -> str:
    out = io.StringIO()
    call_command("backup", *args, stdout=out)
    return out.getvalue()


def test_backup_writes_one_archive_with_checksum_and_schema_state(transactional_db, tmp_path):
    output = _backup("--output", str(tmp_path))

    [archive] = list(tmp_path.iterdir())  # no temporary file left beside it
    assert ARCHIVE_NAME.match(archive.name)
    assert "Copia creada" in output
    with tarfile.open(archive, "r:gz") as tar:
        manifest = json.load(tar.extractfile(MANIFEST))
        payload = tar.extractfile(manifest["payload"]).read()
    assert manifest["method"] == choose_method(connection)
    assert manifest["sha256"] == hashlib.sha256(payload).hexdigest()
    applied = {(app, name) for app, names in manifest["migrations"].items() for name in names}
    assert applied == set(MigrationRecorder(connection).applied_migrations())


def test_backup_uses_the_backup_dir_setting_by_default(transactional_db, tmp_path, settings):
    settings.BACKUP_DIR = tmp_path / "copias"
    _backup()
    assert len(list((tmp_path / "copias").iterdir())) == 1


def test_keep_prunes_the_oldest_archives_of_this_project_only(transactional_db, tmp_path):
    foreign = [tmp_path / "otra-cosa.tar.gz", tmp_path / "notas.txt"]
    for path in foreign:
        path.write_text("no es una copia de DataMed")
    old = [tmp_path / f"datamed-backup-2020010{day}T000000.000000Z.tar.gz" for day in (1, 2)]
    for path in old:
        path.write_bytes(b"vieja")

    output = _backup("--output", str(tmp_path), "--keep", "2")

    archives = sorted(path.name for path in tmp_path.iterdir() if ARCHIVE_NAME.match(path.name))
    assert len(archives) == 2
    assert archives[0] == old[1].name  # the newest old one survives beside the new backup
    assert all(path.exists() for path in foreign)
    assert "Copias antiguas eliminadas: 1." in output


def test_keep_must_leave_at_least_the_new_archive(transactional_db, tmp_path):
    with pytest.raises(CommandError, match="--keep debe ser 1 o más"):
        _backup("--output", str(tmp_path), "--keep", "0")
    assert list(tmp_path.iterdir()) == []


def test_a_backup_that_fails_while_writing_leaves_no_file(transactional_db, tmp_path, monkeypatch):
    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr("operations.backup.os.fsync", disk_full)
    with pytest.raises(OSError):
        _backup("--output", str(tmp_path))
    assert list(tmp_path.iterdir()) == []
