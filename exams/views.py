"""Clinical record pages."""

from django.shortcuts import get_object_or_404, render

from patients.models import Patient


def clinical_history(request, patient_id: int):
    patient = get_object_or_404(Patient, pk=patient_id)
    return render(request, "exams/clinical_history.html", {"patient": patient})
