"""``/reports/``: the monthly program report per EPS and month (SPEC §11), its files, issuing
and the issued versions. Coordinador and Administrador only; the others get 403."""

import hashlib

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from reports import figures as labelled
from reports import rendering, services
from reports.forms import ReportForm
from reports.models import ISSUE_REPORT, VIEW_REPORT, EmisionInforme
from users.permissions import get_for, permission_required, require
from users.templatetags.people import display_name

FORMATS = {"pdf": "application/pdf", "xlsx": rendering.XLSX_CONTENT_TYPE}
REFUSED = "Solo coordinación y administración ven los informes para la EPS."
#: The issued versions' rows leave their files out: a list never reads the stored bytes.
LISTED = ("id", "entidad_salud", "mes", "version", "emitido_el", "pdf_sha256", "emitido_por")


def _listing(queryset):
    return queryset.select_related("emitido_por").only(
        *LISTED, "emitido_por__username", "emitido_por__first_name", "emitido_por__last_name"
    )


@permission_required(VIEW_REPORT, message=REFUSED)
def index(request):
    form = ReportForm(request.GET or None)
    context = {"form": form, "can_issue": request.user.has_perm(ISSUE_REPORT)}
    chosen = form.choice()
    if chosen is not None:
        eps, month = chosen
        draft = services.draft(eps, month)
        context.update(
            eps=eps,
            month=month,
            draft=draft,
            sections=labelled.sections(draft.figures),
            chart=rendering.chart_data(draft.figures),
            trend_rows=rendering.trend_rows(draft.figures),
            issues=_listing(EmisionInforme.objects.of_month(eps, month).order_by("-version")),
            query=f"eps={eps}&mes={month}",
        )
    context["recent"] = _listing(EmisionInforme.objects.order_by("-emitido_el", "-id"))[:10]
    return render(request, "reports/index.html", context)


@permission_required(VIEW_REPORT, message=REFUSED)
def draft_export(request, fmt: str):
    """The report as the data stand now (not issued), as PDF or .xlsx."""
    if fmt not in FORMATS:
        raise Http404("Formato desconocido.")
    form = ReportForm(request.GET or None)
    chosen = form.choice()
    if chosen is None:
        raise Http404("Elija una EPS y un mes válidos.")
    eps, month = chosen
    figures = services.draft(eps, month).figures
    render_file = rendering.render_pdf if fmt == "pdf" else rendering.render_xlsx
    body = render_file(figures, generated_by=display_name(request.user), generated_at=timezone.now())
    return _file_response(body, fmt, rendering.filename(eps, month, fmt))


@require_POST
@permission_required(ISSUE_REPORT, message="Solo coordinación y administración emiten informes.")
def issue(request):
    form = ReportForm(request.POST)
    chosen = form.choice() if form.is_bound else None
    if chosen is None:
        messages.error(request, "Elija una EPS y un mes válidos para emitir el informe.")
        return redirect("reports:index")
    eps, month = chosen
    try:
        issued_report = services.issue_report(eps, month, request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(f"{reverse('reports:index')}?eps={eps}&mes={month}")
    messages.success(request, f"Informe emitido: versión {issued_report.version}.")
    return redirect("reports:issued", pk=issued_report.pk)


def issued(request, pk: int):
    report = get_for(
        request,
        EmisionInforme.objects.select_related("emitido_por", "anterior").defer(
            "pdf", "xlsx", "anterior__pdf", "anterior__xlsx"
        ),
        pk,
        VIEW_REPORT,
        message=REFUSED,
    )
    previous = report.anterior
    later = EmisionInforme.objects.filter(anterior=report).values_list("pk", "version").first()
    context = {
        "report": report,
        "figures": report.cifras,
        "sections": labelled.sections(report.cifras),
        "previous": previous,
        "later": later,
        "changes": labelled.differences(previous.cifras, report.cifras) if previous else [],
    }
    return render(request, "reports/issued.html", context)


def issued_file(request, pk: int, fmt: str):
    """The issued file exactly as it was issued (its bytes and SHA-256 were frozen then)."""
    require(request.user, VIEW_REPORT, message=REFUSED)
    if fmt not in FORMATS:
        raise Http404("Formato desconocido.")
    report = get_for(
        request,
        EmisionInforme.objects.only("id", "entidad_salud", "mes", "version", fmt, f"{fmt}_sha256"),
        pk,
        VIEW_REPORT,
        message=REFUSED,
    )
    body, digest = report.file(fmt)
    if hashlib.sha256(body).hexdigest() != digest:  # never expected: the stored bytes changed
        raise RuntimeError(f"El archivo {fmt} del informe emitido {report.pk} no coincide con su SHA-256.")
    response = _file_response(body, fmt, report.filename(fmt))
    response["X-Content-SHA256"] = digest
    response["ETag"] = f'"{digest}"'
    return response


def _file_response(body: bytes, fmt: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=FORMATS[fmt])
    disposition = "inline" if fmt == "pdf" else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
