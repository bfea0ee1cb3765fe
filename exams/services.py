"""Writes on clinical records: register, edit, void. Every path (page, admin, importer) uses these.

A record and its attention-log line are written in one transaction: both or neither. The
cycle's summaries of its records follow in the same statements, kept by the database
(``summaries/triggers.py``). Apps above ``exams`` that keep facts derived from a record type
(therapy's start, from the equipment delivery) subscribe with ``on_record_write`` and run
inside that transaction too.
"""

from collections.abc import Callable
from enum import Enum

from django.core.exceptions import ValidationError
from django.utils import timezone

from datamed.database_busy import atomic_write
from datamed.exceptions import StateConflict
from exams.models import ClinicalRecord, Seguimiento
from patients.choices import EstadoIngreso
from patients.models import Ingreso

NOT_ACTIVE_MESSAGE = (
    "El paciente no tiene un ciclo activo: los registros clínicos solo se agregan a un ciclo ACTIVO."
)
READ_ONLY_MESSAGE = "El ciclo de este registro no está activo: solo se puede consultar."


class Change(Enum):
    """What a write did to a record, for its subscribers."""

    #: a new valid record: it can only add a care date to its cycle
    REGISTERED = "registrado"
    #: an edit: any of its values (its care date too) may have changed
    EDITED = "editado"
    #: voided: its care date no longer counts
    VOIDED = "anulado"


Subscriber = Callable[[ClinicalRecord, Change], None]
_subscribers: dict[type[ClinicalRecord], list[Subscriber]] = {}


def on_record_write(model: type[ClinicalRecord], callback: Subscriber) -> None:
    """Call ``callback(record, change)`` after every register, edit or void of a ``model``
    record, in the same transaction (an app's ``AppConfig.ready`` subscribes; a repeat is
    ignored)."""
    callbacks = _subscribers.setdefault(model, [])
    if callback not in callbacks:
        callbacks.append(callback)


def _written(record: ClinicalRecord, change: Change) -> None:
    """The subscribers, after everything of the record (its log line included) is written: on
    PostgreSQL every write then locks the cycles' count rows before the count rows of the apps
    above (the care plan's), in the same order as a cycle's transition does, so two writes
    never wait for each other in opposite orders (a deadlock)."""
    for callback in _subscribers.get(type(record), ()):
        callback(record, change)


def _with_author(record: ClinicalRecord, user) -> ClinicalRecord:
    if user is not None and getattr(user, "is_authenticated", False):
        record._history_user = user
    return record


def register_record(record: ClinicalRecord, ingreso: Ingreso | None, user=None) -> ClinicalRecord:
    """Add a record to an ACTIVO cycle and, for attention types, its attention-log line.

    The record is validated before the write transaction begins: on SQLite that transaction
    holds the database's single write turn from its first statement, so every other save waits
    while it runs (and, inside it, each constraint check would need its own savepoint). The
    cycle is then read again under the lock; if it changed meanwhile, the record is validated
    again against it."""
    if ingreso is None or ingreso.estado != EstadoIngreso.ACTIVO:
        raise StateConflict(NOT_ACTIVE_MESSAGE)
    record.ingreso = ingreso
    if user is not None and getattr(user, "is_authenticated", False):
        record.registrado_por = user
    record.full_clean()
    return _add_record(record, ingreso, user)


@atomic_write
def _add_record(record: ClinicalRecord, validated_against: Ingreso, user) -> ClinicalRecord:
    locked = Ingreso.objects.select_for_update().get(pk=validated_against.pk)
    if locked.estado != EstadoIngreso.ACTIVO:
        raise StateConflict(NOT_ACTIVE_MESSAGE)
    record.ingreso = locked
    if (locked.fecha_inicio, locked.paciente_id) != (
        validated_against.fecha_inicio,
        validated_against.paciente_id,
    ):
        record.full_clean()
    _with_author(record, user).save()
    if record.writes_attention_log:
        Seguimiento.objects.create(
            ingreso=locked,
            registrado_por=record.registrado_por,
            fecha_atencion=record.care_date,
            tipo_servicio=type(record).__name__,
            registro_id=record.pk,
        )
    _written(record, Change.REGISTERED)
    return record


def check_editable(record: ClinicalRecord) -> None:
    """Only a valid record of an ACTIVO cycle can change; the others are kept as they are."""
    if record.anulado:
        raise StateConflict("Un registro anulado no se puede modificar.")
    if record.ingreso.estado != EstadoIngreso.ACTIVO:
        raise StateConflict(READ_ONLY_MESSAGE)


@atomic_write
def update_record(record: ClinicalRecord, user=None) -> ClinicalRecord:
    """Save an edited record (derived values recomputed) and keep its log line's date in step."""
    check_editable(record)
    record.full_clean()
    _with_author(record, user).save()
    if record.writes_attention_log:
        _log_lines(record).update(fecha_atencion=record.care_date)
    _written(record, Change.EDITED)
    return record


@atomic_write
def void_record(record: ClinicalRecord, reason: str, user=None) -> ClinicalRecord:
    """Void (anular) a record: it stays in the database and its history, hidden from the views."""
    if record.anulado:
        raise StateConflict("El registro ya estaba anulado.")
    if not (reason or "").strip():
        raise ValidationError({"motivo_anulacion": "Indique el motivo de la anulación."})
    record.anulado = True
    record.motivo_anulacion = reason.strip()
    record.anulado_el = timezone.now()
    if user is not None and getattr(user, "is_authenticated", False):
        record.anulado_por = user
    _with_author(record, user).save()
    _log_lines(record).update(anulado=True)
    _written(record, Change.VOIDED)
    return record


def _log_lines(record: ClinicalRecord):
    return Seguimiento.objects.filter(tipo_servicio=type(record).__name__, registro_id=record.pk)
