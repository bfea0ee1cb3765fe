"""manage.py import_patients FILE [--dry-run]: output and exit code."""

import pytest
from django.core.management import CommandError, ManagementUtility, call_command

from patients.models import Patient
from patients.tests.spreadsheets import csv_bytes, row, xlsx_bytes

pytestmark = pytest.mark.django_db


def test_imports_a_file_and_prints_a_summary(tmp_path, capsys):
    path = tmp_path / "pacientes.xlsx"
    path.write_bytes(xlsx_bytes([row(documento="11"), row(documento="12")]))
    call_command("import_patients", str(path))
    out = capsys.readouterr().out
    assert "pacientes nuevos: 2" in out and "Importación guardada." in out
    assert Patient.objects.count() == 2


def test_bad_rows_are_printed_and_the_command_fails(tmp_path, capsys):
    path = tmp_path / "pacientes.csv"
    path.write_bytes(csv_bytes([row(documento="21"), row(documento="22", ciudad="CALI")], delimiter=";"))
    with pytest.raises(CommandError, match="No se guardó nada"):
        call_command("import_patients", str(path))
    assert "fila 3: ciudad: La ciudad elegida no pertenece al departamento." in capsys.readouterr().err
    assert Patient.objects.count() == 0


def test_dry_run_saves_nothing(tmp_path, capsys):
    path = tmp_path / "pacientes.csv"
    path.write_bytes(csv_bytes([row(documento="31")]))
    call_command("import_patients", str(path), "--dry-run")
    assert "no se guardó nada" in capsys.readouterr().out
    assert Patient.objects.count() == 0


def test_exit_code_is_non_zero_from_the_command_line(tmp_path, capsys):
    path = tmp_path / "pacientes.csv"
    path.write_bytes(csv_bytes([row(documento="4A")]))
    with pytest.raises(SystemExit) as exit_info:
        ManagementUtility(["manage.py", "import_patients", str(path)]).execute()
    assert exit_info.value.code == 1
    assert (
        "fila 2: documento: Para RC, TI y CC el documento solo puede tener dígitos."
        in capsys.readouterr().err
    )
