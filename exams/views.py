"""Clinical record pages, generic over the record-type registry (SPEC §3)."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from datamed import exporting, history
from datamed.forms import attach_errors
from datamed.reversing import url_maker
from exams import exports, selectors, services
from exams.forms import VoidForm
from exams.panels import HISTORY_PANELS
from exams.registry import RECORD_TYPES, RecordType, get_record_type
from patients.access import get_patient_for
from patients.choices import EstadoIngreso
from users import services as access_log
from users.models import ClinicalAccess
from users.permissions import (
    EXPORT_DATA,
    can_edit,
    can_read_clinical_history,
    can_register,
    can_see_audit_trail,
    can_void,
    get_for,
    permission_required,
    preload_permissions,
    require,
)

CANNOT_READ = "Su perfil no puede consultar historias clínicas."
CANNOT_REGISTER = "Su perfil no puede registrar este tipo de dato clínico."


def clinical_history(request, patient_id: int):
    # The patient read by the history's compiled query (``selectors.patient``).
    patient = get_for(request, selectors.patient, patient_id, can_read_clinical_history, message=CANNOT_READ)
    preload_permissions(request.user)  # the page asks one per record type and per record
    cycles = selectors.patient_cycles(patient)
    ingreso = selectors.cycle_for_history(cycles, request.GET.get("ingreso"))
    sections = selectors.record_sections(ingreso) if ingreso else []
    access_log.log_clinical_access(request.user, patient, ingreso)
    read_only = ingreso is None or ingreso.estado != EstadoIngreso.ACTIVO
    edit_url = url_maker("exams:edit", str, int)
    for section in sections:
        for record in section.records:
            record.editable = can_edit(request.user, record)
            if record.editable and not read_only:
                record.edit_url = edit_url(section.record_type.slug, record.pk)
    register_url = url_maker("exams:register", int, str)
    by_slug = {section.record_type.slug: section for section in sections}
    context = {
        "patient": patient,
        "ingreso": ingreso,
        "cycles": cycles,
        "read_only": read_only,
        "sections": sections,
        "last_attention": selectors.last_attention(ingreso) if ingreso else None,
        "latest_monitoreo": by_slug["monitoreo"].latest if sections else None,
        "latest_basal": by_slug["basal"].latest if sections else None,
        "registrable": [
            (rt, register_url(patient.pk, rt.slug))
            for rt in RECORD_TYPES
            if rt.tab_of is None and can_register(request.user, rt)
        ],
        **dict.fromkeys(HISTORY_PANELS),
    }
    if ingreso:  # the trends chart the records the sections have read
        monitorings, psychology = by_slug["monitoreo"].records, by_slug["psicologia"].records
        for name, build in HISTORY_PANELS.items():
            context[name] = build(ingreso, monitorings, psychology)
    context["can_import"] = not context["read_only"] and can_register(
        request.user, get_record_type("monitoreo")
    )
    return render(request, "exams/clinical_history.html", context)


@permission_required(EXPORT_DATA)
def records_export(request, record_type: str, fmt: str):
    rt = get_record_type(record_type)
    return exporting.response(fmt, rt.slug, [exports.record_type_sheet(rt)])


def clinical_history_export(request, patient_id: int, fmt: str):
    patient = get_patient_for(request, patient_id, EXPORT_DATA)
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
    registrable = _tab_types(page_type)
    patient = get_patient_for(
        request,
        patient_id,
        lambda user: any(can_register(user, rt) for rt in registrable),
        message=CANNOT_REGISTER,
    )
    tab_types = [rt for rt in registrable if can_register(request.user, rt)]
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
        require(request.user, lambda user: submitted in forms, message=CANNOT_REGISTER)
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


def get_record_for(request, record_type: str, pk: int, *rules, allowed=None, message: str):
    """The record type and its record ``pk`` (with its cycle and patient), fetched and
    authorised as every view's object is (``users.permissions.get_for``)."""
    rt = get_record_type(record_type)
    queryset = rt.model.objects.select_related("ingreso__paciente")
    return rt, get_for(request, queryset, pk, *rules, allowed=allowed, message=message)


def edit(request, record_type: str, pk: int):
    rt, record = get_record_for(
        request,
        record_type,
        pk,
        allowed=can_edit,
        message="Solo el autor del registro o un coordinador pueden editarlo.",
    )
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
    rt, record = get_record_for(
        request, record_type, pk, can_void, message="Solo un coordinador puede anular registros clínicos."
    )
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
