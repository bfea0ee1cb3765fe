"""Reads of the users app."""

import datetime

from django.utils import timezone

from users.models import ClinicalAccess


def access_report(patient, desde: datetime.date | None = None, hasta: datetime.date | None = None):
    """Every access to ``patient``'s clinical data, newest first, from ``desde`` to ``hasta``
    (Bogotá days, both included). The bounds are instants, so the patient's index
    (paciente, -consultado_el) answers the whole filter."""
    rows = ClinicalAccess.objects.filter(paciente=patient).select_related("usuario", "ingreso")
    if desde:
        rows = rows.filter(consultado_el__gte=_start_of(desde))
    if hasta:
        rows = rows.filter(consultado_el__lt=_start_of(hasta + datetime.timedelta(days=1)))
    return rows.order_by("-consultado_el", "-id")


def _start_of(day: datetime.date) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time.min))
