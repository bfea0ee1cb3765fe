"""restore refuses a damaged archive, one from a newer schema and a database that has data,
with a Spanish message, a non-zero exit and the target database unchanged."""

import io
import json
import tarfile
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from datamed.tests.migration_graph import chain
from operations.backup import MANIFEST, create_backup
from operations.tests.conftest import table_rows


@pytest.fixture
def archive(demo_data, tmp_path) -> Path:
    return create_backup(tmp_path / "copias")


def _repack(archive: Path, destination: Path, manifest_changes=None, payload_changes=None) -> Path:
    """A copy of ``archive`` with its manifest or payload altered, still a valid tar.gz."""
    with tarfile.open(archive, "r:gz") as source, tarfile.open(destination, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == MANIFEST and manifest_changes:
                data = json.dumps(manifest_changes(json.loads(data))).encode()
            elif member.name != MANIFEST and payload_changes:
                data = payload_changes(data)
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    return destination


def _restore(path: Path, alias: str, *flags: str) -> None:
    call_command("restore", str(path), "--noinput", "--database", alias, *flags, stdout=io.StringIO())


def _assert_refused(path: Path, target: str, message: str) -> None:
    """restore exits with ``message`` (a CommandError: exit code 1) and the target is unchanged."""
    before = table_rows(target)
    with pytest.raises(CommandError, match=message):
        _restore(path, target)
    assert table_rows(target) == before


def test_a_truncated_archive_is_refused_and_nothing_changes(archive, scratch_database, tmp_path):
    truncated = tmp_path / "cortada.tar.gz"
    truncated.write_bytes(archive.read_bytes()[: archive.stat().st_size // 2])

    _assert_refused(truncated, scratch_database(), "está dañado o incompleto")


def test_an_archive_whose_payload_does_not_match_its_checksum_is_refused(archive, scratch_database, tmp_path):
    def flip_a_byte(data: bytes) -> bytes:
        middle = len(data) // 2
        return data[:middle] + bytes([data[middle] ^ 0xFF]) + data[middle + 1 :]

    tampered = _repack(archive, tmp_path / "alterada.tar.gz", payload_changes=flip_a_byte)

    _assert_refused(tampered, scratch_database(), "no coincide su suma de verificación")


def test_an_archive_from_a_newer_schema_is_refused_and_nothing_changes(archive, scratch_database, tmp_path):
    def from_the_future(manifest: dict) -> dict:
        manifest["migrations"]["exams"].append("9999_registro_del_futuro")
        return manifest

    newer = _repack(archive, tmp_path / "futura.tar.gz", manifest_changes=from_the_future)

    _assert_refused(newer, scratch_database(), r"esquema más nuevo.*exams\.9999_registro_del_futuro")


def test_a_database_with_data_is_refused_unless_replace_is_asked(archive, scratch_database):
    target = scratch_database()
    _restore(archive, target)

    _assert_refused(archive, target, "ya tiene datos.*--replace")

    _restore(archive, target, "--replace")
    assert table_rows(target) == table_rows()


def test_a_database_at_another_schema_state_is_refused_with_the_commands_to_fix_it(archive, scratch_database):
    *_, previous, newest = chain("exams")
    target = scratch_database()
    call_command("migrate", "exams", previous, database=target, verbosity=0, stdout=io.StringIO())

    _assert_refused(archive, target, f"migrate exams {newest}")


def test_a_database_that_was_never_migrated_is_refused(archive, scratch_database):
    _assert_refused(archive, scratch_database(migrated=False), "no está migrada")


def test_a_missing_file_is_refused(transactional_db, tmp_path):
    with pytest.raises(CommandError, match="No existe el archivo"):
        _restore(tmp_path / "no-existe.tar.gz", "default")
