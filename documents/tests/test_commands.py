"""manage.py clinical_summary and manage.py export_fhir."""

import json

import pytest
from django.core.management import CommandError, call_command
from pypdf import PdfReader

from documents.tests.factories import one_record_of_each_type
from documents.tests.fhir_models import validate_bundle
from patients.tests.factories import PatientFactory
from users.models import ClinicalAccess

pytestmark = pytest.mark.django_db


@pytest.fixture
def patient(coordinator):
    patient = PatientFactory(documento="63555111", nombre="Carmen", apellido="Ardila")
    one_record_of_each_type(patient.ingresos.get(), coordinator)
    return patient


def test_clinical_summary_writes_the_pdf(patient, tmp_path):
    output = tmp_path / "resumen.pdf"
    call_command("clinical_summary", "CC:63555111", "--output", str(output))
    text = "\n".join(page.extract_text() for page in PdfReader(output).pages)
    assert "Carmen Ardila" in text and "RM-2231" in text
    assert "consola (manage.py clinical_summary)" in text
    assert not ClinicalAccess.objects.exists()


def test_clinical_summary_for_a_user_is_logged_and_signed(patient, coordinator, tmp_path):
    output = tmp_path / "resumen.pdf"
    ingreso = patient.ingresos.get()
    call_command(
        "clinical_summary",
        "cc:63555111",
        "--ciclo",
        str(ingreso.pk),
        "--usuario",
        "alicia",
        "--output",
        str(output),
    )
    assert "Generado por Alicia" in PdfReader(output).pages[0].extract_text()
    assert ClinicalAccess.objects.get().ingreso == ingreso


def test_clinical_summary_refuses_another_patients_cycle(patient, tmp_path):
    other = PatientFactory().ingresos.get()
    with pytest.raises(CommandError, match="no tiene el ciclo"):
        call_command(
            "clinical_summary", "CC:63555111", "--ciclo", str(other.pk), "--output", str(tmp_path / "x.pdf")
        )


def test_an_unknown_patient_is_refused(db, tmp_path):
    with pytest.raises(CommandError, match="No existe el paciente"):
        call_command("clinical_summary", "CC:1", "--output", str(tmp_path / "x.pdf"))
    with pytest.raises(CommandError, match="No existe el paciente"):
        call_command("export_fhir", "CC:1", "--output", str(tmp_path / "x.json"))


def test_export_fhir_writes_a_valid_bundle(patient, tmp_path):
    output = tmp_path / "paciente.json"
    call_command("export_fhir", "CC:63555111", "--output", str(output), "--usuario", "alicia")
    bundle = json.loads(output.read_text(encoding="utf-8"))
    assert validate_bundle(bundle).type == "collection"
    assert bundle["entry"][0]["resource"]["identifier"][0]["value"] == "63555111"
    assert ClinicalAccess.objects.get().paciente == patient
