"""Clinical record pages, generic over the record-type registry (SPEC §3)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from datamed import exporting, history
from datamed.forms import attach_errors
from exams import exports, panels, selectors, services
from exams.forms import VoidForm
from exams.registry import RECORD_TYPES, RecordType, get_record_type
from patients.choices import EstadoIngreso
from patients.models import Patient
from therapy import selectors as therapy_selectors
from users import services as access_log
from users.models import ClinicalAccess
from users.permissions import (
    EXPORT_DATA,
    can_edit,
    can_read_clinical_history,
    can_register,
    can_see_audit_trail,
    can_void,
    permission_required,
)


def clinical_history(request, patient_id: int):
    if not can_read_clinical_history(request.user):
        raise PermissionDenied("Su perfil no puede consultar historias clínicas.")
    patient = get_object_or_404(Patient, pk=patient_id)
    cycles = selectors.patient_cycles(patient)
    ingreso = selectors.cycle_for_history(cycles, request.GET.get("ingreso"))
    sections = selectors.record_sections(ingreso) if ingreso else []
    access_log.log_clinical_access(request.user, patient, ingreso)
    for section in sections:
        for record in section.records:
            record.editable = can_edit(request.user, record)
    by_slug = {section.record_type.slug: section for section in sections}
    context = {
        "patient": patient,
        "ingreso": ingreso,
        "cycles": cycles,
        "read_only": ingreso is None or ingreso.estado != EstadoIngreso.ACTIVO,
        "sections": sections,
        "last_attention": selectors.last_attention(ingreso) if ingreso else None,
        "latest_monitoreo": by_slug["monitoreo"].latest if sections else None,
        "latest_basal": by_slug["basal"].latest if sections else None,
        "registrable": [rt for rt in RECORD_TYPES if rt.tab_of is None and can_register(request.user, rt)],
        "therapy": None,
        "panels": panels.for_cycle(ingreso),
    }
    if ingreso:  # the trends chart the records the sections have read
        monitorings, psychology = by_slug["monitoreo"].records, by_slug["psicologia"].records
        context["therapy"] = therapy_selectors.clinical_panel(ingreso, monitorings, psychology)
    context["can_import"] = not context["read_only"] and can_register(
        request.user, get_record_type("monitoreo")
    )
    return render(request, "exams/clinical_history.html", context)


@permission_required(EXPORT_DATA)
def records_export(request, record_type: str, fmt: str):
    rt = get_record_type(record_type)
    return exporting.response(fmt, rt.slug, [exports.record_type_sheet(rt)])


@permission_required(EXPORT_DATA)
def clinical_history_export(request, patient_id: int, fmt: str):
    patient = get_object_or_404(Patient, pk=patient_id)
    exporting.check_format(fmt)
    access_log.log_clinical_access(request.user, patient, tipo=ClinicalAccess.Tipo.EXPORTACION)
    return exporting.response(
        fmt,
        f"historia_{patient.tipo_documento}{patient.documento}",
        exports.clinical_history_sheets(patient),
        csv_sheet=exports.clinical_history_csv_sheet(patient),
    )


def _tab_types(page_type: RecordType) -> list[RecordType]:
    """The page's own type followed by the types registered from its tabs."""
    return [page_type, *[rt for rt in RECORD_TYPES if rt.tab_of == page_type.slug]]


def _requested_tab(request, forms) -> str | None:
    """The tab asked for by ``?tab=<slug>`` (a link to one of the page's second tabs)."""
    tab = request.GET.get("tab")
    return tab if tab in forms else None


def register(request, patient_id: int, record_type: str):
    page_type = get_record_type(record_type)
    if page_type.tab_of:
        return redirect("exams:register", patient_id=patient_id, record_type=page_type.tab_of)
    patient = get_object_or_404(Patient, pk=patient_id)
    tab_types = [rt for rt in _tab_types(page_type) if can_register(request.user, rt)]
    if not tab_types:
        raise PermissionDenied("Su perfil no puede registrar este tipo de dato clínico.")
    ingreso = patient.ingreso_activo
    if ingreso is None:
        messages.error(request, services.NOT_ACTIVE_MESSAGE)
        return redirect("exams:clinical", patient_id=patient.pk)
    submitted = request.POST.get("registro", page_type.slug) if request.method == "POST" else None
    prefilled = page_type.initial(ingreso, request.GET) if submitted is None else None
    forms = {}
    for rt in tab_types:
        bound = rt.slug == submitted
        initial = prefilled if rt is page_type else None
        forms[rt.slug] = rt.form(
            request.POST if bound else None, ingreso=ingreso, prefix=rt.slug, initial=initial
        )
    if submitted is not None:
        if submitted not in forms:
            raise PermissionDenied("Su perfil no puede registrar este tipo de dato clínico.")
        form = forms[submitted]
        if form.is_valid():
            try:
                services.register_record(form.save(commit=False), ingreso, request.user)
            except ValidationError as error:
                attach_errors(form, error)
            else:
                messages.success(request, f"Registro guardado: {get_record_type(submitted).label.lower()}.")
                return redirect("exams:clinical", patient_id=patient.pk)
    tabs = [(rt, forms[rt.slug]) for rt in tab_types]
    return render(
        request,
        "exams/record_form.html",
        {
            "patient": patient,
            "ingreso": ingreso,
            "page_type": page_type,
            "tabs": tabs,
            "active_tab": submitted or _requested_tab(request, forms) or tab_types[0].slug,
            "prefilled": prefilled,
        },
    )


def _get_record(record_type: str, pk: int):
    rt = get_record_type(record_type)
    record = get_object_or_404(rt.model.objects.select_related("ingreso__paciente"), pk=pk)
    return rt, record


def edit(request, record_type: str, pk: int):
    rt, record = _get_record(record_type, pk)
    if not can_edit(request.user, record):
        raise PermissionDenied("Solo el autor del registro o un coordinador pueden editarlo.")
    patient = record.ingreso.paciente
    try:
        services.check_editable(record)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("exams:clinical", patient_id=patient.pk)
    form = rt.form(request.POST or None, instance=record, ingreso=record.ingreso, prefix=rt.slug)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_record(form.save(commit=False), request.user)
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"Cambios guardados: {rt.label.lower()}.")
            return redirect("exams:clinical", patient_id=patient.pk)
    return render(
        request,
        "exams/record_edit.html",
        {
            "patient": patient,
            "record_type": rt,
            "record": record,
            "form": form,
            "can_void": can_void(request.user),
            "trail": history.trail(record.history.all()) if can_see_audit_trail(request.user) else None,
        },
    )


@require_POST
def void(request, record_type: str, pk: int):
    rt, record = _get_record(record_type, pk)
    if not can_void(request.user):
        raise PermissionDenied("Solo un coordinador puede anular registros clínicos.")
    form = VoidForm(request.POST)
    patient_id = record.ingreso.paciente_id
    if not form.is_valid():
        for error in form.errors.get("motivo_anulacion", []):
            messages.error(request, error)
        return redirect("exams:edit", record_type=rt.slug, pk=record.pk)
    try:
        services.void_record(record, form.cleaned_data["motivo_anulacion"], request.user)
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Registro anulado ({rt.label.lower()}); se conserva en el historial.")
    return redirect("exams:clinical", patient_id=patient_id)
