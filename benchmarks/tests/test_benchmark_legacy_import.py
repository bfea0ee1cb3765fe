"""benchmark_legacy_import generates a legacy database, imports it, reports, and rolls back."""

import io

import pytest
from django.core.management import call_command

from datamed.tests.catalog import snapshot

pytestmark = pytest.mark.django_db


def test_benchmark_imports_a_generated_database_and_keeps_nothing(tmp_path):
    before = snapshot()
    out = io.StringIO()
    kept = tmp_path / "anterior.sqlite3"
    call_command("benchmark_legacy_import", "--patients", "40", "--keep-source", str(kept), stdout=out)
    assert snapshot() == before
    assert kept.exists()
    output = out.getvalue()
    assert "Base anterior con 40 pacientes generada" in output
    assert "(deshecha al final" in output
    patients_line = next(line for line in output.splitlines() if line.startswith("pacientes "))
    assert patients_line.split()[1:3] == ["40", "40"]


def test_benchmark_generates_an_earlier_version_of_the_original():
    """--legacy-version 2,13: no cycles yet, records tied to their patient; every patient gets
    a cycle from its admission and every record that has a patient is placed."""
    out = io.StringIO()
    call_command("benchmark_legacy_import", "--patients", "40", "--legacy-version", "2,13", stdout=out)
    output = out.getvalue()
    assert "DataMed anterior: patients 0002, exams 0013" in output
    rows = {line[:34].strip(): line[34:].split() for line in output.splitlines() if line[:1].isalpha()}
    assert rows["pacientes"][:2] == ["40", "40"]
    assert rows["ciclos (ingresos)"][0] == rows["ciclos (ingresos)"][1] == "40"
    assert rows["notas de seguimiento"][:2] == ["0", "0"]
    assert rows["monitoreos"][0] == rows["monitoreos"][1] != "0"
