"""Writes on patients and cycles. Views, admin and importers call these, never the ORM directly.

Each function validates with ``full_clean()`` (Spanish messages) and runs in a transaction, so a
refused change leaves nothing behind. The acting user is attached to the history row.
"""

import datetime

from django.contrib.auth.models import AbstractBaseUser, AnonymousUser
from django.core.exceptions import ValidationError
from django.db.models import Max, Min
from simple_history.utils import bulk_create_with_history

from datamed.database_busy import atomic_write
from datamed.exceptions import StateConflict
from patients.choices import EstadoIngreso, MotivoCierre
from patients.models import DUPLICATE_DOCUMENT_MESSAGE, Ingreso, Patient, cycle_start_error, today
from patients.signals import cycles_written

User = AbstractBaseUser | AnonymousUser | None


def _save(instance, user: User) -> None:
    """Validate and save, recording ``user`` as the author of the history row."""
    instance.full_clean()
    if user is not None and getattr(user, "is_authenticated", False):
        instance._history_user = user
    instance.save()


def _validate_cycle_start(fecha_inicio: datetime.date | None, field: str, patient: Patient) -> None:
    """The checks of a cycle's start under the caller's field name, before anything is saved
    (the model's ``Ingreso.clean`` repeats the birth-date rule for any other writer)."""
    if fecha_inicio is None:
        raise ValidationError({field: "La fecha de ingreso al programa es obligatoria."})
    if fecha_inicio > today():
        raise ValidationError({field: "La fecha de ingreso al programa no puede estar en el futuro."})
    birth = patient.fecha_nacimiento
    # A birth date in the future is the patient's own error, which its validation reports.
    if birth and birth <= today() and (error := cycle_start_error(fecha_inicio, birth)):
        raise ValidationError({field: error})


@atomic_write
def create_patient(patient: Patient, fecha_inicio_programa: datetime.date, user: User = None) -> Patient:
    """Register a patient together with the first ACTIVO cycle starting on the given date."""
    _validate_cycle_start(fecha_inicio_programa, "fecha_inicio_programa", patient)
    _save(patient, user)
    _save(Ingreso(paciente=patient, fecha_inicio=fecha_inicio_programa), user)
    return patient


def _history_user(user: User):
    return user if user is not None and getattr(user, "is_authenticated", False) else None


@atomic_write
def create_patients(
    entries: list[tuple[Patient, datetime.date]], user: User = None, *, cleaned: bool = False
) -> list[Patient]:
    """Register many patients, each with its first ACTIVO cycle: ``create_patient`` in bulk.

    The same rules as one by one (model validation, the cycle start, one document per type),
    but with one query per 500 documents already taken and bulk inserts that also write the
    history rows, so a spreadsheet of thousands of patients imports in seconds.
    ``cleaned=True``: the caller already ran the patient form (and so the model's
    ``full_clean``) on every patient, which is not repeated.
    """
    errors: dict[int, ValidationError] = {}
    for index, (patient, fecha_inicio) in enumerate(entries):
        try:
            _validate_cycle_start(fecha_inicio, "fecha_inicio_programa", patient)
            if not cleaned:
                patient.full_clean(validate_constraints=False)
        except ValidationError as error:
            errors[index] = error
    keys = [(patient.tipo_documento, patient.documento) for patient, _ in entries]
    for index in _taken_documents(keys):
        errors[index] = ValidationError({"documento": DUPLICATE_DOCUMENT_MESSAGE})
    if errors:
        raise BulkValidationError(errors)
    patients = bulk_create_with_history(
        [patient for patient, _ in entries], Patient, batch_size=500, default_user=_history_user(user)
    )
    # The database copies the patient's EPS, program and names onto each cycle it inserts.
    cycles = [
        Ingreso(paciente=patient, fecha_inicio=start)
        for patient, (_, start) in zip(patients, entries, strict=True)
    ]
    for cycle in cycles:
        # The patient was inserted just above: no query to check that it exists.
        cycle.full_clean(exclude=["paciente"], validate_constraints=False)
    bulk_create_with_history(cycles, Ingreso, batch_size=500, default_user=_history_user(user))
    cycles_written.send(sender=Ingreso, ingreso_ids=[cycle.pk for cycle in cycles])
    return patients


def _taken_documents(keys: list[tuple[str, str]]) -> list[int]:
    """Indexes of ``keys`` that repeat an earlier key or an existing patient's document."""
    existing: set[tuple[str, str]] = set()
    for start in range(0, len(keys), 500):
        documents = {documento for _, documento in keys[start : start + 500]}
        existing.update(
            Patient.objects.filter(documento__in=documents).values_list("tipo_documento", "documento")
        )
    seen: set[tuple[str, str]] = set()
    taken = []
    for index, key in enumerate(keys):
        if key in existing or key in seen:
            taken.append(index)
        seen.add(key)
    return taken


