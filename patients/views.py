"""Patient and cycle pages (SPEC §3). Thin: forms validate, services write, selectors read."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from datamed import exporting, history
from datamed.forms import attach_errors
from patients import exports, importing, selectors, services
from patients.access import get_cycle_for, get_patient_for
from patients.choices import EstadoIngreso, MotivoCierre
from patients.forms import CycleStateForm, NewCycleForm, PatientForm, PatientSearchForm
from patients.models import Ingreso
from users import permissions
from users.models import ClinicalAccess


def _page(request, queryset):
    return Paginator(queryset, settings.DATAMED_PAGE_SIZE).get_page(request.GET.get("page"))


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def _list_filters(form: PatientSearchForm) -> tuple[str, int | None]:
    if form.is_valid():
        return form.cleaned_data["q"] or "", form.cleaned_data["mes"]
    return "", None


#: The fields the list's rows show (``patients/patient_list.html``): a page's rows are read
#: without the others. A field missing here costs a query per row (the query-count tests).
LIST_COLUMNS = (
    "fecha_inicio",
    "fecha_fin",
    "estado",
    "paciente__nombre",
    "paciente__apellido",
    "paciente__tipo_documento",
    "paciente__documento",
    "paciente__entidad_salud",
    "paciente__programa",
    "paciente__celular",
)


def patient_list(request):
    form = PatientSearchForm(request.GET or None)
    search, mes = _list_filters(form)
    cycles = selectors.active_cycles(search, mes, LIST_COLUMNS)
    return render(
        request,
        "patients/patient_list.html",
        {
            "form": form,
            "page": _page(request, cycles),
            "more_than_shown": cycles.more_than_shown,
            "querystring": _querystring_without_page(request),
        },
    )


@permissions.permission_required(permissions.EXPORT_DATA)
def patient_list_export(request, fmt: str):
    search, mes = _list_filters(PatientSearchForm(request.GET or None))
    return exporting.response(fmt, "pacientes_activos", [exports.active_patients_sheet(search, mes)])


@permissions.permission_required(permissions.EXPORT_DATA)
def follow_export(request, fmt: str):
    search = _follow_search(request)
    return exporting.response(fmt, "seguimiento_ciclos", [exports.follow_sheet(search)])


@permissions.permission_required(permissions.ADD_PATIENT)
def import_template(request):
    return exporting.xlsx_download("plantilla_pacientes.xlsx", importing.template_workbook)


@permissions.permission_required(permissions.ADD_PATIENT)
def patient_create(request):
    form = PatientForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            patient = services.create_patient(
                form.save(commit=False), form.cleaned_data["fecha_inicio_programa"], request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, f"Paciente {patient.nombre_completo} registrado.")
            return redirect("patients:detail", pk=patient.pk)
    return render(request, "patients/patient_form.html", {"form": form, "creating": True})


def patient_detail(request, pk: int):
    """Everyone signed in reads the patient's data; saving it needs the right to change it."""
    writing = (permissions.CHANGE_PATIENT,) if request.method == "POST" else ()
    patient = get_patient_for(request, pk, *writing)
    can_change = request.user.has_perm(permissions.CHANGE_PATIENT)
    form = PatientForm(request.POST or None, instance=patient)
    if not can_change:
        for field in form.fields.values():
            field.disabled = True
    if request.method == "POST" and form.is_valid():
        try:
            services.update_patient(
                form.save(commit=False), form.cleaned_data.get("fecha_inicio_programa"), request.user
            )
        except ValidationError as error:
            attach_errors(form, error)
        else:
            messages.success(request, "Datos del paciente actualizados.")
            return redirect("patients:detail", pk=patient.pk)
    cycles = patient.ingresos.with_mes_capita().order_by("-fecha_inicio", "-id")
    context = {
        "form": form,
        "patient": patient,
        "cycles": cycles,
        "creating": False,
        "can_change": can_change,
    }
    if permissions.can_see_audit_trail(request.user):
        context["trail"] = history.merged(
            history.trail(patient.history.all()),
            history.trail(Ingreso.history.filter(paciente_id=patient.pk)),
        )
        context["accesses"] = ClinicalAccess.objects.filter(paciente=patient).select_related("usuario")[:20]
    return render(request, "patients/patient_form.html", context)


def _follow_search(request) -> str:
    return request.GET.get("q", "").strip()[:100]


def follow(request):
    search = _follow_search(request)
    patients = selectors.follow_rows(search)
    return render(
        request,
        "patients/follow.html",
        {
            "page": _page(request, patients),
            "more_than_shown": patients.more_than_shown,
            "q": search,
            "querystring": _querystring_without_page(request),
            "closing_reasons": MotivoCierre.choices,
            "new_cycle_form": NewCycleForm(),
        },
    )


def _back_to_follow(request) -> str:
    """Where to return after a cycle action: the page that posted it, if it is ours."""
    target = request.POST.get("next", "")
    if target.startswith("/patients/") and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return reverse("patients:follow")


def _flash_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
def change_state(request, ingreso_id: int, estado: str):
    ingreso = get_cycle_for(request, ingreso_id, permissions.CHANGE_CYCLE)
    if estado not in EstadoIngreso.values:
        messages.error(request, "Estado desconocido.")
        return redirect(_back_to_follow(request))
    form = CycleStateForm(request.POST)
    if not form.is_valid():
        _flash_errors(request, ValidationError(form.errors))
        return redirect(_back_to_follow(request))
    data = form.cleaned_data
    try:
        services.change_cycle_state(
            ingreso.pk,
            estado,
            data["fecha_terminacion"],
            data["motivo_estado"],
            data["motivo_otro"],
            request.user,
        )
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(
            request,
            f"Ciclo de {ingreso.paciente.nombre_completo}: {EstadoIngreso(estado).label.lower()}.",
        )
    return redirect(_back_to_follow(request))


@require_POST
def new_cycle(request, patient_id: int):
    patient = get_patient_for(request, patient_id, permissions.ADD_CYCLE)
    form = NewCycleForm(request.POST)
    if not form.is_valid():
        _flash_errors(request, ValidationError(form.errors))
        return redirect(_back_to_follow(request))
    try:
        services.start_new_cycle(patient, form.cleaned_data["fecha_inicio"], request.user)
    except ValidationError as error:
        _flash_errors(request, error)
    else:
        messages.success(request, f"Nuevo ciclo iniciado para {patient.nombre_completo}.")
    return redirect(_back_to_follow(request))
