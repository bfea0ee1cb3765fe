"""The PDF documents: a cycle's summary, for whoever may read the patient's clinical history,
and the patient's access report, for those who see the audit trail and export."""

from django.http import HttpResponse

from documents import pdf, selectors, services
from patients.access import get_patient_for
from users.forms import AccessReportForm
from users.models import ClinicalAccess
from users.permissions import EXPORT_DATA, VIEW_AUDIT_TRAIL, can_read_clinical_history
from users.services import log_clinical_access
from users.templatetags.people import display_name


def clinical_summary_pdf(request, patient_id: int):
    """``?ciclo=<id>``: an earlier cycle of the patient (by default the one the history shows);
    ``?papel=carta``: Letter paper instead of A4."""
    patient = get_patient_for(
        request,
        patient_id,
        can_read_clinical_history,
        message="Su perfil no puede consultar historias clínicas.",
    )
    paper = request.GET.get("papel", "a4")
    if paper not in pdf.PAPERS:
        paper = "a4"
    summary = selectors.cycle_summary(patient, request.GET.get("ciclo"))
    services.log_summary_opening(request.user, patient, summary.ingreso)
    body = pdf.render_summary(summary, display_name(request.user), paper=paper)
    return _pdf_response(body, pdf.filename(summary))


def access_report_pdf(request, patient_id: int):
    """«Accesos a la historia» as a PDF, with the report page's date filter (``?desde=`` and
    ``?hasta=``, Bogotá days): the same right as its .xlsx/.csv exports, and logged like them."""
    patient = get_patient_for(request, patient_id, VIEW_AUDIT_TRAIL, EXPORT_DATA)
    form = AccessReportForm(request.GET or None)
    rows = form.accesses(patient)
    log_clinical_access(request.user, patient, tipo=ClinicalAccess.Tipo.INFORME_ACCESOS)
    context = {
        "patient": patient,
        **pdf.table_chunks(list(rows) if rows is not None else []),
        "desde": form.cleaned_data.get("desde") if rows is not None and form.is_bound else None,
        "hasta": form.cleaned_data.get("hasta") if rows is not None and form.is_bound else None,
    }
    body = pdf.render("documents/access_report.html", context, display_name(request.user))
    return _pdf_response(body, pdf.access_report_filename(patient))


def _pdf_response(body: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