class BulkValidationError(ValidationError):
    """Errors of a bulk write, by position of the entry: ``{index: ValidationError}``."""

    def __init__(self, errors: dict[int, ValidationError]):
        super().__init__([message for error in errors.values() for message in error.messages])
        self.by_index = errors


@atomic_write
def update_patient(
    patient: Patient, fecha_inicio_programa: datetime.date | None = None, user: User = None
) -> Patient:
    """Save the patient's data; a new program date moves the start of the ACTIVO cycle."""
    _save(patient, user)
    active = patient.ingresos.select_for_update().filter(estado=EstadoIngreso.ACTIVO).first()
    if active and fecha_inicio_programa and active.fecha_inicio != fecha_inicio_programa:
        move_cycle_start(active, fecha_inicio_programa, user, field="fecha_inicio_programa")
    return patient


def check_cycle_start(
    ingreso: Ingreso, fecha_inicio: datetime.date | None, field: str = "fecha_inicio"
) -> None:
    """Whether the cycle's start may move to ``fecha_inicio``: only an ACTIVO cycle's (the
    others are history), not into the future, not after the cycle's first care (its records
    would fall before the cycle, and mes cápita, which billing follows, counts from this date),
    not before the end of the patient's previous cycle. Errors are keyed by ``field``."""
    if ingreso.estado != EstadoIngreso.ACTIVO:
        _refuse("Solo se puede cambiar el inicio del ciclo activo.")
    _validate_cycle_start(fecha_inicio, field, ingreso.paciente)
    if fecha_inicio > ingreso.fecha_inicio:
        first_care = first_care_date(ingreso)
        if first_care and fecha_inicio > first_care:
            raise ValidationError(
                {
                    field: f"El ciclo tiene atenciones desde el {first_care:%d/%m/%Y}; el inicio no puede ser posterior."
                }
            )
    else:
        previous_end = (
            Ingreso.objects.filter(paciente_id=ingreso.paciente_id, fecha_fin__isnull=False)
            .exclude(pk=ingreso.pk)
            .aggregate(last=Max("fecha_fin"))["last"]
        )
        if previous_end and fecha_inicio < previous_end:
            raise ValidationError({field: "El ciclo no puede empezar antes del fin del ciclo anterior."})


def first_care_date(ingreso: Ingreso) -> datetime.date | None:
    """The earliest care the cycle holds: its attention log (exams.Seguimiento) and every
    valid record whose care date may not precede the cycle (an equipment delivery writes no
    log line; an imported record may have lost its line). The record types are found through the cycle's reverse relations, since they
    live in ``exams``, above this app; a study that may precede the cycle does not count."""
    dates = [ingreso.seguimientos.filter(anulado=False).aggregate(first=Min("fecha_atencion"))["first"]]
    for relation in Ingreso._meta.related_objects:
        model = relation.related_model
        if getattr(model, "care_date_may_precede_cycle", True) or getattr(
            model, "writes_attention_log", True
        ):
            continue
        records = model._default_manager.filter(**{relation.field.name: ingreso, "anulado": False})
        dates.append(records.aggregate(first=Min(model.care_date_field))["first"])
    return min((date for date in dates if date is not None), default=None)


@atomic_write
def move_cycle_start(
    ingreso: Ingreso, fecha_inicio: datetime.date | None, user: User = None, field: str = "fecha_inicio"
) -> Ingreso:
    """Move the start of an ACTIVO cycle (the patient's page and the admin call this)."""
    locked = Ingreso.objects.select_for_update().get(pk=ingreso.pk)
    if locked.fecha_inicio == fecha_inicio:
        return locked
    check_cycle_start(locked, fecha_inicio, field)
    locked.fecha_inicio = fecha_inicio
    try:
        _save(locked, user)
    except ValidationError as error:
        raise ValidationError({field: error.messages}) from error
    ingreso.fecha_inicio = fecha_inicio
    return locked


def _refuse(message: str) -> None:
    raise StateConflict(message)


