"""A legacy patient whose document is already registered here is linked to that patient, not
duplicated; an open legacy cycle of such a patient is closed before the cycle already open here."""

import datetime
import io

import pytest
from django.core.management import call_command

from exams.models import Nutricion
from legacy.tests import legacy_source
from patients.models import Ingreso, Patient
from patients.tests.factories import PatientFactory

pytestmark = pytest.mark.django_db


def test_an_existing_document_links_the_patient_and_closes_the_imported_open_cycle(tmp_path):
    here = PatientFactory(documento="1004", cycle=datetime.date(2024, 5, 1))
    out = io.StringIO()
    call_command("import_legacy_datamed", str(legacy_source.build(tmp_path / "a.sqlite3")), stdout=out)
    assert Patient.objects.filter(documento="1004").count() == 1
    imported = Ingreso.objects.get(pk=6)
    assert imported.paciente == here
    assert (imported.estado, imported.fecha_fin) == ("TERMINADO", datetime.date(2024, 4, 30))
    assert Ingreso.objects.open().filter(paciente=here).count() == 1
    assert Nutricion.objects.get(pk=1).ingreso == imported
    assert "  - pacientes id 4: ya existía el paciente CC 1004: se usa ese" in out.getvalue()
