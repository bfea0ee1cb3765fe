"""Uploading device data from the patient's clinical page."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect
from django.views.decorators.http import require_POST

from exams.registry import get_record_type
from exams.services import NOT_ACTIVE_MESSAGE
from patients.access import get_patient_for
from therapy import services
from therapy.forms import DeviceFileForm
from therapy.readers import DeviceFileError
from users.permissions import can_register


@require_POST
def upload(request, patient_id: int):
    """Import an STR.edf, SD-card .zip or CSV into the patient's ACTIVO cycle."""
    patient = get_patient_for(
        request,
        patient_id,
        lambda user: can_register(user, get_record_type("monitoreo")),
        message="Su perfil no puede registrar monitoreos de adherencia.",
    )
    ingreso = patient.ingreso_activo
    if ingreso is None:
        messages.error(request, NOT_ACTIVE_MESSAGE)
        return redirect("exams:clinical", patient_id=patient.pk)
    form = DeviceFileForm(request.POST, request.FILES)
    if not form.is_valid():
        for error in form.errors["archivo"]:
            messages.error(request, f"No se importó nada: {error}")
        return redirect("exams:clinical", patient_id=patient.pk)
    upload = form.cleaned_data["archivo"]
    try:
        report = services.import_device_file(ingreso, upload.name, upload.read())
    except DeviceFileError as error:
        for problem in error.problems[:20]:
            messages.error(request, f"No se importó nada: {problem}")
    except ValidationError as error:
        for message in error.messages:
            messages.error(request, message)
    else:
        messages.success(request, f"Datos del equipo importados. {report.summary()}")
    return redirect("exams:clinical", patient_id=patient.pk)
