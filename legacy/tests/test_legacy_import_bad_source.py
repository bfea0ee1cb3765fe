"""A source that is missing or is not a DataMed database: a Spanish error, exit code 1, nothing saved."""

import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from datamed.tests.catalog import snapshot

pytestmark = pytest.mark.django_db
PROJECT = Path(__file__).resolve().parents[2]


def refused(source: str) -> CommandError:
    before = snapshot()
    with pytest.raises(CommandError) as error:
        call_command("import_legacy_datamed", source)
    assert error.value.returncode == 1
    assert snapshot() == before
    return error.value


def test_a_missing_file_is_a_clear_error(tmp_path):
    assert "No existe el archivo de origen" in str(refused(str(tmp_path / "no-existe.sqlite3")))


def test_a_file_that_is_not_a_database_is_a_clear_error(tmp_path):
    text = tmp_path / "pacientes.csv"
    text.write_text("nombre;documento\nAna;1001\n" * 200)
    assert "no es una base de datos SQLite" in str(refused(str(text)))


def test_a_database_of_another_application_is_a_clear_error(tmp_path):
    other = tmp_path / "otra.sqlite3"
    connection = sqlite3.connect(other)
    connection.execute("CREATE TABLE facturas (id integer PRIMARY KEY, total numeric)")
    connection.commit()
    connection.close()
    message = str(refused(f"sqlite:///{other}"))
    assert "no parece una base de DataMed" in message
    assert "patients_patient" in message


def test_an_unreachable_database_url_is_a_clear_error():
    assert "No se pudo conectar a la base de origen" in str(refused("postgres://nadie@127.0.0.1:1/datamed"))


def test_the_shell_sees_exit_code_1_and_the_message(tmp_path):
    environment = {key: value for key, value in os.environ.items() if key != "DATABASE_URL"}
    environment["DATA_DIR"] = str(tmp_path)
    result = subprocess.run(  # noqa: S603 - fixed arguments
        [sys.executable, "manage.py", "import_legacy_datamed", str(tmp_path / "no-existe.sqlite3")],
        cwd=PROJECT,
        env=environment,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "No existe el archivo de origen" in result.stderr
