"""Writes of the users app."""

from users.models import ClinicalAccess


def log_clinical_access(user, patient, ingreso=None) -> ClinicalAccess:
    """Record that ``user`` opened ``patient``'s clinical history."""
    return ClinicalAccess.objects.create(usuario=user, paciente=patient, ingreso=ingreso)
