"""manage.py benchmark_patient_import: measures on a generated file and leaves no data behind."""

import pytest
from django.core.management import call_command

from patients.models import Ingreso, Patient

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_benchmark_imports_twice_and_rolls_back(capsys, fmt):
    call_command("benchmark_patient_import", rows=20, format=fmt)
    out = capsys.readouterr().out
    assert "Primera importación" in out and "pacientes nuevos: 20" in out
    assert "sin cambios: 20" in out
    assert (Patient.objects.count(), Ingreso.objects.count(), Patient.history.count()) == (0, 0, 0)
