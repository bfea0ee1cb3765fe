"""Where the care plan listens: every write that can change a cycle's plan refreshes it in the
same transaction (``careplan.services.refresh_plans``).

- clinical records: ``exams.services.on_record_write`` (register, edit, void; the pages, the
  API, the admin and the importers all write through those services). A registration marks
  the items its date fulfils (``record_registered``, one statement: the write every save of a
  record pays); an edit or a void refreshes the cycle's plan;
- cycles: ``post_save`` of ``Ingreso`` (creation, start moved, suspension, reactivation,
  closure: every transition of ``patients.services`` saves the cycle), and
  ``patients.signals.cycles_written`` for cycles written in bulk (patient import, legacy import);
- patients: ``post_save`` of ``Patient`` (a program or EPS change; the database copies it onto
  the cycles before the signal runs).

A write that skips all of these (SQL typed by hand, a restore) is caught by
``manage.py refresh_care_plans --check`` and repaired by ``manage.py refresh_care_plans``.
"""

from django.db.models.signals import post_save

from patients.models import Ingreso, Patient
from patients.signals import cycles_written


def _record_written(record, change) -> None:
    from careplan.services import record_registered, refresh_plans
    from exams.registry import record_type_of
    from exams.services import Change

    if change is Change.REGISTERED and not record.anulado:
        record_registered(record.ingreso_id, record_type_of(record).slug, record.care_date)
    else:
        refresh_plans([record.ingreso_id])


def _cycle_saved(sender, instance, raw=False, **kwargs) -> None:
    if raw:
        return
    from careplan.services import refresh_plans

    refresh_plans([instance.pk])


def _patient_saved(sender, instance, created=False, raw=False, **kwargs) -> None:
    if raw or created:  # a new patient has no cycle yet: its first one is saved next
        return
    from careplan.services import refresh_plans

    refresh_plans(Ingreso.objects.filter(paciente_id=instance.pk).values_list("pk", flat=True))


def _cycles_written(sender, ingreso_ids=None, **kwargs) -> None:
    from careplan.services import refresh_plans

    refresh_plans(ingreso_ids)


def connect() -> None:
    from exams.registry import RECORD_TYPES
    from exams.services import on_record_write

    for record_type in RECORD_TYPES:
        on_record_write(record_type.model, _record_written)
    post_save.connect(_cycle_saved, sender=Ingreso, dispatch_uid="careplan_cycle_saved")
    post_save.connect(_patient_saved, sender=Patient, dispatch_uid="careplan_patient_saved")
    cycles_written.connect(_cycles_written, dispatch_uid="careplan_cycles_written")
