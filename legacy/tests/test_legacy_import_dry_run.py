"""import_legacy_datamed --dry-run imports everything, prints the summary, and keeps nothing."""

import io

import pytest
from django.core.management import call_command

from datamed.tests.catalog import snapshot
from legacy.models import LegacyIdMap
from legacy.tests import legacy_source

pytestmark = pytest.mark.django_db


def test_dry_run_reports_the_import_and_leaves_the_database_as_it_was(tmp_path):
    source = legacy_source.build(tmp_path / "anterior.sqlite3")
    before = snapshot()
    out = io.StringIO()
    call_command("import_legacy_datamed", str(source), "--dry-run", stdout=out)
    assert snapshot() == before
    assert not LegacyIdMap.objects.exists()
    output = out.getvalue()
    assert "Simulacro (--dry-run): se deshicieron todos los cambios" in output
    assert "Filas importadas: 30." in output
    assert "  - polisomnografías basales id 3: sin ciclo y sin nada que identifique al paciente" in output
