"""Writes of the users app."""

from users.models import ClinicalAccess


def log_clinical_access(user, patient, ingreso=None, tipo=ClinicalAccess.Tipo.HISTORIA) -> ClinicalAccess:
    """Record that ``user`` read ``patient``'s clinical data, and how (``tipo``): the history
    page, the PDF summary, an export holding the patient's history, or the access report."""
    return ClinicalAccess.objects.create(usuario=user, paciente=patient, ingreso=ingreso, tipo=tipo)
