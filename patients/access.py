"""Fetch-and-authorise for the views about a patient or a cycle (``users.permissions.get_for``):
every view of any app that shows or changes one asks here."""

from patients.models import Ingreso, Patient
from users.permissions import DEFAULT_MESSAGE, Rule, get_for


def get_patient_for(request, pk, *rules: Rule, message: str = DEFAULT_MESSAGE) -> Patient:
    """The patient ``pk`` for a user who passes every rule (403 first, then 404)."""
    return get_for(request, Patient, pk, *rules, message=message)


def get_cycle_for(request, pk, *rules: Rule, message: str = DEFAULT_MESSAGE) -> Ingreso:
    """The cycle ``pk`` (with its patient) for a user who passes every rule (403 first, then 404)."""
    return get_for(request, Ingreso.objects.select_related("paciente"), pk, *rules, message=message)
