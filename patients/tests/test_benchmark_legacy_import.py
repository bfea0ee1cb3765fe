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
