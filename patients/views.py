"""Patient and cycle pages (SPEC §3). Thin: forms validate, services write, selectors read."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from datamed.forms import attach_errors
from patients import selectors, services
from patients.choices import EstadoIngreso, MotivoCierre
from patients.forms import CycleStateForm, NewCycleForm, PatientForm, PatientSearchForm
from patients.models import Ingreso, Patient


def _page(request, queryset):
    return Paginator(queryset, settings.DATAMED_PAGE_SIZE).get_page(request.GET.get("page"))


def _querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def patient_list(request):
    form = PatientSearchForm(request.GET or None)
    search, mes = "", None
    if form.is_valid():
        search, mes = form.cleaned_data["q"] or "", form.cleaned_data["mes"]
    page = _page(request, selectors.active_cycles(search, mes))
    return render(
        request,
        "patients/patient_list.html",
        {"form": form, "page": page, "querystring": _querystring_without_page(request)},
    )


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
    patient = get_object_or_404(Patient, pk=pk)
    form = PatientForm(request.POST or None, instance=patient)
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
    return render(
        request,
        "patients/patient_form.html",
        {"form": form, "patient": patient, "cycles": cycles, "creating": False},
    )


def follow(request):
    search = request.GET.get("q", "").strip()[:100]
    page = _page(request, selectors.patients_with_cycles(search))
    return render(
        request,
        "patients/follow.html",
        {
            "page": page,
            "q": search,
            "querystring": _querystring_without_page(request),
            "closing_reasons": MotivoCierre.choices,
            "new_cycle_form": NewCycleForm(),
        },
    )


def _back_to_follow(request) -> str:
    target = request.POST.get("next", "")
    if target.startswith("/patients/") and "//" not in target:
        return target
    return reverse("patients:follow")


def _flash_errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


@require_POST
def change_state(request, ingreso_id: int, estado: str):
    ingreso = get_object_or_404(Ingreso, pk=ingreso_id)
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
    patient = get_object_or_404(Patient, pk=patient_id)
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
