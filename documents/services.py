"""Writes of the documents app: the trace of who took a patient's data out of DataMed.

Each document has one call site here, so the kind of access can be recorded in one place when
``users.ClinicalAccess`` learns to tell kinds apart.
"""

from users.services import log_clinical_access


def log_summary_opening(user, patient, ingreso):
    """A PDF summary of ``ingreso`` was generated for ``user``: logged like an opening of the
    history (SPEC §12). The only call site of the PDF: the access kind
    (``tipo=ClinicalAccess.Tipo.RESUMEN_PDF``) goes here."""
    return log_clinical_access(user, patient, ingreso)


def log_fhir_export(user, patient):
    """The patient's FHIR bundle was handed to ``user`` (every cycle: no ``ingreso``). The only
    call site of the FHIR export: its access kind goes here."""
    return log_clinical_access(user, patient)
