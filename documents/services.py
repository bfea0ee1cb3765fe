"""Writes of the documents app: the trace of who took a patient's data out of DataMed.

Each document is logged in ``users.ClinicalAccess`` with its kind, so the patient's access
report ("Accesos a la historia") tells a PDF summary and an export from an opening of the page.
"""

from users.models import ClinicalAccess
from users.services import log_clinical_access


def log_summary_opening(user, patient, ingreso):
    """A PDF summary of ``ingreso`` was generated for ``user``: logged like an opening of the
    history (SPEC §12), as a PDF summary."""
    return log_clinical_access(user, patient, ingreso, tipo=ClinicalAccess.Tipo.RESUMEN_PDF)


def log_fhir_export(user, patient):
    """The patient's FHIR bundle was handed to ``user`` (every cycle: no ``ingreso``), logged as
    an export holding the patient's history."""
    return log_clinical_access(user, patient, tipo=ClinicalAccess.Tipo.EXPORTACION)
