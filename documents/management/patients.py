"""The ``TIPO:DOCUMENTO`` argument of the documents' commands (as ``import_device_data``)."""

from django.core.management.base import CommandError

from patients.models import Patient


def patient_by_document(reference: str) -> Patient:
    tipo, _, documento = reference.partition(":")
    patient = Patient.objects.filter(tipo_documento=tipo.strip().upper(), documento=documento.strip()).first()
    if patient is None:
        raise CommandError(f"No existe el paciente {reference} (use TIPO:DOCUMENTO, p. ej. CC:63555111).")
    return patient