def suspend_cycle(ingreso: Ingreso, fecha: datetime.date | None, motivo: str, user: User = None) -> Ingreso:
    """ACTIVO → SUSPENDIDO (e.g. waiting for equipment). Date and reason are required."""
    if ingreso.estado != EstadoIngreso.ACTIVO:
        _refuse("Solo un ciclo activo puede suspenderse.")
    errors = {}
    if fecha is None:
        errors["fecha_terminacion"] = "Indique la fecha de la suspensión."
    elif fecha < ingreso.fecha_inicio or fecha > today():
        errors["fecha_terminacion"] = "La fecha de suspensión debe estar entre el inicio del ciclo y hoy."
    if not (motivo or "").strip():
        errors["motivo_estado"] = "Indique el motivo de la suspensión."
    if errors:
        raise ValidationError(errors)
    ingreso.estado = EstadoIngreso.SUSPENDIDO
    ingreso.fecha_cambio_estado = fecha
    ingreso.motivo = motivo.strip()
    _save(ingreso, user)
    return ingreso


def reactivate_cycle(ingreso: Ingreso, fecha: datetime.date | None = None, user: User = None) -> Ingreso:
    """SUSPENDIDO → ACTIVO."""
    if ingreso.estado != EstadoIngreso.SUSPENDIDO:
        _refuse("Solo un ciclo suspendido puede reactivarse.")
    fecha = fecha or today()
    if fecha > today():
        raise ValidationError({"fecha_terminacion": "La fecha de reactivación no puede estar en el futuro."})
    ingreso.estado = EstadoIngreso.ACTIVO
    ingreso.fecha_cambio_estado = fecha
    _save(ingreso, user)
    return ingreso


def terminate_cycle(
    ingreso: Ingreso,
    fecha_fin: datetime.date | None,
    motivo_cierre: str,
    detalle: str = "",
    user: User = None,
) -> Ingreso:
    """ACTIVO or SUSPENDIDO → TERMINADO, with an end date and a closing reason from the list."""
    if not ingreso.is_open:
        _refuse("Un ciclo terminado no puede cambiar de estado.")
    errors = {}
    if fecha_fin is None:
        errors["fecha_terminacion"] = "Indique la fecha de terminación."
    elif fecha_fin < ingreso.fecha_inicio:
        errors["fecha_terminacion"] = "La fecha de terminación no puede ser anterior al inicio del ciclo."
    elif fecha_fin > today():
        errors["fecha_terminacion"] = "La fecha de terminación no puede estar en el futuro."
    if motivo_cierre not in MotivoCierre.values:
        errors["motivo_estado"] = "Elija un motivo de cierre de la lista."
    elif motivo_cierre == MotivoCierre.OTRO and not detalle.strip():
        errors["motivo_otro"] = "Describa el motivo de cierre."
    if errors:
        raise ValidationError(errors)
    ingreso.estado = EstadoIngreso.TERMINADO
    ingreso.fecha_fin = fecha_fin
    ingreso.fecha_cambio_estado = fecha_fin
    ingreso.motivo_cierre = motivo_cierre
    ingreso.motivo = detalle.strip() or MotivoCierre(motivo_cierre).label
    _save(ingreso, user)
    return ingreso


@atomic_write
def change_cycle_state(
    ingreso_id: int,
    estado: str,
    fecha: datetime.date | None,
    motivo: str,
    detalle: str = "",
    user: User = None,
) -> Ingreso:
    """Move a cycle to ``estado``; the one entry point for the state POST of SPEC §3."""
    ingreso = Ingreso.objects.select_for_update().get(pk=ingreso_id)
    if estado == EstadoIngreso.SUSPENDIDO:
        return suspend_cycle(ingreso, fecha, motivo, user)
    if estado == EstadoIngreso.ACTIVO:
        return reactivate_cycle(ingreso, fecha, user)
    if estado == EstadoIngreso.TERMINADO:
        return terminate_cycle(ingreso, fecha, motivo, detalle, user)
    raise ValidationError("Estado desconocido.")


@atomic_write
def start_new_cycle(patient: Patient, fecha_inicio: datetime.date | None, user: User = None) -> Ingreso:
    """Open a new ACTIVO cycle; allowed only when the patient has no open cycle."""
    Patient.objects.select_for_update().filter(pk=patient.pk).first()
    if patient.ingresos.open().exists():
        _refuse("El paciente ya tiene un ciclo abierto; termínelo antes de iniciar otro.")
    _validate_cycle_start(fecha_inicio, "fecha_inicio", patient)
    last_end = (
        patient.ingresos.exclude(fecha_fin=None)
        .order_by("-fecha_fin")
        .values_list("fecha_fin", flat=True)
        .first()
    )
    if last_end and fecha_inicio < last_end:
        raise ValidationError(
            {"fecha_inicio": "El nuevo ciclo no puede empezar antes del fin del ciclo anterior."}
        )
    ingreso = Ingreso(paciente=patient, fecha_inicio=fecha_inicio)
    _save(ingreso, user)
    return ingreso
