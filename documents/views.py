"""The PDF summary of a cycle, for whoever may read the patient's clinical history."""

from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404

from documents import pdf, selectors, services
from patients.models import Patient
from users.permissions import can_read_clinical_history
from users.templatetags.people import display_name


def clinical_summary_pdf(request, patient_id: int):
    """``?ciclo=<id>``: an earlier cycle of the patient (by default the one the history shows);
    ``?papel=carta``: Letter paper instead of A4."""
    if not can_read_clinical_history(request.user):
        raise PermissionDenied("Su perfil no puede consultar historias clínicas.")
    patient = get_object_or_404(Patient, pk=patient_id)
    paper = request.GET.get("papel", "a4")
    if paper not in pdf.PAPERS:
        paper = "a4"
    summary = selectors.cycle_summary(patient, request.GET.get("ciclo"))
    services.log_summary_opening(request.user, patient, summary.ingreso)
    body = pdf.render_summary(summary, display_name(request.user), paper=paper)
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{pdf.filename(summary)}"'
    response["Cache-Control"] = "no-store"
    return response
